"""Staff tools: safe knowledge reload with a change summary, question gaps, usage statistics,
policy-update broadcasts, and the staff-only Telegram commands and `qualbot` subcommands.

Nothing here changes how users are answered; it watches, reloads and reports.
"""
