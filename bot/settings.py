"""Settings come from the environment only, read when asked (never at import time)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHINA = ZoneInfo("Asia/Shanghai")


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)  # never printed
    api_base_url: str = "https://api.telegram.org/bot"
    data_dir: Path = PROJECT_ROOT / "var"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    dialogs_dir: Path = PROJECT_ROOT / "dialogs"
    admin_ids: frozenset[int] = frozenset()
    today: dt.date | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    listen: str = "127.0.0.1"
    port: int = 8080
    # Telegram face: incoming flood (more than flood_limit messages in flood_window seconds
    # from one user; 0 = off) and outgoing messages per second (Telegram allows ~30; 0 = off)
    flood_limit: int = 12
    flood_window: float = 10.0
    outgoing_rate: float = 30.0
    # staff tools: the question log is kept this many days, then purged daily (bot/staff/retention.py)
    question_retention_days: int = 180
    # storage (bot/store): PostgreSQL when set (several workers may share it), else TinyDB files in data_dir
    database_url: str | None = field(default=None, repr=False)  # may carry a password: never printed
    reminder_lease: float = 120.0  # seconds a worker's claim on a due reminder lasts if it dies
    reminder_grace_hours: float = 6.0  # a (re)start catches up reminders missed this many hours ago
    reminder_rebuild: float = 60.0  # several workers: seconds between re-plans from the shared subscriptions

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        today = env.get("QUALBOT_TODAY")
        admin_ids = frozenset(int(x) for x in env.get("QUALBOT_ADMIN_IDS", "").replace(";", ",").split(",") if x.strip())
        base = env.get("TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot"
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_base_url=base,
            data_dir=Path(env.get("QUALBOT_DATA_DIR") or PROJECT_ROOT / "var"),
            knowledge_dir=Path(env.get("QUALBOT_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge"),
            dialogs_dir=Path(env.get("QUALBOT_DIALOGS_DIR") or PROJECT_ROOT / "dialogs"),
            admin_ids=admin_ids,
            today=dt.date.fromisoformat(today) if today else None,
            webhook_url=env.get("QUALBOT_WEBHOOK_URL") or None,
            webhook_secret=env.get("QUALBOT_WEBHOOK_SECRET") or None,
            listen=env.get("QUALBOT_LISTEN", "127.0.0.1"),
            port=int(env.get("QUALBOT_PORT", "8080")),
            flood_limit=int(env.get("QUALBOT_FLOOD_LIMIT", "12")),
            flood_window=float(env.get("QUALBOT_FLOOD_WINDOW", "10")),
            outgoing_rate=float(env.get("QUALBOT_OUTGOING_RATE", "30")),
            question_retention_days=int(env.get("QUALBOT_RETENTION_DAYS", "180")),
            database_url=env.get("QUALBOT_DATABASE_URL") or None,
            reminder_lease=float(env.get("QUALBOT_REMINDER_LEASE", "120")),
            reminder_grace_hours=float(env.get("QUALBOT_REMINDER_GRACE_HOURS", "6")),
            reminder_rebuild=float(env.get("QUALBOT_REMINDER_REBUILD", "60")),
        )

    def clock(self) -> Callable[[], dt.date]:
        """Today's date in China (the users' calendar), or the fixed QUALBOT_TODAY."""
        fixed = self.today
        return (lambda: fixed) if fixed else china_today
