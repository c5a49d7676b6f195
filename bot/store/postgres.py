"""The PostgreSQL store: the `Store` contract on psycopg 3 with a connection pool, for one or
several workers sharing `QUALBOT_DATABASE_URL`.

Every write runs in autocommit mode (or one explicit transaction), so it is committed when the
method returns — before the Telegram face confirms anything. A database that cannot be reached
raises `StorageUnavailable` (start-up stops with a clear line; mid-run the user is asked to
retry). The schema is created by `qualbot db migrate`; `PostgresStore` only checks its version.

Sessions (python-telegram-bot's user_data) live in `sessions` with a version per row:
`bot.tg.postgres_persistence.PostgresPersistence.refresh_user_data` reloads a user's session before each update (another
worker may have handled the previous one) and a write whose version is stale is skipped, so a
worker's late periodic flush cannot overwrite a newer session written by another worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.storage import reminder_owner
from bot.store.migrations import LATEST, current_version
from bot.store.protocol import NewerSchema, StorageUnavailable, exported_user

log = logging.getLogger("qualbot.store")
Clock = Callable[[], dt.datetime]
DB_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def redact(url: str) -> str:
    """The URL without its password, for log lines."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class PostgresStore:
    kind = "postgres"

    def __init__(
        self,
        url: str,
        clock: Clock = _utc_now,
        *,
        min_size: int = 1,
        max_size: int = 8,
        timeout: float = 5.0,
        check_schema: bool = True,
    ):
        self.url, self.clock = url, clock
        self.pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            open=False,
            kwargs={"autocommit": True},
            name="qualbot",
        )
        try:
            self.pool.open(wait=True, timeout=timeout)
        except DB_ERRORS as exc:
            self.pool.close()
            raise StorageUnavailable(
                f"PostgreSQL at {redact(url)} cannot be reached ({exc}); Qualbot will not start without its database"
            ) from exc
        try:
            if check_schema:
                self.check_schema()
            self._salt = self._pseudonym_salt()
        except BaseException:
            self.pool.close()
            raise

    # ---- plumbing ----------------------------------------------------------------------------
    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        try:
            with self.pool.connection() as conn:
                yield conn
        except DB_ERRORS as exc:
            log.error("PostgreSQL unavailable (%s): %s", redact(self.url), exc)
            raise StorageUnavailable(f"database unavailable: {exc}") from exc

    def _one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> tuple[Any, ...] | None:
        with self._conn() as conn:
            return conn.execute(sql, params).fetchone()

    def _row(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> tuple[Any, ...]:
        """A statement that always returns a row (an upsert's RETURNING, a row known to exist)."""
        return cast("tuple[Any, ...]", self._one(sql, params))

    def _all(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self._conn() as conn, conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(sql, params).fetchall()

    def _exec(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> int:
        with self._conn() as conn:
            return conn.execute(sql, params).rowcount

    def check_schema(self) -> int:
        with self._conn() as conn:
            version = current_version(conn)
        if version > LATEST:
            raise NewerSchema(
                f"the database at {redact(self.url)} has schema version {version}, newer than this "
                f"Qualbot understands ({LATEST}): refusing to start (upgrade Qualbot)"
            )
        if version < LATEST:
            raise StorageUnavailable(
                f"the database at {redact(self.url)} has schema version {version}, this "
                f"Qualbot needs {LATEST}: run `qualbot db migrate` first"
            )
        return version

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _pseudonym_salt(self) -> str:
        self._exec(
            "INSERT INTO meta (key, value) VALUES ('salt', %s) ON CONFLICT (key) DO NOTHING", (secrets.token_hex(16),)
        )
        salt: str = self._row("SELECT value FROM meta WHERE key = 'salt'")[0]
        return salt

    def pseudonym(self, user_id: int) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:20]

    def flush(self) -> None:
        pass  # every write is committed when it returns

    def close(self) -> None:
        self.pool.close()

    # ---- profiles ----------------------------------------------------------------------------
    def profile(self, user_id: int) -> dict[str, Any] | None:
        row = self._one("SELECT data FROM profiles WHERE user_id = %s", (user_id,))
        return row[0] if row else None

    def save_profile(
        self, user_id: int, *, role: str | None = None, region: str | None = None, updates: bool | None = None
    ) -> dict[str, Any]:
        changes = {k: v for k, v in (("role", role), ("region", region), ("updates", updates)) if v is not None}
        changes["updated"] = self._now()
        fresh = {"user_id": user_id, "role": None, "region": None, "updates": False, **changes}
        row = self._row(
            "INSERT INTO profiles (user_id, data) VALUES (%s, %s) ON CONFLICT (user_id) "
            "DO UPDATE SET data = profiles.data || %s RETURNING data",
            (user_id, Jsonb(fresh), Jsonb(changes)),
        )
        profile: dict[str, Any] = row[0]
        return profile

    def set_profile_flag(self, user_id: int, name: str, value: object) -> None:
        self._exec(
            "UPDATE profiles SET data = jsonb_set(data, %s, %s) WHERE user_id = %s AND data -> %s IS DISTINCT FROM %s",
            ([name], Jsonb(value), user_id, name, Jsonb(value)),
        )

    def profiles(self) -> list[dict[str, Any]]:
        return [r["data"] for r in self._all("SELECT data FROM profiles ORDER BY user_id")]

    # ---- feedback ----------------------------------------------------------------------------
    def add_feedback(self, user_id: int, entry_id: str, verdict: str) -> dict[str, Any]:
        if verdict not in ("+", "-"):
            raise ValueError(f"verdict must be '+' or '-', not {verdict!r}")
        record = {"user_id": user_id, "entry": entry_id, "verdict": verdict, "time": self._now()}
        self._exec(
            "INSERT INTO feedback (user_id, entry, verdict, time) VALUES (%(user_id)s, %(entry)s, "
            "%(verdict)s, %(time)s) ON CONFLICT (user_id, entry) DO UPDATE SET verdict = excluded.verdict, "
            "time = excluded.time",
            record,
        )
        return record

    def feedback(self, user_id: int | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE user_id = %s", (user_id,)) if user_id is not None else ("", ())
        return self._all(f"SELECT user_id, entry, verdict, time FROM feedback {where} ORDER BY user_id, entry", params)

    # ---- question log ------------------------------------------------------------------------
    def log_question(
        self, user_id: int, text: str, outcome: str | None, entry_id: str | None = None, score: float | None = None
    ) -> None:
        """Never confirmed to the user (it is written after the answer), so a database hiccup
        here is logged and the row dropped rather than turned into an error message."""
        moment = self.clock()
        try:
            with self._conn() as conn, conn.transaction():
                # like the TinyDB log's deferred flush: not waiting for the disk, a crash may lose the last rows
                conn.execute("SET LOCAL synchronous_commit = off")
                conn.execute(
                    "INSERT INTO questions (user_key, text, outcome, entry, score, time, at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (
                        self.pseudonym(user_id),
                        text,
                        outcome,
                        entry_id,
                        None if score is None else round(float(score), 4),
                        moment.isoformat(timespec="seconds"),
                        moment,
                    ),
                )
        except StorageUnavailable:
            log.warning("question log row dropped: the database is unavailable")

    def questions(self, user_id: int | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE user_key = %s", (self.pseudonym(user_id),)) if user_id is not None else ("", ())
        return self._all(
            f"SELECT user_key AS user, text, outcome, entry, score, time FROM questions {where} ORDER BY id", params
        )

    def purge_questions(self, before: dt.datetime) -> int:
        return self._exec("DELETE FROM questions WHERE at < %s", (before,))

    # ---- subscriptions and reminders ------------------------------------------------------------
    def add_subscription(self, user_id: int, exam_id: str) -> bool:
        return bool(
            self._exec(
                "INSERT INTO subscriptions (user_id, exam_id, created) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (user_id, exam_id, self._now()),
            )
        )

    def remove_subscription(self, user_id: int, exam_id: str) -> bool:
        return bool(self._exec("DELETE FROM subscriptions WHERE user_id = %s AND exam_id = %s", (user_id, exam_id)))

    def subscriptions(self, user_id: int | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE user_id = %s", (user_id,)) if user_id is not None else ("", ())
        return self._all(f"SELECT user_id, exam_id, created FROM subscriptions {where} ORDER BY seq", params)

    def mark_reminder_sent(self, key: str) -> bool:
        row = self._one(
            "INSERT INTO reminder_marks (key, owner, sent, time) VALUES (%s, %s, true, %s) "
            "ON CONFLICT (key) DO UPDATE SET sent = true, time = excluded.time, lease_until = NULL "
            "WHERE NOT reminder_marks.sent RETURNING key",
            (key, reminder_owner(key), self._now()),
        )
        return row is not None

    def reminder_sent(self, key: str) -> bool:
        return self._one("SELECT 1 FROM reminder_marks WHERE key = %s AND sent", (key,)) is not None

    def reminders_sent(self, keys: list[str]) -> set[str]:
        """Which of `keys` are marked sent (the periodic re-plan asks for thousands at once)."""
        if not keys:
            return set()
        return {r["key"] for r in self._all("SELECT key FROM reminder_marks WHERE sent AND key = ANY(%s)", (keys,))}

    def claim_reminder(self, key: str, owner: str, lease_seconds: float) -> bool:
        lease = dt.timedelta(seconds=lease_seconds)
        with self._conn() as conn, conn.transaction():
            if conn.execute(
                "INSERT INTO reminder_marks (key, owner, claimed_by, lease_until) "
                "VALUES (%s, %s, %s, now() + %s) ON CONFLICT (key) DO NOTHING RETURNING key",
                (key, reminder_owner(key), owner, lease),
            ).fetchone():
                return True
            # someone marked or claimed it before: re-claimable only when unsent and its lease ran out
            row = conn.execute(
                "SELECT key FROM reminder_marks WHERE key = %s AND NOT sent AND "
                "(lease_until IS NULL OR lease_until < now()) FOR UPDATE SKIP LOCKED",
                (key,),
            ).fetchone()
            if row is None:
                return False
            conn.execute(
                "UPDATE reminder_marks SET claimed_by = %s, lease_until = now() + %s WHERE key = %s",
                (owner, lease, key),
            )
            return True

    def renew_reminder_claim(self, key: str, owner: str, lease_seconds: float) -> bool:
        return bool(
            self._exec(
                "UPDATE reminder_marks SET lease_until = now() + %s WHERE key = %s AND claimed_by = %s AND NOT sent",
                (dt.timedelta(seconds=lease_seconds), key, owner),
            )
        )

    def release_reminder_claim(self, key: str, owner: str) -> None:
        self._exec(
            "UPDATE reminder_marks SET claimed_by = NULL, lease_until = NULL "
            "WHERE key = %s AND claimed_by = %s AND NOT sent",
            (key, owner),
        )

    # ---- sessions ------------------------------------------------------------------------------
    def session(self, user_id: int) -> dict[str, Any] | None:
        row = self._one("SELECT data FROM sessions WHERE kind = 'user_data' AND key = %s", (user_id,))
        return row[0] if row else None

    def save_session(self, user_id: int, data: dict[str, Any]) -> None:
        self._exec(
            "INSERT INTO sessions (kind, key, data) VALUES ('user_data', %s, %s) ON CONFLICT (kind, key) "
            "DO UPDATE SET data = excluded.data, version = sessions.version + 1",
            (user_id, Jsonb(data)),
        )

    def drop_session(self, user_id: int) -> None:
        self._exec("DELETE FROM sessions WHERE kind = 'user_data' AND key = %s", (user_id,))

    # ---- the user's rights ---------------------------------------------------------------------
    def export_user(self, user_id: int) -> dict[str, Any]:
        return exported_user(self, user_id)

    def forget_user(self, user_id: int) -> None:
        """Everything of the user, in one transaction: committed before "deleted" is shown."""
        with self._conn() as conn, conn.transaction():
            conn.execute("DELETE FROM profiles WHERE user_id = %s", (user_id,))
            conn.execute("DELETE FROM feedback WHERE user_id = %s", (user_id,))
            conn.execute("DELETE FROM subscriptions WHERE user_id = %s", (user_id,))
            conn.execute(
                "DELETE FROM reminder_marks WHERE owner = %s AND split_part(key, ':', 2) = %s", (user_id, str(user_id))
            )
            conn.execute("DELETE FROM questions WHERE user_key = %s", (self.pseudonym(user_id),))
            conn.execute(
                "DELETE FROM sessions WHERE key = %s AND (kind = 'user_data' OR (kind = 'chat_data' AND key > 0))",
                (user_id,),
            )
            conn.execute("DELETE FROM flood WHERE user_id = %s", (user_id,))

    # ---- cluster coordination (several workers) -----------------------------------------------
    def generation(self, name: str) -> int:
        row = self._one("SELECT generation FROM cluster WHERE name = %s", (name,))
        return row[0] if row else 0

    def bump_generation(self, name: str, detail: str = "") -> int:
        generation: int = self._row(
            "INSERT INTO cluster (name, generation, detail) VALUES (%s, 1, %s) ON CONFLICT (name) "
            "DO UPDATE SET generation = cluster.generation + 1, detail = excluded.detail "
            "RETURNING generation",
            (name, detail),
        )[0]
        return generation

    def flood_check(self, user_id: int, now: float, limit: int, window: float, pause: float) -> str:
        """FloodGuard.check, shared by all workers: one row per user, updated under its row lock."""
        with self._conn() as conn, conn.transaction():
            conn.execute("SET LOCAL synchronous_commit = off")  # rate counters: no need to wait for the disk
            conn.execute("INSERT INTO flood (user_id) VALUES (%s) ON CONFLICT DO NOTHING", (user_id,))
            hits, muted_until = cast(
                "tuple[Any, ...]",
                conn.execute(  # the row was just inserted
                    "SELECT hits, muted_until FROM flood WHERE user_id = %s FOR UPDATE", (user_id,)
                ).fetchone(),
            )
            if muted_until > now:
                return "ignore"
            recent = [t for t in hits if t > now - window] + [now]
            verdict = "ok"
            if len(recent) > limit:
                recent, muted_until, verdict = [], now + pause, "notify"
            conn.execute(
                "UPDATE flood SET hits = %s, muted_until = %s WHERE user_id = %s", (recent, muted_until, user_id)
            )
            return verdict

    # ---- python-telegram-bot persistence rows --------------------------------------------------
    def _load_row(self, kind: str, key: int) -> tuple[dict[str, Any], int]:
        row = self._one("SELECT data, version FROM sessions WHERE kind = %s AND key = %s", (kind, key))
        return (row[0], row[1]) if row else ({}, 0)

    def _store_row(self, kind: str, key: int, data: Any, seen: int) -> int | None:
        """Write if the row is still at version `seen` (0: absent); the new version, or None if stale."""
        if seen == 0:
            row = self._one(
                "INSERT INTO sessions (kind, key, data) VALUES (%s, %s, %s) "
                "ON CONFLICT (kind, key) DO NOTHING RETURNING version",
                (kind, key, Jsonb(data)),
            )
        else:
            row = self._one(
                "UPDATE sessions SET data = %s, version = version + 1 WHERE kind = %s AND key = %s "
                "AND version = %s RETURNING version",
                (Jsonb(data), kind, key, seen),
            )
        return row[0] if row else None

    def _global(self, name: str) -> Any:
        row = self._one("SELECT data FROM telegram_globals WHERE name = %s", (name,))
        return row[0] if row else None

    def _set_global(self, name: str, data: Any) -> None:
        self._exec(
            "INSERT INTO telegram_globals (name, data) VALUES (%s, %s) ON CONFLICT (name) "
            "DO UPDATE SET data = excluded.data",
            (name, Jsonb(data)),
        )
