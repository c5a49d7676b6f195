"""Question-log retention: records older than the retention period are deleted daily."""

from __future__ import annotations

import datetime as dt
import logging

log = logging.getLogger("qualbot.staff")
DEFAULT_RETENTION_DAYS = 180
PURGE_AT = dt.time(3, 30)  # Asia/Shanghai (the application's default timezone): a quiet hour


def purge_old_questions(storage, days: int, now: dt.datetime | None = None) -> int:
    """Delete question records older than `days` days; returns how many were deleted."""
    now = now or dt.datetime.now(dt.UTC)
    removed = storage.purge_questions(now - dt.timedelta(days=days))
    flush = getattr(storage, "flush", None)
    if removed and flush is not None:
        flush()  # the question log defers its writes; deleted must mean deleted on disk too
    if removed:
        log.info("retention: deleted %d question record(s) older than %d days", removed, days)
    return removed
