"""The exam calendar feature: date questions, reminders and .ics export, on the calendar the
knowledge holds (`kb.exams`, loaded from knowledge/exams/ by bot.kb.exams)."""
