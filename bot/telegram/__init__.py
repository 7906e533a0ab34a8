"""The Telegram adapter (python-telegram-bot): handlers, permissions, sending, the notifier."""
