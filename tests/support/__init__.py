"""Test support, as python-telegram-bot's tests/auxil: the test clock and small knowledge fixtures.

`tests/support/knowledge/` is a tiny knowledge folder the unit tests own (one document, two FAQ
entries, synonyms, the profile vocabulary): tests of mechanics — matching, rendering, loader
errors, dialogs — run on it, so a staff edit to the real `knowledge/` cannot break them.
Behaviour on the real knowledge is specified in YAML/JSONL (tests/golden, tests/transcripts,
tests/dialog_transcripts) that staff update with the knowledge.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

TODAY = dt.date(2026, 11, 21)
SUPPORT = Path(__file__).resolve().parent
MINI_KB = SUPPORT / "knowledge"


def copy_mini_kb(tmp_path: Path) -> Path:
    """A writable copy of the tiny knowledge folder (tests may break it on purpose)."""
    target = tmp_path / "knowledge"
    shutil.copytree(MINI_KB, target)
    return target
