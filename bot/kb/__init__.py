"""Knowledge base: strict loading, validation and the immutable in-memory model with its typed
sections (the floor: it imports nothing else of `bot`). A whole knowledge version, checked:
`bot.kb.knowledge.load_knowledge`."""

from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.model import Clause, Document, Entry, KnowledgeBase

__all__ = ["Clause", "Document", "Entry", "KbError", "KbLoadFailed", "KnowledgeBase"]
