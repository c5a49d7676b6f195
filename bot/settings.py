"""Settings come from the environment only, read when asked (never at import time)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(__file__).resolve().parent
CHINA = ZoneInfo("Asia/Shanghai")
# Every setting, for `qualbot settings` and the docs check (tests/test_operations.py).
SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "QUALBOT_DATA_DIR",
    "QUALBOT_KNOWLEDGE_DIR",
    "QUALBOT_DIALOGS_DIR",
    "QUALBOT_ADMIN_IDS",
    "QUALBOT_TODAY",
    "QUALBOT_WEBHOOK_URL",
    "QUALBOT_WEBHOOK_SECRET",
    "QUALBOT_LISTEN",
    "QUALBOT_PORT",
    "QUALBOT_FLOOD_LIMIT",
    "QUALBOT_FLOOD_WINDOW",
    "QUALBOT_OUTGOING_RATE",
    "QUALBOT_RETENTION_DAYS",
    "QUALBOT_DATABASE_URL",
    "QUALBOT_REMINDER_LEASE",
    "QUALBOT_REMINDER_GRACE_HOURS",
    "QUALBOT_REMINDER_REBUILD",
    "QUALBOT_INDEX_DIR",
)


class SettingsError(ValueError):
    """A setting with a value Qualbot cannot use; the message names the variable."""

    def __init__(self, name: str, value: str | None, problem: str):
        shown = f" (got {value!r})" if value is not None else ""
        super().__init__(f"{name}{shown} {problem}")
        self.name = name


def _data_folder(name: str) -> Path:
    """knowledge/ or dialogs/: beside the package in a checkout, inside it when installed from a wheel."""
    checkout = PROJECT_ROOT / name
    if checkout.is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file():
        return checkout
    return PACKAGE_ROOT / "content" / name


def default_data_dir() -> Path:
    """The checkout's var/; for an installed package (site-packages is no place for data) the user's
    data directory, ~/.local/share/qualbot. Services set QUALBOT_DATA_DIR explicitly."""
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "var"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "qualbot"


def default_knowledge_dir() -> Path:
    return _data_folder("knowledge")


def default_dialogs_dir() -> Path:
    return _data_folder("dialogs")


class _Reader:
    def __init__(self, env: Mapping[str, str]):
        self.env = env

    def text(self, name: str) -> str | None:
        value = (self.env.get(name) or "").strip()
        return value or None

    def secret(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise SettingsError(name, None, "may only hold A-Z, a-z, 0-9, _ and - (1-256 characters; Telegram's rule)")
        return value

    def database_url(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not re.match(r"postgres(ql)?://", value):
            raise SettingsError(name, None, "must be a PostgreSQL URL: postgresql://user:password@host:port/database")
        return value

    def path(self, name: str, default: Path) -> Path:
        value = self.text(name)
        return Path(value).expanduser() if value else default

    def ids(self, name: str) -> frozenset[int]:
        value = self.env.get(name) or ""
        ids = set()
        for part in re.split(r"[\s,;]+", value.strip()):
            if not part:
                continue
            if not re.fullmatch(r"-?[0-9]{1,20}", part):
                raise SettingsError(
                    name,
                    value,
                    f"must be numeric Telegram user ids separated by commas; {part!r} "
                    "is not one (a @username does not work: ask the person for their id)",
                )
            ids.add(int(part))
        return frozenset(ids)

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SettingsError(name, value, "must be a date written YYYY-MM-DD, e.g. 2026-11-21") from None

    def number(self, name: str, default, kind, low, high):
        value = self.text(name)
        if value is None:
            return default
        try:
            if not value.isascii():
                raise ValueError
            number = kind(value)
        except ValueError:
            raise SettingsError(name, value, f"must be {'a whole number' if kind is int else 'a number'}") from None
        if not low <= number <= high or number != number:
            raise SettingsError(name, value, f"must be between {low} and {high}")
        return number


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)  # never printed
    api_base_url: str = "https://api.telegram.org/bot"
    data_dir: Path = field(default_factory=lambda: default_data_dir())
    knowledge_dir: Path = field(default_factory=lambda: default_knowledge_dir())
    dialogs_dir: Path = field(default_factory=lambda: default_dialogs_dir())
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
    # the index cache (bot/index_cache.py): None = <data_dir>/index; index_cache False = build in memory
    index_dir: Path | None = None
    index_cache: bool = True

    @property
    def index_path(self) -> Path | None:
        """Where knowledge indexes are cached, or None when caching is off (QUALBOT_INDEX_DIR=off)."""
        if not self.index_cache:
            return None
        return self.index_dir if self.index_dir is not None else self.data_dir / "index"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check every setting; a bad value raises `SettingsError` naming the variable."""
        env = os.environ if env is None else env
        read = _Reader(env)
        webhook_url = read.text("QUALBOT_WEBHOOK_URL")
        if webhook_url and not webhook_url.startswith(("https://", "http://")):
            raise SettingsError("QUALBOT_WEBHOOK_URL", webhook_url, "must be a full URL (https://host/path)")
        base = read.text("TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot"
        if not base.startswith(("https://", "http://")):
            raise SettingsError("TELEGRAM_API_BASE_URL", base, "must start with https:// or http://")
        token = read.text("TELEGRAM_BOT_TOKEN")
        if token and not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN", None, "does not look like a token from @BotFather (digits:letters)"
            )
        return cls(
            token=token,
            api_base_url=base,
            data_dir=read.path("QUALBOT_DATA_DIR", default_data_dir()),
            knowledge_dir=read.path("QUALBOT_KNOWLEDGE_DIR", default_knowledge_dir()),
            dialogs_dir=read.path("QUALBOT_DIALOGS_DIR", default_dialogs_dir()),
            admin_ids=read.ids("QUALBOT_ADMIN_IDS"),
            today=read.date("QUALBOT_TODAY"),
            webhook_url=webhook_url,
            webhook_secret=read.secret("QUALBOT_WEBHOOK_SECRET"),
            listen=read.text("QUALBOT_LISTEN") or "127.0.0.1",
            port=read.number("QUALBOT_PORT", 8080, int, 1, 65535),
            flood_limit=read.number("QUALBOT_FLOOD_LIMIT", 12, int, 0, 10_000),
            flood_window=read.number("QUALBOT_FLOOD_WINDOW", 10.0, float, 0.1, 86_400),
            outgoing_rate=read.number("QUALBOT_OUTGOING_RATE", 30.0, float, 0, 1_000),
            question_retention_days=read.number("QUALBOT_RETENTION_DAYS", 180, int, 1, 36_500),
            database_url=read.database_url("QUALBOT_DATABASE_URL"),
            reminder_lease=read.number("QUALBOT_REMINDER_LEASE", 120.0, float, 1, 86_400),
            reminder_grace_hours=read.number("QUALBOT_REMINDER_GRACE_HOURS", 6.0, float, 0, 720),
            reminder_rebuild=read.number("QUALBOT_REMINDER_REBUILD", 60.0, float, 1, 86_400),
            index_dir=None
            if (read.text("QUALBOT_INDEX_DIR") or "").lower() in ("", "off")
            else read.path("QUALBOT_INDEX_DIR", Path()),
            index_cache=(read.text("QUALBOT_INDEX_DIR") or "").lower() != "off",
        )

    def clock(self) -> Callable[[], dt.date]:
        """Today's date in China (the users' calendar), or the fixed QUALBOT_TODAY."""
        fixed = self.today
        return (lambda: fixed) if fixed else china_today
