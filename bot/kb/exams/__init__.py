"""The exam calendar section: `knowledge/exams/<year>.yaml` (schema), read into an immutable
`ExamCalendar` (model) by `load_exam_calendar` (loader), with the Chinese date wording it is
checked against (cn_dates). The answers, reminders and .ics export built on it are bot.exams."""
