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
from typing import Any

TODAY = dt.date(2026, 11, 21)
SUPPORT = Path(__file__).resolve().parent
MINI_KB = SUPPORT / "knowledge"
REAL_KB = SUPPORT.parent.parent / "knowledge"  # the staff's knowledge: only for tests of real-data behaviour
MINI_EXAMS = (SUPPORT / "exams" / "2026.yaml").read_text(encoding="utf-8")  # one exam, for calendar tests


def copy_mini_kb(tmp_path: Path) -> Path:
    """A writable copy of the tiny knowledge folder (tests may break it on purpose)."""
    target = tmp_path / "knowledge"
    shutil.copytree(MINI_KB, target)
    return target


def add_mini_exams(root: Path) -> Path:
    """Put the one-exam calendar (tests/support/exams/2026.yaml) into a knowledge folder."""
    (root / "exams").mkdir(exist_ok=True)
    path = root / "exams" / "2026.yaml"
    path.write_text(MINI_EXAMS, encoding="utf-8")
    return path


def add_mini_rules(root: Path) -> Path:
    """Put the one-table rules file (tests/support/rules/mini.yaml) into a knowledge folder."""
    (root / "rules").mkdir(exist_ok=True)
    path = root / "rules" / "mini.yaml"
    shutil.copyfile(SUPPORT / "rules" / "mini.yaml", path)
    return path


def copy_real_kb(tmp_path: Path) -> Path:
    """A writable copy of the real knowledge folder (for tests of what a staff edit does)."""
    target = tmp_path / "knowledge"
    shutil.copytree(REAL_KB, target)
    return target


def add_extract_exams(root: Path) -> Path:
    """Put the six-exam extract of the 2026 calendar (tests/support/exams-extract) into a knowledge folder."""
    (root / "exams").mkdir(exist_ok=True)
    path = root / "exams" / "2026.yaml"
    shutil.copyfile(SUPPORT / "exams-extract" / "2026.yaml", path)
    return path


def full_assistant(brain: Any, dialogs: Path | None = None, now: Any = None) -> Any:
    """An Assistant on `brain` with every specialist a face plugs in (exam calendar, dialogs),
    on the test clock; `dialogs` defaults to the real dialogs folder, `now` to the real clock."""
    from bot.core import Assistant
    from bot.engine.specialist import DialogSpecialist
    from bot.exams.specialist import ExamSpecialist

    assistant = Assistant(brain, clock=lambda: TODAY)
    extra = {"now": now} if now is not None else {}
    assistant.specialists += [
        ExamSpecialist(lambda: assistant.kb.exams),
        DialogSpecialist(dialogs or REAL_KB.parent / "dialogs", lambda: assistant.kb, **extra),
    ]
    return assistant


def converse(assistant: Any, *messages: str) -> list[Any]:
    """The replies to `messages` asked one after another in one conversation (one session)."""
    session: dict[str, Any] = {}
    return [assistant.ask(message, session=session) for message in messages]


def staff_check_in_its_own_process(*args: str, env: dict[str, str] | None = None) -> str:
    """`python -m bot --today … <args>` (a `kb check` or `dialogs check`) as staff run it,
    without this process's QUALBOT_* settings (plus `env`); returns stdout + stderr after
    asserting the exit status 1 (errors found)."""
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUALBOT_")} | (env or {})
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--today", TODAY.isoformat(), *args],
        cwd=REAL_KB.parent,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-2000:]
    return output


def kb_check_in_its_own_process(knowledge: Path) -> str:
    """`kb check` of `knowledge` in its own process (staff_check_in_its_own_process)."""
    return staff_check_in_its_own_process("--knowledge", str(knowledge), "kb", "check")
