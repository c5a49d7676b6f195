"""Builds the one Assistant every face uses: knowledge → brain → specialists."""

from __future__ import annotations

from bot.category import CategorySpecialist
from bot.core import Assistant, Brain
from bot.counts import CountSpecialist
from bot.engine import DialogSpecialist
from bot.exams.specialist import ExamSpecialist
from bot.kb.knowledge import load_knowledge
from bot.settings import Settings


def build_assistant(settings: Settings) -> Assistant:
    kb = load_knowledge(settings.knowledge_dir, today=settings.today)
    assistant = Assistant(Brain(kb, index_dir=settings.index_path), clock=settings.clock(), specialists=[])
    # The exam calendar follows reloads; the Telegram face swaps in the durable store (bot.tg.reminder_wiring).
    # A card whose registration window is another province's says so first (the asked province: the brain's reading).
    assistant.specialists.append(ExamSpecialist(lambda: assistant.kb.exams, region_of=assistant.asked_region))
    # “国家职业资格目录一共多少项”, answered from knowledge/counts (public reports, with their sources).
    assistant.specialists.append(CountSpecialist(lambda: assistant.kb))
    # “X是准入类还是水平评价类”, answered from knowledge/catalogue with knowledge/category wording.
    assistant.specialists.append(CategorySpecialist(lambda: assistant.kb))
    # Guided dialogs (dialogs/*.yaml), re-checked against each knowledge version the assistant serves.
    assistant.specialists.append(DialogSpecialist(settings.dialogs_dir, lambda: assistant.kb))
    return assistant
