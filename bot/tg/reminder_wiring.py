"""Glue for the faces: find the exam specialist, connect reminders to a PTB Application,
and tell subscribers about changes after a knowledge reload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.exams.specialist import ExamSpecialist
from bot.exams.store import SubscriptionStore
from bot.tg.reminders import ReminderScheduler

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.core import Assistant
    from bot.kb.model import KnowledgeBase


def exam_specialist(assistant: Assistant) -> ExamSpecialist | None:
    return next((s for s in assistant.specialists if isinstance(s, ExamSpecialist)), None)


def connect_reminders(
    application: Application[Any, Any, Any, Any, Any, Any],
    assistant: Assistant,
    store: SubscriptionStore,
    **scheduler_options: Any,
) -> ReminderScheduler | None:
    """Give the exam specialist the durable store and a ReminderScheduler on the app's JobQueue,
    and build the reminder jobs from the stored subscriptions (call once, when building the app)."""
    specialist = exam_specialist(assistant)
    if specialist is None or application.job_queue is None:
        return None
    specialist.store = store
    scheduler = ReminderScheduler(application.job_queue, store, lambda: specialist.calendar, **scheduler_options)
    specialist.attach_listener(scheduler)
    scheduler.rebuild()
    return scheduler


async def notify_reload(assistant: Assistant, old_kb: KnowledgeBase, new_kb: KnowledgeBase) -> int:
    """After `assistant.swap(...)` served `new_kb`: send change notices and re-plan reminders."""
    specialist = exam_specialist(assistant)
    if specialist is None or not isinstance(specialist.listener, ReminderScheduler):
        return 0
    return await specialist.listener.on_calendar_reloaded(old_kb.exams, new_kb.exams)
