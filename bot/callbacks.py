"""Every button action (Telegram callback data) in one table: its prefix and who owns it.

An action is `<prefix>` or `<prefix>:<field>:<field>…`, at most MAX_CALLBACK_BYTES bytes. The
prefix names the one part of the bot that answers the press; every button is built with a
`Prefix` from this table (`ENTRY(entry_id)` → "e:<entry_id>") and every press is dispatched by
`parse`, so two parts can never claim the same data. `tests/test_callbacks.py` checks that no
prefix is a prefix of another and that every button the bot produces parses to one owner.

Owners: the core's answers (`bot.core`), the guided dialogs (`bot.engine`), the exam calendar
(`bot.exams`), the profile and data pages (`bot.pages`, acted on by the face, which stores the
choice) and the staff tools (`bot.tg.staff`). The category specialist offers only answer buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback data
SEP = ":"

CORE = "core"
DIALOGS = "dialogs"
EXAMS = "exams"
PROFILE_PAGES = "pages"
STAFF_TOOLS = "staff"
OWNERS = (CORE, DIALOGS, EXAMS, PROFILE_PAGES, STAFF_TOOLS)


@dataclass(frozen=True)
class Prefix:
    """One row of the table; calling it builds an action: `ENTRY("faq-1")` → "e:faq-1"."""

    name: str
    owner: str
    meaning: str

    def __call__(self, *fields: object) -> str:
        return SEP.join((self.name, *(str(f) for f in fields)))

    def fields(self, action: str) -> str | None:
        """What follows `<prefix>:` in the action, or None when the action is not this prefix's
        with fields (the bare prefix gives None too)."""
        head = self.name + SEP
        return action[len(head) :] if action.startswith(head) else None

    def pattern(self, tail: str = "") -> str:
        """A regular expression for handler registration: this prefix's actions, `tail` after the colon."""
        return "^" + re.escape(self.name + SEP) + tail


# ---- the table -----------------------------------------------------------------------------
MENU = Prefix("menu", CORE, "the main menu (any fields are ignored)")
ENTRY = Prefix("e", CORE, "e:<entry>: an FAQ entry's answer")
SOURCES = Prefix("src", CORE, "src:<entry>: the clauses an answer cites, in full")
RELATED = Prefix("rel", CORE, "rel:<entry>: related questions")
FEEDBACK = Prefix("fb", CORE, "fb:<+|->:<entry>: 👍/👎 (the face stores the vote)")
TOPIC = Prefix("t", CORE, "t:<topic>: a topic's questions")
CLAUSE = Prefix("cl", CORE, "cl:<doc:clause>: one clause in full")
DIALOG = Prefix("dlg", DIALOGS, "dlg:…: guided dialogs (bot/engine/actions.py)")
EXAM = Prefix("x", EXAMS, "x:…: the exam calendar (bot/exams/actions.py)")
PROFILE = Prefix("profile", PROFILE_PAGES, "profile:edit | profile:role:<id> | profile:region:<name>")
FORGET = Prefix("forget", PROFILE_PAGES, "forget:yes | forget:no: delete the user's data")
STAFF = Prefix("staff", STAFF_TOOLS, "staff:bc:<go|no>:<key>: confirm a broadcast")
UPDATES = Prefix("updates", STAFF_TOOLS, "updates:<on|off>: policy-update notices opt-in")

PREFIXES: tuple[Prefix, ...] = (
    MENU,
    ENTRY,
    SOURCES,
    RELATED,
    FEEDBACK,
    TOPIC,
    CLAUSE,
    DIALOG,
    EXAM,
    PROFILE,
    FORGET,
    STAFF,
    UPDATES,
)
_BY_NAME = {p.name: p for p in PREFIXES}


def parse(action: str) -> tuple[Prefix, str] | None:
    """(prefix, the rest after its colon) for an action of ours; None for foreign or forged data."""
    head, _, rest = action.partition(SEP)
    prefix = _BY_NAME.get(head)
    return (prefix, rest) if prefix is not None else None


def owner_of(action: str) -> str | None:
    parsed = parse(action)
    return parsed[0].owner if parsed else None


def too_long(action: str) -> bool:
    return len(action.encode("utf-8", "surrogatepass")) > MAX_CALLBACK_BYTES
