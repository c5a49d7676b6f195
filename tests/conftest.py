"""Shared fixtures: the real knowledge base (loaded once) and a tiny synthetic one (tests/support)."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from tests.support import REAL_KB, TODAY, copy_mini_kb

# Hypothesis: `make test` (and so CI) uses the "ci" profile — a fixed seed (derandomize) and no
# example database, so a run is reproducible and its time predictable. Without it ("dev") every run
# explores new examples. QUALBOT_HYPOTHESIS_EXAMPLES raises the per-test budgets for a longer hunt.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_COMMON)
hypothesis_settings.register_profile("dev", **_COMMON)
hypothesis_settings.load_profile(os.environ.get("QUALBOT_HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def real_kb():
    return load_knowledge(REAL_KB, today=TODAY)


@pytest.fixture(scope="session")
def real_brain(real_kb):
    return Brain(real_kb)


@pytest.fixture
def assistant(real_brain):
    return Assistant(real_brain, clock=lambda: TODAY)


@pytest.fixture
def mini_kb_dir(tmp_path: Path) -> Path:
    """A tiny, valid knowledge folder that tests may break on purpose (a copy of tests/support/knowledge)."""
    return copy_mini_kb(tmp_path)


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text), encoding="utf-8")


# ---- a real PostgreSQL for the storage tests (issue 12) -------------------------------------
# Started once per test session from the `pgserver` package (a PostgreSQL build shipped on PyPI,
# no system install). If it cannot start, every PostgreSQL test errors: nothing is skipped.
@pytest.fixture(scope="session")
def pg_server():
    import tempfile
    import warnings

    with warnings.catch_warnings():  # platformdirs warns that XDG_RUNTIME_DIR is unset (CI, root)
        warnings.simplefilter("ignore")
        import pgserver

    root = Path(tempfile.mkdtemp(prefix="qbpg-", dir="/tmp"))  # short: the socket path has a length limit
    server = pgserver.get_server(root, cleanup_mode="stop")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


_DATABASES = iter(range(1, 1_000_000))


def pg_database_url(server, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server.get_uri())
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def pg_url(pg_server):
    """A fresh, migrated database on the session's server; dropped afterwards."""
    import psycopg

    from bot.store.migrations import migrate

    name = f"qb_test_{next(_DATABASES)}"
    with psycopg.connect(pg_server.get_uri(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = pg_database_url(pg_server, name)
    with psycopg.connect(url) as conn:
        migrate(conn)
    yield url
    with psycopg.connect(pg_server.get_uri(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
