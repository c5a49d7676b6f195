"""Bad input, proven on the brain: whatever a user types or whatever callback data arrives,
the Assistant (FAQ matching, exam calendar, guided dialogs) answers with a reply that fits
Telegram — never an exception, never markup from the user, never a template evaluated.

Hypothesis example counts are modest so `make test` stays fast; QUALBOT_HYPOTHESIS_EXAMPLES
raises them for a longer hunt. The Telegram face gets the same inputs in
`test_hardening_telegram.py`.
"""

from __future__ import annotations

import os

import pytest
from hardening_checks import assert_telegram_safe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Assistant
from tests.support import full_assistant
from tests.support.inputs import ACTION, NAMED, STALE_OR_FORGED, TEXT

EXAMPLES = int(os.environ.get("QUALBOT_HYPOTHESIS_EXAMPLES", "60"))
hardening = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COMMANDS = [
    "start",
    "menu",
    "help",
    "exams",
    "subscriptions",
    "dialogs",
    "guide",
    "cancel",
    "title",
    "skill",
    "xiangang",
    "equivalence",
    "internship",
    "mydata",
    "forget",
    "stats",
    "reload",
    "broadcast",
    "nonsense",
]


@pytest.fixture(scope="module")
def brain_with_everything(real_brain):
    """The real knowledge with every specialist a face would plug in (exams, dialogs)."""
    return full_assistant(real_brain)


def ctx_of(assistant: Assistant, user_id: int = 4242, audience: str | None = None):
    return assistant.context(audience=audience, region="浙江", user_id=user_id)


def assert_not_evaluated(typed: str, reply_text: str, product: int) -> None:
    if str(product) not in typed:
        assert str(product) not in reply_text, f"{typed!r} was evaluated as a template: {reply_text[:300]!r}"


# ---- properties ------------------------------------------------------------------------------------
@hardening
@given(text=TEXT, audience=st.sampled_from([None, "graduate", "employer", "staff"]))
def test_any_text_gets_a_telegram_safe_reply(brain_with_everything, text, audience):
    assistant = brain_with_everything
    session: dict = {}
    assert_telegram_safe(assistant.ask(text, ctx_of(assistant, audience=audience), session))


@hardening
@given(action=ACTION)
def test_any_callback_data_gets_a_telegram_safe_reply_never_an_error(brain_with_everything, action):
    assistant = brain_with_everything
    assert_telegram_safe(assistant.handle_action(action, ctx_of(assistant), {}))


@hardening
@given(command=st.one_of(st.sampled_from(COMMANDS), st.text(max_size=20)), argument=TEXT)
def test_any_command_and_argument_is_answered_or_passed_on_safely(brain_with_everything, command, argument):
    assistant = brain_with_everything
    reply = assistant.handle_command(command, argument, ctx_of(assistant), {})
    if reply is not None:
        assert_telegram_safe(reply)


@hardening
@given(
    a=st.integers(11, 99),
    b=st.integers(11, 99),
    wrapper=st.sampled_from(["{{ %s }}", "{{%s}}", "{%% set x = %s %%}{{ x }}", "${%s}", "#{%s}", "{{ '%s' }}"]),
)
def test_user_text_is_never_evaluated_as_a_template(brain_with_everything, a, b, wrapper):
    assistant = brain_with_everything
    typed = wrapper % f"{a}*{b}"
    assert_not_evaluated(typed, assistant.ask(typed, ctx_of(assistant), {}).text, a * b)
    for dialog in ("title", "skill", "equivalence", "xiangang"):
        session: dict = {}
        started = assistant.handle_command(dialog, "", ctx_of(assistant), session)
        if started is None:
            continue
        assert_not_evaluated(typed, assistant.ask(typed, ctx_of(assistant), session).text, a * b)


# A dialog walk: start a dialog, then press offered buttons, type anything, or send forged data.
STEP = st.one_of(
    st.tuples(st.just("press"), st.integers(0, 20)),
    st.tuples(st.just("type"), TEXT),
    st.tuples(st.just("forge"), ACTION),
    st.tuples(st.just("command"), st.sampled_from(["cancel", "dialogs", "title", "skill", "menu"])),
)


@hardening
@given(
    dialog=st.sampled_from(["title", "skill", "equivalence", "xiangang", "internship"]),
    steps=st.lists(STEP, max_size=12),
)
def test_any_walk_through_a_dialog_stays_safe_and_the_session_stays_json(brain_with_everything, dialog, steps):
    import json

    assistant = brain_with_everything
    session: dict = {}
    ctx = ctx_of(assistant)
    reply = assistant.handle_command(dialog, "", ctx, session)
    if reply is None:
        return  # this dialog is not in the build
    for kind, value in steps:
        assert_telegram_safe(reply)
        json.dumps(session)  # the face persists it as JSON
        if kind == "press":
            buttons = reply.all_buttons()
            reply = assistant.handle_action(buttons[value % len(buttons)].action, ctx, session) if buttons else reply
        elif kind == "type":
            reply = assistant.ask(value, ctx, session)
        elif kind == "forge":
            reply = assistant.handle_action(value, ctx, session)
        else:
            reply = assistant.handle_command(value, "", ctx, session) or assistant.menu(ctx)
    assert_telegram_safe(reply)


# ---- named cases -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", NAMED.values(), ids=NAMED.keys())
def test_named_hostile_text_is_answered_safely_by_matching_and_every_dialog(brain_with_everything, text):
    assistant = brain_with_everything
    reply = assistant.ask(text, ctx_of(assistant), {})
    visible = "".join(assert_telegram_safe(reply))
    assert "49" not in visible or "49" in text
    assert "<script>" not in reply.text
    for dialog in ("title", "skill", "equivalence", "xiangang", "internship"):
        session: dict = {}
        if assistant.handle_command(dialog, "", ctx_of(assistant), session) is None:
            continue
        answered = assistant.ask(text, ctx_of(assistant), session)
        assert "49" not in "".join(assert_telegram_safe(answered)) or "49" in text
        assert_telegram_safe(assistant.handle_command(dialog, text, ctx_of(assistant), {}) or assistant.menu())


def test_jinja_in_a_question_is_shown_as_typed_never_run(brain_with_everything):
    assistant = brain_with_everything
    assert "49" not in assistant.ask("{{ 7*7 }}", ctx_of(assistant), {}).text
    shown = assistant.ask("{% if true %}evaluated{% endif %}", ctx_of(assistant), {}).plain_text
    assert "evaluated" not in shown or "{% if true %}" in shown


@pytest.mark.parametrize("data", STALE_OR_FORGED.values(), ids=STALE_OR_FORGED.keys())
def test_stale_or_forged_callback_data_is_answered_safely(brain_with_everything, data):
    reply = brain_with_everything.handle_action(data, ctx_of(brain_with_everything), {})
    assert_telegram_safe(reply)


def test_a_dialog_button_from_another_users_message_cannot_touch_my_session(brain_with_everything):
    """Buttons carry no user id: whoever presses acts on their own session only."""
    assistant = brain_with_everything
    alice: dict = {}
    bob: dict = {}
    question = assistant.handle_command("title", "", ctx_of(assistant, 1), alice)
    assert question is not None
    alice_before = dict(alice)
    for button in question.all_buttons():
        assert_telegram_safe(assistant.handle_action(button.action, ctx_of(assistant, 2), bob))
    assert alice == alice_before
