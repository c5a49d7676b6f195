"""Policy-update broadcasts: who receives them, and sending with delivered/blocked/failed counts.

Only users who opted in (profile `updates: true`) receive a notice, optionally only one role
or region. A user who blocked the bot (Telegram answers 403 Forbidden) is marked
`blocked: true` and skipped next time; the mark is cleared when they write to the bot again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import escape
from telegram import Bot
from telegram.error import Forbidden, TelegramError

from bot.kb.vocabulary import ProfileWords
from bot.tg.delivery import TELEGRAM_TEXT_LIMIT, telegram_length

log = logging.getLogger("qualbot.staff")
_FILTER = re.compile(r"([^\s=]+)=(\S+)(?:\s+|$)")
FILTER_KEYS = {"role": "role", "身份": "role", "region": "region", "地区": "region"}


class BroadcastUsageError(ValueError):
    pass


@dataclass(frozen=True)
class Audience:
    role: str | None = None
    region: str | None = None

    def describe(self, words: ProfileWords) -> str:
        parts = []
        if self.role:
            parts.append(f"身份：{words.audience_label(self.role)}")
        if self.region:
            parts.append(f"地区：{self.region}")
        return "，".join(parts) or "全部订阅用户"


@dataclass(frozen=True)
class BroadcastReport:
    delivered: int = 0
    blocked: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"送达 {self.delivered}，已屏蔽本助手 {self.blocked}，失败 {self.failed}"


def parse_broadcast(argument: str, words: ProfileWords) -> tuple[Audience, str]:
    """`[role=employer|身份=用人单位] [region=浙江|地区=浙江] 通知正文` → (audience, text); the roles
    and regions are those a user may choose (knowledge/lexicon/profile.yaml)."""
    role_words = {**{k: k for k in words.audiences}, **{v: k for k, v in words.audiences.items()}}
    role = region = None
    rest = argument.strip()
    while (found := _FILTER.match(rest)) is not None:
        key, value = found.group(1), found.group(2)
        kind = FILTER_KEYS.get(key.lower())
        if kind == "role":
            if value not in role_words:
                raise BroadcastUsageError(
                    f"未知身份“{value}”；可用：{'、'.join(words.audiences)} 或 {'、'.join(words.audiences.values())}"
                )
            role = role_words[value]
        elif kind == "region":
            if value not in words.offered_regions:
                raise BroadcastUsageError(f"未知地区“{value}”；可用：{'、'.join(words.offered_regions)}")
            region = value
        else:
            raise BroadcastUsageError(f"未知筛选“{key}”；可用：身份=…、地区=…")
        rest = rest[found.end() :]
    text = rest  # the notice keeps the staff member's own line breaks
    if not text.strip():
        raise BroadcastUsageError("缺少通知正文")
    text = text.strip()
    room = TELEGRAM_TEXT_LIMIT - telegram_length(notice_plain(""))
    if telegram_length(text) > room:  # one message per user: refused now, not failed for everyone later (M6)
        raise BroadcastUsageError(
            f"通知正文太长：{telegram_length(text)} 字，最多 {room} 字"
            "（Telegram 一条消息的上限，已扣除通知的标题和结尾）。请删减后重发。"
        )
    return Audience(role, region), text


def recipients(profiles: Iterable[dict[str, Any]], audience: Audience) -> list[int]:
    """Opted-in, not blocked, matching the filter; sorted for a stable order."""
    chosen = []
    for profile in profiles:
        if not profile.get("updates") or profile.get("blocked"):
            continue
        if audience.role and profile.get("role") != audience.role:
            continue
        if audience.region and profile.get("region") != audience.region:
            continue
        chosen.append(int(profile["user_id"]))
    return sorted(chosen)


NOTICE_HEAD, NOTICE_FOOT = "📢 政策更新通知\n\n", "\n\n您订阅了政策更新通知，可在 /profile 中关闭。"


def notice_plain(text: str) -> str:
    """What the user reads (markup removed) — what Telegram's length limit counts."""
    return NOTICE_HEAD + text + NOTICE_FOOT


def notice_html(text: str) -> str:
    """Staff text is data: escaped, never a template or markup."""
    return f"📢 <b>政策更新通知</b>\n\n{escape(text)}\n\n<i>您订阅了政策更新通知，可在 /profile 中关闭。</i>"


async def send_broadcast(bot: Bot, storage: Any, user_ids: Iterable[int], text: str) -> BroadcastReport:
    """Send one by one through the bot (and so through its rate limiter)."""
    delivered = blocked = failed = 0
    html_text = notice_html(text)
    for user_id in user_ids:
        try:
            await bot.send_message(user_id, html_text)
            delivered += 1
        except Forbidden:
            storage.set_profile_flag(user_id, "blocked", True)
            blocked += 1
        except TelegramError as exc:
            log.warning("broadcast to one user failed: %s", exc.__class__.__name__)
            failed += 1
    return BroadcastReport(delivered, blocked, failed)
