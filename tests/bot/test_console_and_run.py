"""`duban console` (in process and as a command) and `duban run` (polling against the fake
Bot API in a subprocess; console mode without a token, ending on EOF)."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from pathlib import Path

import openpyxl

from bot import messages
from bot.console import Console, ConsoleNotifier, run_console
from bot.runtime import Runtime
from bot.sweeping import start_sweep, stop_sweep
from harness import ManualClock, T0, sh
from storage.db import make_engine
from storage.migrate import upgrade

SPEECH = "同志们：市人社局要在3天内完成排查整改，办结后2天内报告销号。市住建局要在12月20日前报送改造计划。"
DUBAN = str(Path(sys.executable).with_name("duban"))


async def test_console_session_on_eof(tmp_path):
    lines = [SPEECH, "", "due 3 12月10日前", "confirm", "progress 1 已完成排查", "done 1", "/list", "/overdue",
             "/item 1", f"/export {tmp_path / 'ledger.xlsx'}", "/settings 提醒时间 09:30", "help",
             "/file " + str(tmp_path / "missing.txt"), "市民政局要在5天内完成走访慰问。"]  # unterminated paste: read at EOF
    out: list[str] = []
    code = await run_console(f"sqlite:///{tmp_path / 'c.db'}", speed=1.0, stdin=io.StringIO("\n".join(lines) + "\n"),
                             out=out.append)
    text = "\n".join(out)
    assert code == 0 and out[-1] == messages.CONSOLE_BYE
    assert "请核对" in text and messages.CONSOLE_CONFIRM_HINT in text
    assert "已修改【#3】" in text and "已确认 3 项" in text
    assert "已记录【#1】的进展" in text and "已办结【#1】" in text and "后续事项【#2】" in text
    assert "督办台账（办理中" in text and "状态：已办结" in text and "提醒时间：09:30" in text
    assert "找不到文件" in text and "市民政局" in text  # the paste cut off by EOF was still read
    rows = list(openpyxl.load_workbook(tmp_path / "ledger.xlsx").active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [1, 2, 3]


async def test_console_prints_nudges_as_they_fire(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    upgrade(url)
    clock = ManualClock(T0)
    rt = Runtime(engine=make_engine(url), clock=clock)
    out: list[str] = []
    console = Console(rt, out.append)
    loop = start_sweep(rt, ConsoleNotifier(console), max_idle=3600)
    try:
        for line in (SPEECH, "", "confirm"):
            await console.handle(line)
        clock.set(sh(2026, 11, 25, 9))  # 1 day before the 11-26 limit
        await loop.tick()
        assert any("提醒【#1】" in line for line in out)
        assert any("done 1" in line for line in out)
        clock.set(sh(2026, 11, 26, 16))
        await loop.tick()
        assert any("今天到期【#1】" in line for line in out)
    finally:
        await stop_sweep(rt)
        rt.engine.dispose()


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


async def test_console_time_never_runs_backwards_between_sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    first: list[str] = []
    await run_console(url, speed=1.0, stdin=io.StringIO(SPEECH + "\n\nconfirm\n"), out=first.append)
    from sqlmodel import update

    from storage.models import ObligationChange

    engine = make_engine(url)
    with engine.begin() as connection:  # as if the first session had run far ahead in simulated time
        connection.execute(update(ObligationChange).values(at=sh(2030, 1, 1, 12)))
    engine.dispose()
    second: list[str] = []
    await run_console(url, speed=1.0, stdin=io.StringIO("time\n"), out=second.append)
    assert any("模拟时间：2030-01-01 12:0" in line for line in second)
