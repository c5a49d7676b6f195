"""Transcript tests: conversations written as YAML (tests/transcripts/*.yaml), played through
the real Application against the offline Bot API.

A transcript:

    title: what the conversation shows
    knowledge: mini            # the tiny test knowledge base, `real` for knowledge/, or `assembled`
                               # for knowledge/ with every specialist (exam calendar, category book …)
    steps:
      - user says: /start      # or: user presses / user presses a button with data /
                               #     user edits the last message to / user sends (photo …) /
                               #     the bot crashes and restarts
        as: 老王               # optional: another person (default 小李)
        in: group              # optional: the test group chat (default: the private chat)
        replying to the bot: true
        bot answers: [您好]    # every string appears in what the user saw after this step
        shows buttons: [毕业生]
        does not show: [出了点问题]
        bot stays silent: true
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from telegram_fakes import ALICE, BOB, GROUP_CHAT, BotUnderTest, Shown

from bot.assembly import build_assistant
from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from bot.settings import Settings
from tests.support import TODAY

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))
PEOPLE = {ALICE.first_name: ALICE, BOB.first_name: BOB}
ACTIONS = (
    "user says",
    "user presses",
    "user presses a button with data",
    "user edits the last message to",
    "user sends",
    "the bot crashes and restarts",
)
CHECKS = ("bot answers", "shows buttons", "does not show", "bot stays silent")


def seen_text(shown: list[Shown]) -> str:
    return "\n".join(str(s) for s in shown) or "(nothing)"


async def play(step: dict, bot: BotUnderTest) -> list[Shown]:
    person = PEOPLE[step.get("as", ALICE.first_name)]
    user = bot.user(person, GROUP_CHAT if step.get("in") == "group" else None)
    if "user says" in step:
        return await user.says(str(step["user says"]), reply_to_bot=step.get("replying to the bot", False))
    if "user presses" in step:
        return await user.presses(step["user presses"])
    if "user presses a button with data" in step:
        return await user.presses_data(step["user presses a button with data"])
    if "user edits the last message to" in step:
        return await user.edits_last_message(step["user edits the last message to"])
    if "user sends" in step:
        return await user.sends(step["user sends"])
    await bot.crash_and_restart()
    return []


def check(step: dict, shown: list[Shown]) -> None:
    seen = seen_text(shown)
    for expected in step.get("bot answers", []):
        assert any(expected in s.text or expected == s.filename for s in shown), (
            f"expected {expected!r} after {step}; the user saw:\n{seen}"
        )
    buttons = [b for s in shown for b in s.button_texts]
    for expected in step.get("shows buttons", []):
        assert expected in buttons, f"expected a button {expected!r} after {step}; the user saw:\n{seen}"
    for unwanted in step.get("does not show", []):
        assert all(unwanted not in str(s) for s in shown), f"{unwanted!r} shown after {step}:\n{seen}"
    if step.get("bot stays silent"):
        assert shown == [], f"expected no reply after {step}; the user saw:\n{seen}"


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
async def test_transcript(path: Path, tmp_path: Path, mini_kb_dir: Path, request):
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    if script.get("knowledge") == "assembled":  # the real knowledge with every specialist, as `qualbot run` has it
        assistant = build_assistant(Settings(today=TODAY, data_dir=tmp_path / "data"))
    else:
        real = script.get("knowledge") == "real"
        brain = request.getfixturevalue("real_brain") if real else Brain(load_knowledge(mini_kb_dir, today=TODAY))
        assistant = Assistant(brain, clock=lambda: TODAY)
    bot = await BotUnderTest(tmp_path / "data", assistant).start()
    try:
        for number, step in enumerate(script["steps"], 1):
            unknown = set(step) - set(ACTIONS) - set(CHECKS) - {"as", "in", "replying to the bot"}
            assert not unknown, f"{path.name} step {number}: unknown keys {unknown}"
            assert sum(a in step for a in ACTIONS) == 1, f"{path.name} step {number}: needs exactly one action"
            check(step, await play(step, bot))
        assert "sendMessage" in bot.api.methods()
    finally:
        await bot.stop()
