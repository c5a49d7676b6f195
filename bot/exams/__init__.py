"""The exam calendar: dates from knowledge/exams/, date questions, reminders and .ics export."""
