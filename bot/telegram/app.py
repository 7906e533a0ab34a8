"""Building the Telegram Application: handlers, and the nudge sweeper started with it.

    app = build_application(runtime, Application.builder().token(...))
    app.run_polling()

The sweeper (scheduler.SweepLoop, see bot.sweeping) runs on its own AsyncIOScheduler beside
the Application's JobQueue and sends through TelegramNotifier (the weekly 通报 through
TelegramPublisher); it is started in post_init
(catching up at once on any nudge that fell due while the bot was down) and drained in post_stop.
Speech fragments a previous run left in the merge window are read in post_init too.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import messages
from bot.core import protocol
from bot.core.admin import move_chat
from bot.core.runtime import Runtime
from bot.sweeping import start_sweep, stop_sweep
from bot.telegram import buttons, commands, intake, replies
from bot.telegram.io import answered, apology, call, runtime, tell
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.permissions import gate
from bot.telegram.publisher import TelegramPublisher

log = logging.getLogger(__name__)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its items follow it to the new chat id."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        await call(move_chat, runtime(context).engine, message.chat_id, message.migrate_to_chat_id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Errors outside the (answered) handlers: the gate, jobs, the network."""
    what = "processing an update" if update is not None else "running a job"
    text = apology(context.error or RuntimeError("unknown error"), what)
    if isinstance(update, Update):
        await tell(update, text)


def add_handlers(app: Application) -> None:
    """Every handler is wrapped by `answered`: the sender hears back whatever fails."""
    app.add_handler(TypeHandler(Update, gate), group=-1)
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGES & filters.COMMAND, answered(commands.on_command)))
    app.add_handler(CallbackQueryHandler(answered(buttons.on_button), pattern=protocol.pattern(protocol.Action)))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, answered(on_migrate)))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
                                   answered(replies.on_text)))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, answered(intake.on_document)))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.PHOTO & filters.ChatType.PRIVATE,
                                   answered(intake.on_photo)))
    app.add_error_handler(on_error)


def start_sweeper(app: Application, rt: Runtime, *, max_idle: float = 60.0, **sweeper_options):
    notifier = TelegramNotifier(app.bot, engine=rt.engine, tz=rt.tz, extra_admins=sorted(rt.admins), policy=rt.policy)
    return start_sweep(rt, notifier, max_idle=max_idle, publisher=TelegramPublisher(app.bot, rt), **sweeper_options)


async def stop_sweeper(app: Application) -> None:
    await stop_sweep(app.bot_data["runtime"])


def build_application(rt: Runtime, builder: ApplicationBuilder, *, sweep: bool = True, max_idle: float = 60.0,
                      lease: timedelta = timedelta(minutes=5), set_commands: bool = True) -> Application:
    async def post_init(app: Application) -> None:
        if sweep:
            start_sweeper(app, rt, max_idle=max_idle, lease=lease)
        try:
            await intake.resume_waiting(app)
        except Exception as error:  # noqa: BLE001 - they wait for the next start
            apology(error, "resuming speeches left in the merge window")
        if set_commands:
            try:
                await app.bot.set_my_commands([BotCommand(name, text) for name, text in messages.COMMAND_MENU.items()])
            except TelegramError as error:
                log.warning("could not set the command menu: %s", error)

    async def post_stop(app: Application) -> None:
        await stop_sweeper(app)

    app = builder.post_init(post_init).post_stop(post_stop).build()
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required")
    app.bot_data["runtime"] = rt
    add_handlers(app)
    return app
