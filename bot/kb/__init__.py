"""Knowledge base: strict loading, validation and the immutable in-memory model."""

from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.loader import load_knowledge
from bot.kb.model import Clause, Document, Entry, KnowledgeBase

__all__ = ["Clause", "Document", "Entry", "KbError", "KbLoadFailed", "KnowledgeBase", "load_knowledge"]
