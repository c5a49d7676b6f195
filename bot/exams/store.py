"""What the exam features need from storage, and an in-memory implementation.

The production store is bot.storage.Storage (TinyDB), which provides exactly these methods.
The in-memory one serves the terminal chat, `qualbot ask` and the tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol


class SubscriptionStore(Protocol):
    def add_subscription(self, user_id: int, exam_id: str) -> bool: ...

    def remove_subscription(self, user_id: int, exam_id: str) -> bool: ...

    def subscriptions(self, user_id: int | None = None) -> list[dict[str, Any]]: ...

    def mark_reminder_sent(self, key: str) -> bool: ...

    def reminder_sent(self, key: str) -> bool: ...


class InMemorySubscriptionStore:
    """Same contract as bot.storage.Storage's subscription methods; nothing survives the process."""

    def __init__(self) -> None:
        self._subscriptions: dict[tuple[int, str], str] = {}
        self._sent: set[str] = set()

    def add_subscription(self, user_id: int, exam_id: str) -> bool:
        """True when new; False when the user already had it."""
        if (user_id, exam_id) in self._subscriptions:
            return False
        self._subscriptions[(user_id, exam_id)] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return True

    def remove_subscription(self, user_id: int, exam_id: str) -> bool:
        return self._subscriptions.pop((user_id, exam_id), None) is not None

    def subscriptions(self, user_id: int | None = None) -> list[dict[str, Any]]:
        return [
            {"user_id": uid, "exam_id": exam_id, "created": created}
            for (uid, exam_id), created in self._subscriptions.items()
            if user_id is None or uid == user_id
        ]

    def mark_reminder_sent(self, key: str) -> bool:
        """False if it was already marked (so a reminder goes out once, whoever asks first)."""
        if key in self._sent:
            return False
        self._sent.add(key)
        return True

    def reminder_sent(self, key: str) -> bool:
        return key in self._sent
