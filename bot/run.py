"""`duban run`: the bot in production (polling, or a webhook when DUBAN_WEBHOOK_URL is set),
or the terminal console when no TELEGRAM_BOT_TOKEN is configured.

Settings are read once here. The database is upgraded on start. The token is only handed to
the Application builder and never logged (bot.logging_setup redacts it anyway).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import ValidationError

from bot import messages
from bot.logging_setup import configure_logging
from bot.settings import Settings, explain

if TYPE_CHECKING:
    from bot.core.runtime import Runtime

log = logging.getLogger(__name__)
WEBHOOK_PATH = "telegram"


def build_runtime(settings: Settings) -> Runtime:
    from bot.core.runtime import Runtime
    from storage.db import make_engine
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    return Runtime(engine=make_engine(settings.database_url), policy=settings.policy(),
                   admins=frozenset(settings.admins), allowed_chats=frozenset(settings.allowed_chats),
                   max_document_bytes=settings.max_document_bytes,
                   merge_window=settings.merge_window_seconds, document_memory_mb=settings.document_memory_mb,
                   document_timeout=settings.document_timeout_seconds,
                   document_max_chars=settings.document_max_chars,
                   max_items_per_speech=settings.max_items_per_speech)


def build_telegram_app(settings: Settings, rt):
    from telegram.ext import AIORateLimiter, Application

    from bot.telegram.app import build_application

    if settings.token is None:
        raise ValueError("the bot needs TELEGRAM_BOT_TOKEN (without it, duban run is the console)")
    builder = (Application.builder().token(settings.token).base_url(settings.telegram_api_base_url)
               .base_file_url(settings.telegram_api_file_url).rate_limiter(AIORateLimiter())
               .concurrent_updates(False))
    return build_application(rt, builder)


def run_bot(settings: Settings) -> int:
    from telegram import Update

    rt = build_runtime(settings)
    app = build_telegram_app(settings, rt)
    host = urlsplit(settings.telegram_api_base_url).hostname
    if settings.webhook_mode:
        assert settings.webhook_url is not None
        try:
            import tornado  # noqa: F401  (python-telegram-bot[webhooks])
        except ImportError:
            print("DUBAN_WEBHOOK_URL needs python-telegram-bot[webhooks]: pip install 'python-telegram-bot[webhooks]'",
                  file=sys.stderr)
            return 1
        url = settings.webhook_url.rstrip("/")
        path = urlsplit(url).path.strip("/") or WEBHOOK_PATH
        if not urlsplit(url).path.strip("/"):
            url = f"{url}/{WEBHOOK_PATH}"
        log.info("starting (webhook on %s:%s, Bot API at %s)", settings.webhook_listen, settings.webhook_port, host)
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port, url_path=path, webhook_url=url,
                        secret_token=secret, allowed_updates=Update.ALL_TYPES)
    else:
        log.info("starting (polling, Bot API at %s)", host)
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _logging(settings: Settings) -> None:
    configure_logging(settings)
    if settings.log_level != "DEBUG":  # "Running job …" on every wake-up, migrations on every start
        for name in ("apscheduler", "alembic"):
            logging.getLogger(name).setLevel(logging.WARNING)


def read_settings() -> Settings | None:
    """The settings, or None after one Chinese line on stderr naming the bad one."""
    try:
        return Settings()
    except ValidationError as error:
        print(explain(error), file=sys.stderr)
        return None


def main_run(settings: Settings | None = None) -> int:
    settings = settings or read_settings()
    if settings is None:
        return 2
    _logging(settings)
    if settings.console_mode:
        from bot.console.app import DEFAULT_DB, run_console

        print(messages.CONSOLE_NO_TOKEN, flush=True)
        return asyncio.run(run_console(DEFAULT_DB, policy=settings.policy()))
    return run_bot(settings)


def main_console(db: str | None) -> int:
    from bot.console.app import DEFAULT_DB, run_console

    settings = read_settings()
    if settings is None:
        return 2
    _logging(settings)
    return asyncio.run(run_console(db or DEFAULT_DB, policy=settings.policy()))
