"""Callback data of the exam buttons (each ≤ 64 bytes: exam ids are ≤ 24 ASCII characters)."""

from __future__ import annotations

from bot.callbacks import EXAM

PREFIX = EXAM("")  # "x:", the exams' row of the one table of button prefixes (bot/callbacks.py)
SUBSCRIBE = EXAM("sub", "")  # x:sub:<exam id | plan-<year>>
UNSUBSCRIBE = EXAM("unsub", "")  # x:unsub:<exam id | plan-<year>>
ICS = EXAM("ics", "")  # x:ics:<exam id> | x:ics:all (all of the user's subscriptions)
LIST = EXAM("ls", "")  # x:ls:<field | *>:<page>
SUBSCRIPTIONS = EXAM("subs")  # the user's subscriptions (same as /subscriptions)
CARD = EXAM("card", "")  # x:card:<exam id>: the exam's dates (offered for a name typed nearly right)
ALL = "all"
ANY_FIELD = "*"


def subscribe(exam_id: str) -> str:
    return SUBSCRIBE + exam_id


def unsubscribe(exam_id: str) -> str:
    return UNSUBSCRIBE + exam_id


def ics(exam_id: str) -> str:
    return ICS + exam_id


def listing(field: str | None, page: int) -> str:
    return f"{LIST}{field or ANY_FIELD}:{page}"


def card(exam_id: str) -> str:
    return CARD + exam_id
