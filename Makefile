# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exact, hashed versions of every dependency (runtime: requirements.lock, used by the Dockerfile;
# runtime + dev tools: requirements-dev.lock, used here and so by CI). `make lock` regenerates them.
LOCK := requirements-dev.lock
# The suite runs on up to four cores (pytest-xdist), a test file at a time in one worker, so that
# a file's module fixtures (the blind-set scores, the calibration probes) are made once.
# A fixed hypothesis seed and budget in CI runs (see tests/conftest.py); raise for a longer hunt.
export QUALBOT_HYPOTHESIS_PROFILE ?= ci

.PHONY: run test lint check bench eval clean lock

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Qualbot needs Python >= 3.11 (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV) || (rm -rf $(VENV); exit 1)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/qualbot run

test: $(STAMP)
	$(BIN)/ruff check bot tests bench tools
	$(BIN)/ruff format --check bot tests bench tools
	$(BIN)/mypy
	$(BIN)/qualbot kb check
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench tools
	$(BIN)/ruff format --check bot tests bench tools
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/qualbot kb check

eval: $(STAMP)
	@for set in ../shared/eval/questions*.jsonl; do echo "== $$set"; QUALBOT_DATA_DIR=$$(mktemp -d) $(BIN)/qualbot eval $$set || exit 1; done

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache build *.egg-info

# Needs pip-tools (pip install pip-tools); pins what the current .venv resolved to, with hashes.
lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable > .lock-constraints.txt
	pip-compile -q --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --no-header \
		--constraint .lock-constraints.txt --output-file requirements.lock pyproject.toml
	pip-compile -q --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --no-header \
		--allow-unsafe --extra dev --constraint .lock-constraints.txt --output-file requirements-dev.lock pyproject.toml
	sed -i '/^    #   -c .lock-constraints.txt$$/d' requirements.lock requirements-dev.lock
	rm -f .lock-constraints.txt
