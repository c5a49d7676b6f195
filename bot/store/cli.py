"""`qualbot db migrate` and `qualbot db status`: the PostgreSQL schema (QUALBOT_DATABASE_URL)."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings


def add_db_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="PostgreSQL schema (QUALBOT_DATABASE_URL): migrate, status")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("migrate", help="create or upgrade the schema (safe to repeat)").set_defaults(handler=cmd_db)
    db_sub.add_parser("status", help="the schema version of the database and of this build").set_defaults(
        handler=cmd_db
    )


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    import psycopg

    from bot.store.migrations import LATEST, current_version, migrate
    from bot.store.postgres import redact
    from bot.store.protocol import NewerSchema

    if not settings.database_url:
        print(
            "qualbot db: QUALBOT_DATABASE_URL is not set (the embedded TinyDB store needs no schema)", file=sys.stderr
        )
        return 2
    where = redact(settings.database_url)
    try:
        with psycopg.connect(settings.database_url, connect_timeout=10) as conn:
            if args.db_command == "status":
                version = current_version(conn)
                state = (
                    "up to date"
                    if version == LATEST
                    else ("newer than this build: upgrade Qualbot" if version > LATEST else "run `qualbot db migrate`")
                )
                print(f"{where}: schema version {version}; this build uses {LATEST} ({state})")
                return 0 if version == LATEST else 1
            applied = migrate(conn)
    except NewerSchema as exc:
        print(f"qualbot db migrate: {exc}", file=sys.stderr)
        return 1
    except psycopg.OperationalError as exc:
        print(f"qualbot db: cannot reach {where}: {exc}", file=sys.stderr)
        return 2
    print(
        f"{where}: applied migration(s) {', '.join(map(str, applied))}; schema version {LATEST}"
        if applied
        else f"{where}: schema already at version {LATEST}"
    )
    return 0
