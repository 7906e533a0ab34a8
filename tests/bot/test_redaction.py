"""Issue 7 §6: the token never reaches a log line, at any level, in any form — httpx writes
file-download URLs with the token percent-encoded (/file/bot123%3AAbc…)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.logging_setup import REDACTED, configure_logging, redact
from bot.settings import Settings
from tests.bot.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:TESTsecretTESTsecretTESTsecret_abc"
SECRET = TOKEN.split(":")[1]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    filters = {h: list(h.filters) for h in handlers}
    levels = {n: logging.getLogger(n).level for n in ("httpx", "httpcore")}
    yield
    for h in list(root.handlers):
        if h not in handlers:
            root.removeHandler(h)
    for h, fs in filters.items():
        h.filters[:] = fs
    root.setLevel(level)
    for n, lv in levels.items():
        logging.getLogger(n).setLevel(lv)


async def test_a_real_download_at_debug_leaks_no_form_of_the_token(restore_logging, fake_bot_api: FakeBotApi):
    from telegram import Bot

    fake_bot_api.token = TOKEN
    stored = fake_bot_api.add_file("市人社局要在3天内完成。".encode(), "讲话 一.txt")
    buffer = io.StringIO()
    configure_logging(Settings(telegram_bot_token=TOKEN, log_level="DEBUG"), stream=buffer)
    async with Bot(TOKEN, base_url=fake_bot_api.base_url, base_file_url=fake_bot_api.base_file_url) as bot:
        file = await bot.get_file(stored.file_id)
        assert bytes(await file.download_as_bytearray()) == stored.data
    output = buffer.getvalue()
    assert "HTTP Request: GET" in output and "/file/bot123456:" + REDACTED in output  # the download was logged
    assert "DEBUG" in output
    assert SECRET not in output and "TESTsecret" not in output


@pytest.mark.parametrize("form", [TOKEN, quote(TOKEN, safe=""), quote(quote(TOKEN, safe=""), safe=""),
                                  TOKEN.replace(":", "%3a")])
def test_every_encoding_of_the_token_is_redacted(form):
    line = f"GET http://127.0.0.1/file/bot{form}/documents/file_1.txt and {form} alone, bytes b'{form}'"
    out = redact(line, [TOKEN])
    assert SECRET not in out and out.count(REDACTED) == 3


def test_a_secret_of_another_shape_is_redacted_raw_and_encoded():
    secret = "p@ss word/with:odd"
    line = f"postgresql://u:{quote(secret, safe='')}@db/x and {secret}"
    assert secret not in redact(line, [secret]) and quote(secret, safe="") not in redact(line, [secret])
