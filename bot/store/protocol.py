"""The storage contract: everything the faces and specialists keep about users, in one Protocol.

Two implementations pass the same contract suite (tests/test_store_contract.py):
`bot.store.tinydb_store.TinyDBStore` (embedded files, one process, the default) and
`bot.store.postgres.PostgresStore` (when QUALBOT_DATABASE_URL is set; several workers).
`bot.store.open_storage(settings)` is the only constructor the application uses.

Every method that changes something a user is told about is durable when it returns
(TinyDB: temp file + fsync + rename; PostgreSQL: committed). A store that cannot reach its
data raises `StorageUnavailable`; the Telegram face then asks the user to retry instead of
confirming anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol, runtime_checkable


class StorageUnavailable(RuntimeError):
    """The store cannot be reached now (database down, connection lost): nothing was saved."""


class NewerSchema(RuntimeError):
    """The database was migrated by a newer Qualbot; this version must not write to it."""


@runtime_checkable
class Store(Protocol):
    kind: str  # "tinydb" | "postgres"

    # ---- profiles (and the broadcast marks `blocked`, `updates_asked` set as profile flags) --
    def profile(self, user_id: int) -> dict[str, Any] | None: ...
    def save_profile(
        self, user_id: int, *, role: str | None = None, region: str | None = None, updates: bool | None = None
    ) -> dict[str, Any]: ...
    def set_profile_flag(self, user_id: int, name: str, value: object) -> None: ...
    def profiles(self) -> list[dict[str, Any]]: ...

    # ---- feedback ---------------------------------------------------------------------
    def add_feedback(self, user_id: int, entry_id: str, verdict: str) -> dict[str, Any]: ...
    def feedback(self, user_id: int | None = None) -> list[dict[str, Any]]: ...

    # ---- question log (pseudonymised; the gaps and stats queries read it) -----------------
    def pseudonym(self, user_id: int) -> str: ...
    def log_question(
        self, user_id: int, text: str, outcome: str | None, entry_id: str | None = None, score: float | None = None
    ) -> None: ...
    def questions(self, user_id: int | None = None) -> list[dict[str, Any]]: ...
    def purge_questions(self, before: dt.datetime) -> int: ...

    # ---- exam subscriptions and reminder marks ------------------------------------------
    def add_subscription(self, user_id: int, exam_id: str) -> bool: ...
    def remove_subscription(self, user_id: int, exam_id: str) -> bool: ...
    def subscriptions(self, user_id: int | None = None) -> list[dict[str, Any]]: ...
    def mark_reminder_sent(self, key: str) -> bool: ...
    def reminder_sent(self, key: str) -> bool: ...
    def reminders_sent(self, keys: list[str]) -> set[str]: ...
    def claim_reminder(self, key: str, owner: str, lease_seconds: float) -> bool:
        """True if this caller may send reminder `key` now: not sent, and nobody else holds an
        unexpired claim. A claim whose holder died is re-claimable once its lease has passed."""
        ...

    def renew_reminder_claim(self, key: str, owner: str, lease_seconds: float) -> bool:
        """Extend `owner`'s unexpired-or-not claim on unsent `key` by a lease from now (while its send is
        in flight); False if the claim is no longer `owner`'s."""
        ...

    def release_reminder_claim(self, key: str, owner: str) -> None:
        """Give up `owner`'s claim on unsent `key` (Telegram refused the send): re-claimable at once."""
        ...

    # ---- sessions and dialog state (python-telegram-bot's user_data) ---------------------
    # Soft state (never confirmed to the user): TinyDB writes it behind, within about a second
    # (bot.store.sessions); PostgreSQL commits it at once. `drop_session` is durable on return.
    def session(self, user_id: int) -> dict[str, Any] | None: ...
    def save_session(self, user_id: int, data: dict[str, Any]) -> None: ...
    def drop_session(self, user_id: int) -> None: ...

    # (python-telegram-bot's persistence over a store is built by the face: bot.tg.persistence.persistence_for)

    # ---- the user's rights and housekeeping ---------------------------------------------
    def export_user(self, user_id: int) -> dict[str, Any]: ...
    def forget_user(self, user_id: int) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


class UserRecords(Protocol):
    """What /mydata reads: the part of the contract every backend (and the TinyDB files) has."""

    def profile(self, user_id: int) -> dict[str, Any] | None: ...
    def feedback(self, user_id: int | None = None) -> list[dict[str, Any]]: ...
    def questions(self, user_id: int | None = None) -> list[dict[str, Any]]: ...
    def subscriptions(self, user_id: int | None = None) -> list[dict[str, Any]]: ...


def exported_user(store: UserRecords, user_id: int) -> dict[str, Any]:
    """Everything stored about one user (/mydata), read through the contract: one shape on every backend."""
    return {
        "profile": store.profile(user_id),
        "feedback": store.feedback(user_id),
        "questions": store.questions(user_id),
        "subscriptions": store.subscriptions(user_id),
    }
