"""Entry points of the Telegram face (the implementation lives in `bot.tg`)."""

from bot.tg.app import build_application, run_bot

__all__ = ["build_application", "run_bot"]
