"""How a slash command is read from a message, the same way in every face."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Telegram's own rule for a command: "/" then up to 32 Latin letters, digits and underscores,
# optionally addressed to one bot ("/exams@qualbot"); whatever follows is its argument.
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?")
MAX_ARGUMENT = 512


@dataclass(frozen=True)
class Command:
    name: str  # empty when "/" is followed by no command characters ("/考试")
    addressee: str  # the bot it is addressed to, or ""
    argument: str


def read_command(text: str) -> Command:
    """The command a message starting with "/" gives: never more of the text than Telegram's rule
    allows in its name (so a reply echoing the name echoes nothing else the user typed)."""
    found = _COMMAND.match(text)
    if found is None:
        return Command("", "", text[1:].strip()[:MAX_ARGUMENT])
    return Command(found.group(1), found.group(2) or "", text[found.end() :].strip()[:MAX_ARGUMENT])
