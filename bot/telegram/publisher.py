"""The weekly 通报 through a python-telegram-bot `Bot` (scheduler.bulletins' Publisher): the
text (in parts when long) and then the chart as a photo. Once the text is out, a failed photo is
logged, not retried: the 通报 is posted once."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, InputFile
from telegram.error import TelegramError

from bot.core import reports
from bot.core.runtime import Runtime
from bot.telegram.notifier import send_error
from scheduler.bulletins import BulletinDue

log = logging.getLogger(__name__)


class TelegramPublisher:
    def __init__(self, bot: Bot, rt: Runtime):
        self.bot, self.rt = bot, rt

    async def publish(self, due: BulletinDue) -> int | None:
        reply = await asyncio.to_thread(reports.scheduled, self.rt, due.chat_id)
        first: int | None = None
        try:
            for part in reports.split_text(reply.text):
                sent = await self.bot.send_message(due.chat_id, part)
                first = first or sent.message_id
        except TelegramError as error:
            if first is None:
                raise send_error(error) from error
            log.warning("the 通报 for chat %s was cut short: %s", due.chat_id, error)
            return first
        if reply.photo is not None:
            name, data = reply.photo
            try:
                await self.bot.send_photo(due.chat_id, InputFile(data, filename=name),
                                          caption=reply.photo_caption or None)
            except TelegramError as error:
                log.warning("the 通报's chart for chat %s was not sent: %s", due.chat_id, error)
        return first
