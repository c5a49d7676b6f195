"""The long crash soak: ≥ 20 SIGKILL rounds against the real bot process (QUALBOT_SOAK=1).

Run: `QUALBOT_SOAK=1 .venv/bin/pytest -s tests/soak` (about 2–4 minutes).
"""

from __future__ import annotations

import os

import pytest
from crash_harness import TOKEN, run_rounds

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(os.environ.get("QUALBOT_SOAK") != "1", reason="long soak: set QUALBOT_SOAK=1 to run"),
]


def test_twenty_five_kill_9_rounds_lose_no_confirmed_write(tmp_path):
    rounds = int(os.environ.get("QUALBOT_SOAK_ROUNDS", "25"))
    report = run_rounds(tmp_path, rounds=rounds, seed=int(os.environ.get("QUALBOT_SOAK_SEED", "7")))
    print("\nSOAK:", report.summary())
    assert report.rounds >= 20
    assert report.lost == [], "\n".join(report.lost)
    assert report.subscription_offered, "the build offers no 🔔 subscription button: subscriptions were not soaked"
    assert TOKEN.split(":")[1] not in (tmp_path / "bot.log").read_text(encoding="utf-8", errors="replace")
