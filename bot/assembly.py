"""Builds the one Assistant every face uses: knowledge → brain → specialists."""

from __future__ import annotations

from bot.core import Assistant, Brain
from bot.kb import load_knowledge
from bot.settings import Settings


def build_assistant(settings: Settings) -> Assistant:
    kb = load_knowledge(settings.knowledge_dir, today=settings.today)
    return Assistant(Brain(kb), clock=settings.clock(), specialists=[])
