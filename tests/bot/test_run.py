"""`duban run` as a command: polling or a webhook against the fake Bot API, the console without a
token (on data/console.db, never the bot's database), a bad setting as one Chinese line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot import messages

SPEECH = "同志们：市人社局要在3天内完成排查整改，办结后2天内报告销号。市住建局要在12月20日前报送改造计划。"
DUBAN = str(Path(sys.executable).with_name("duban"))


def clean_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DUBAN_")) and k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", **extra)
    return env


async def test_duban_run_without_a_token_is_the_console_and_ends_on_eof(tmp_path):
    proc = await asyncio.create_subprocess_exec(
        DUBAN, "run", cwd=tmp_path, env=clean_env(tmp_path), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, stderr.decode()
    text = stdout.decode()
    assert messages.CONSOLE_NO_TOKEN in text and messages.CONSOLE_BYE in text
    assert (tmp_path / "data" / "console.db").exists() and not (tmp_path / "run.db").exists()


async def test_a_bad_setting_is_one_chinese_line_not_a_traceback(tmp_path):
    proc = await asyncio.create_subprocess_exec(
        DUBAN, "run", cwd=tmp_path, env=clean_env(tmp_path, DUBAN_QUIET_HOURS="晚上"),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _stdout, stderr = await asyncio.wait_for(proc.communicate(), 60)
    lines = stderr.decode().strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1
    assert "DUBAN_QUIET_HOURS" in lines[0] and "21:00-08:00" in lines[0] and "Traceback" not in lines[0]


async def test_duban_run_polls_the_bot_api_and_stops_cleanly(fake_bot_api, tmp_path):
    env = clean_env(tmp_path, TELEGRAM_BOT_TOKEN=fake_bot_api.token, TELEGRAM_API_BASE_URL=fake_bot_api.base_url,
                    TELEGRAM_API_FILE_URL=fake_bot_api.base_file_url, DUBAN_LOG_LEVEL="DEBUG")
    proc = await asyncio.create_subprocess_exec(
        DUBAN, "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await fake_bot_api.wait_for_call("getUpdates", timeout=60)
        fake_bot_api.inject_text(SPEECH)
        listing = await fake_bot_api.wait_for_call("sendMessage", lambda c: c.ok and "请核对" in c["text"], timeout=30)
        fake_bot_api.inject_callback_query("ca:1", message=listing.result)
        await fake_bot_api.wait_for_call("editMessageText", lambda c: "已确认" in c["text"], timeout=30)
    finally:
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, stderr.decode()[-2000:]
    assert fake_bot_api.token.split(":")[1] not in stderr.decode().replace("bot123456:[REDACTED]", "")
    assert (tmp_path / "run.db").exists()


def listening(port: int) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_duban_run_with_a_webhook(fake_bot_api, tmp_path):
    import aiohttp

    port, secret = free_port(), "s3cret_hook"
    env = clean_env(tmp_path, TELEGRAM_BOT_TOKEN=fake_bot_api.token, TELEGRAM_API_BASE_URL=fake_bot_api.base_url,
                    TELEGRAM_API_FILE_URL=fake_bot_api.base_file_url, DUBAN_WEBHOOK_URL="https://duban.example.org/hook",
                    DUBAN_WEBHOOK_LISTEN="127.0.0.1", DUBAN_WEBHOOK_PORT=str(port), DUBAN_WEBHOOK_SECRET=secret)
    proc = await asyncio.create_subprocess_exec(
        DUBAN, "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        hook = await fake_bot_api.wait_for_call("setWebhook", timeout=60)
        assert hook["url"] == "https://duban.example.org/hook" and hook["secret_token"] == secret
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "chat": {"id": 1001, "type": "private", "first_name": "张三"},
            "from": {"id": 1001, "is_bot": False, "first_name": "张三"}, "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}
        async with aiohttp.ClientSession() as session:
            async def post(headers):
                async with session.post(f"http://127.0.0.1:{port}/hook", json=update, headers=headers) as response:
                    return response.status

            # PTB calls setWebhook, then starts listening: poll (bounded) until the port answers.
            await fake_bot_api.wait_for(lambda: listening(port), timeout=30)
            status = await post({"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert status == 403
            assert await post({"X-Telegram-Bot-Api-Secret-Token": secret}) == 200
        call = await fake_bot_api.wait_for_call("sendMessage", timeout=30)
        assert "督办助手" in call["text"]
    finally:
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, stderr.decode()[-2000:]
