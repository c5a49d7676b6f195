"""Versioned PostgreSQL schema: `qualbot db migrate` applies what is missing, in order, each
step in one transaction with its row in `schema_version`. Start-up only checks: a database
behind this build asks for `qualbot db migrate`; one ahead of it (a newer Qualbot migrated it)
is refused, because this build would not know what the newer tables mean."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "users, sessions, question log, reminders, cluster coordination",
        """
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE profiles (user_id bigint PRIMARY KEY, data jsonb NOT NULL);
CREATE TABLE feedback (
    user_id bigint NOT NULL, entry text NOT NULL, verdict text NOT NULL, time text NOT NULL,
    PRIMARY KEY (user_id, entry));
CREATE TABLE subscriptions (
    user_id bigint NOT NULL, exam_id text NOT NULL, created text NOT NULL, seq bigserial,
    PRIMARY KEY (user_id, exam_id));
CREATE TABLE reminder_marks (
    key text PRIMARY KEY, owner bigint NOT NULL, sent boolean NOT NULL DEFAULT false, time text,
    claimed_by text, lease_until timestamptz);
CREATE INDEX reminder_marks_owner ON reminder_marks (owner);
CREATE TABLE questions (
    id bigserial PRIMARY KEY, user_key text NOT NULL, text text NOT NULL, outcome text, entry text,
    score double precision, time text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX questions_user ON questions (user_key);
CREATE INDEX questions_at ON questions (at);
CREATE TABLE sessions (
    kind text NOT NULL, key bigint NOT NULL, data jsonb NOT NULL, version bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, key));
CREATE TABLE telegram_globals (name text PRIMARY KEY, data jsonb NOT NULL);
CREATE TABLE flood (user_id bigint PRIMARY KEY, hits double precision[] NOT NULL DEFAULT '{}',
    muted_until double precision NOT NULL DEFAULT 0);
CREATE TABLE cluster (name text PRIMARY KEY, generation bigint NOT NULL DEFAULT 0, detail text);
CREATE TABLE inbox (user_id bigint NOT NULL, update_id bigint NOT NULL, worker integer NOT NULL,
    registered timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (user_id, update_id));
""",
    ),
]

LATEST = MIGRATIONS[-1][0]

SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version integer PRIMARY KEY, description text NOT NULL, applied timestamptz NOT NULL DEFAULT now())
"""


def _scalar(conn: psycopg.Connection[Any], sql: str) -> Any:
    """The one value of a query that always returns one row."""
    row = conn.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def current_version(conn: psycopg.Connection[Any]) -> int:
    """The highest applied version, 0 for an empty database."""
    if not _scalar(conn, "SELECT to_regclass('schema_version') IS NOT NULL"):
        return 0
    version: int = _scalar(conn, "SELECT coalesce(max(version), 0) FROM schema_version")
    return version


def migrate(conn: psycopg.Connection[Any], target: int = LATEST) -> list[int]:
    """Apply missing migrations up to `target`; returns the versions applied. Safe to run from
    several hosts at once (an advisory lock serialises them)."""
    from bot.store.protocol import NewerSchema

    applied: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(7263517)")
        conn.execute(SCHEMA_VERSION_TABLE)
        version = current_version(conn)
        if version > LATEST:
            raise NewerSchema(
                f"the database has schema version {version}, newer than this Qualbot "
                f"({LATEST}); upgrade Qualbot instead of migrating down"
            )
        for number, description, sql in MIGRATIONS:
            if version < number <= target:
                conn.execute(sql)
                conn.execute("INSERT INTO schema_version (version, description) VALUES (%s, %s)", (number, description))
                applied.append(number)
    return applied
