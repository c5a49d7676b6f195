"""The Telegram face: python-telegram-bot over the core (see `bot.tg.app.build_application`)."""
