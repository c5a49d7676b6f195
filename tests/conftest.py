"""Shared fixtures: the real knowledge base (loaded once) and a tiny synthetic one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from bot.settings import PROJECT_ROOT

# Hypothesis: `make test` (and so CI) uses the "ci" profile — a fixed seed (derandomize) and no
# example database, so a run is reproducible and its time predictable. Without it ("dev") every run
# explores new examples. QUALBOT_HYPOTHESIS_EXAMPLES raises the per-test budgets for a longer hunt.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_COMMON)
hypothesis_settings.register_profile("dev", **_COMMON)
hypothesis_settings.load_profile(os.environ.get("QUALBOT_HYPOTHESIS_PROFILE", "dev"))

REAL_KB = PROJECT_ROOT / "knowledge"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def real_kb():
    return load_knowledge(REAL_KB, today=TODAY)


@pytest.fixture(scope="session")
def real_brain(real_kb):
    return Brain(real_kb)


@pytest.fixture
def assistant(real_brain):
    return Assistant(real_brain, clock=lambda: TODAY)


MINI_SOURCE = "关于测试的通知\n一、用人单位在2020年12月31日前招聘高校毕业生的，不得将取得上述职业资格作为限制性条件。\n二、见习人员见习满15个工作日的，按1个月发放基本生活补助。\n"

MINI_DOC = """\
id: mini-doc
title: 关于测试的通知
doc_no: "测发〔2020〕1号"
issuer: 测试厅
region: 全国
kind: notice
issued: "2020-05-01"
status: ended
temporary:
  until: "2020-12-31"
  note: 招聘限制条件的规定适用于2020年12月31日前的招聘
source:
  file: mini.txt
last_reviewed: "2026-11-21"
frame: [关于测试的通知]
clauses:
  - id: "1"
    label: 一
    text: 一、用人单位在2020年12月31日前招聘高校毕业生的，不得将取得上述职业资格作为限制性条件。
  - id: "2"
    label: 二
    text: 二、见习人员见习满15个工作日的，按1个月发放基本生活补助。
"""

MINI_FAQ = """\
topic: mini
title: 测试话题
entries:
  - id: mini-hiring
    title: 招聘能否要求职业资格
    audience: [employer]
    questions:
      - 招聘高校毕业生能把职业资格作为限制条件吗
      - 招应届生可以要求有资格证吗
      - 招聘限制性条件
    answer: |
      按当时的规定，不能。{{ quote("mini-doc:1", "不得", "条件。") }}
    cites: ["mini-doc:1"]
  - id: mini-allowance
    title: 见习生活补助怎么发
    audience: [graduate]
    questions:
      - 见习不满一个月生活补助怎么算
      - 见习十五个工作日发多少补助
      - 见习补助发放
    answer: |
      {{ quote("mini-doc:2") }}
    cites: ["mini-doc:2"]
"""


@pytest.fixture
def mini_kb_dir(tmp_path: Path) -> Path:
    """A tiny, valid knowledge folder that tests may break on purpose."""
    root = tmp_path / "knowledge"
    for sub in ("documents", "faq", "synonyms", "sources"):
        (root / sub).mkdir(parents=True)
    (root / "sources" / "mini.txt").write_text(MINI_SOURCE, encoding="utf-8")
    (root / "documents" / "mini-doc.yaml").write_text(MINI_DOC, encoding="utf-8")
    (root / "faq" / "mini.yaml").write_text(MINI_FAQ, encoding="utf-8")
    (root / "synonyms" / "mini.yaml").write_text(
        "groups:\n  - canonical: 高校毕业生\n    variants: [应届生, 大学生]\n", encoding="utf-8"
    )
    return root


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def copy_real_kb(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(REAL_KB, target)
    return target


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
