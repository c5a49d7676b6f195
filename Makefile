# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/qualbot run

test: $(STAMP)
	$(BIN)/ruff check bot tests bench tools
	$(BIN)/qualbot kb check
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench tools

check: $(STAMP)
	$(BIN)/qualbot kb check

eval: $(STAMP)
	@for set in ../shared/eval/questions*.jsonl; do echo "== $$set"; QUALBOT_DATA_DIR=$$(mktemp -d) $(BIN)/qualbot eval $$set || exit 1; done

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
