"""One table of button prefixes (bot/callbacks.py), each with one owner (issue 14, part 2).

- no two prefixes collide: none equals or begins another, so an action can never be read by two
  owners;
- every button is built through the table: no `Button(…)` in bot/ spells its action as a literal;
- every button the bot produces — from the menu, the pages, the specialists' commands, answers to
  real questions, and every button pressed from there — parses to exactly one owner.
"""

from __future__ import annotations

import ast
import itertools
import json
from collections import deque
from pathlib import Path

import pytest

from bot import callbacks, pages
from bot.callbacks import PREFIXES
from bot.reply import Button, Reply
from bot.settings import PROJECT_ROOT, Settings
from tests.support import TODAY

BOT = PROJECT_ROOT / "bot"


def test_no_prefix_is_a_prefix_of_another():
    for a, b in itertools.permutations(PREFIXES, 2):
        assert not b.name.startswith(a.name), f"{a.name!r} ({a.owner}) is a prefix of {b.name!r} ({b.owner})"
    assert all(p.name and callbacks.SEP not in p.name for p in PREFIXES)


def test_every_prefix_has_a_known_owner_and_every_owner_a_prefix():
    assert {p.owner for p in PREFIXES} == set(callbacks.OWNERS)


def test_building_and_parsing_agree():
    for prefix in PREFIXES:
        action = prefix("a", "b")
        assert callbacks.parse(action) == (prefix, "a:b")
        assert prefix.fields(action) == "a:b" and prefix.fields(prefix.name) is None
    assert callbacks.parse("nobody:x") is None and callbacks.owner_of("") is None


def _literal_actions(path: Path) -> list[str]:
    """`Button(text, "literal")` or an f-string action: built outside the table."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "Button" and len(node.args) >= 2:
            action = node.args[1]
        elif name == "InlineKeyboardButton":
            action = next((k.value for k in node.keywords if k.arg == "callback_data"), None)
        else:
            continue
        if isinstance(action, (ast.Constant, ast.JoinedStr)):
            found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    return found


def test_every_button_in_bot_is_built_through_the_table():
    literal = [where for path in sorted(BOT.rglob("*.py")) for where in _literal_actions(path)]
    assert literal == []


@pytest.fixture(scope="module")
def production_assistant(tmp_path_factory):
    """The assistant the bot runs (bot.assembly), on the real knowledge and dialogs."""
    from bot.assembly import build_assistant

    return build_assistant(Settings(today=TODAY, data_dir=tmp_path_factory.mktemp("data")))


def _starting_replies(assistant) -> list[Reply]:
    words = assistant.profile_words
    replies = [assistant.menu(assistant.context(role)) for role in (None, *words.audiences)]
    replies += [
        pages.role_question(words),
        *(pages.region_question(role, words) for role in words.audiences),
        pages.help_page(assistant.kb),
        pages.about_page(assistant.kb),
        pages.privacy_page(),
        pages.forget_confirmation(),
        pages.forget_cancelled(),
        assistant.expired(),
        assistant.unknown_command("nosuchthing"),
    ]
    for name, _ in pages.command_list(assistant.specialists):
        reply = assistant.handle_command(name, "", assistant.context("employer", "浙江"), {})
        if reply is not None:
            replies.append(reply)
    golden = PROJECT_ROOT / "tests" / "golden" / "heldout.jsonl"
    for line in golden.read_text(encoding="utf-8").splitlines()[:30]:
        record = json.loads(line)
        replies.append(assistant.ask(record["q"], assistant.context(record.get("audience")), {}))
    return replies


def test_every_button_the_bot_produces_parses_to_exactly_one_owner(production_assistant):
    assistant = production_assistant
    seen: dict[str, Button] = {}
    queue = deque(_starting_replies(assistant))
    session: dict = {}
    pressed = 0
    while queue and pressed < 600:
        reply = queue.popleft()
        for button in reply.all_buttons():
            if button.action in seen:
                continue
            seen[button.action] = button
            owners = [
                p for p in PREFIXES if button.action == p.name or button.action.startswith(p.name + callbacks.SEP)
            ]
            assert len(owners) == 1, f"{button} is claimed by {[p.owner for p in owners]}"
            assert callbacks.owner_of(button.action) == owners[0].owner
            assert not callbacks.too_long(button.action), button
            if owners[0].owner in (callbacks.PROFILE_PAGES, callbacks.STAFF_TOOLS):
                continue  # the face's to act on (and storing a choice is not this test's business)
            pressed += 1
            queue.append(assistant.handle_action(button.action, assistant.context("employer", "浙江"), session))
    owners = {callbacks.owner_of(a) for a in seen}
    assert {callbacks.CORE, callbacks.DIALOGS, callbacks.EXAMS, callbacks.PROFILE_PAGES} <= owners, owners
    assert len(seen) > 100 and pressed > 100, (len(seen), pressed)
