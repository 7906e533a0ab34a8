"""bot/settings.py and bot/logging_setup.py."""

from __future__ import annotations

import datetime as dtm
import importlib
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.logging_setup import REDACTED, RedactingFilter, configure_logging, redact
from bot.settings import Settings
from tests.bot.telegram.fake_bot_api import FakeBotApi

ENV_NAMES = [
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "TELEGRAM_API_FILE_URL",
    "DATABASE_URL",
    "DUBAN_ADMINS",
    "DUBAN_ALLOWED_CHATS",
    "DUBAN_WEBHOOK_URL",
    "DUBAN_WEBHOOK_LISTEN",
    "DUBAN_WEBHOOK_PORT",
    "DUBAN_WEBHOOK_SECRET",
    "DUBAN_TIMEZONE",
    "DUBAN_DOCUMENT_MEMORY_MB",
    "DUBAN_DOCUMENT_TIMEOUT_SECONDS",
    "DUBAN_DOCUMENT_MAX_CHARS",
    "DUBAN_MAX_ITEMS_PER_SPEECH",
    "DUBAN_QUIET_HOURS",
    "DUBAN_REMINDER_OFFSETS_DAYS",
    "DUBAN_NUDGE_TIME",
    "DUBAN_MAX_DOCUMENT_MB",
    "DUBAN_LOG_LEVEL",
]
TOKEN = "987654321:AAHsecretSECRETsecret_0123456789-abc"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env from the work tree
    yield


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


def test_defaults() -> None:
    s = Settings()
    assert s.telegram_bot_token is None and s.console_mode and s.token is None
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.telegram_api_file_url == "https://api.telegram.org/file/bot"
    assert s.database_url == "sqlite:///./data/duban.db"
    assert s.admins == [] and s.allowed_chats == []
    assert s.webhook_url is None and not s.webhook_mode
    assert (s.webhook_listen, s.webhook_port, s.webhook_secret) == ("127.0.0.1", 8443, None)
    assert s.timezone == "Asia/Shanghai" and str(s.tzinfo) == "Asia/Shanghai"
    assert (s.policy().quiet_start, s.policy().quiet_end) == (dtm.time(21, 0), dtm.time(8, 0))
    assert s.reminder_offsets_days == [3, 1]
    assert s.nudge_time == dtm.time(9, 0)
    assert s.max_document_mb == 20 and s.max_document_bytes == 20 * 1024 * 1024
    assert s.log_level == "INFO"


def test_environment_values(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "TELEGRAM_API_FILE_URL": "http://127.0.0.1:8081/file/bot",
        "DATABASE_URL": "postgresql+psycopg://duban:pw@db:5432/duban",
        "DUBAN_ADMINS": "1001, 1002,1003",
        "DUBAN_ALLOWED_CHATS": "-1001234567890,-4001",
        "DUBAN_WEBHOOK_URL": "https://duban.example.gov.cn/hook",
        "DUBAN_WEBHOOK_LISTEN": "0.0.0.0",
        "DUBAN_WEBHOOK_PORT": "8080",
        "DUBAN_WEBHOOK_SECRET": "s3cr3t-_X",
        "DUBAN_TIMEZONE": "Asia/Urumqi",
        "DUBAN_QUIET_HOURS": "22:30-7:00",
        "DUBAN_REMINDER_OFFSETS_DAYS": "1,7,3",
        "DUBAN_NUDGE_TIME": "8:30",
        "DUBAN_MAX_DOCUMENT_MB": "5",
        "DUBAN_LOG_LEVEL": "debug",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    s = Settings()
    assert s.token == TOKEN and not s.console_mode
    assert s.admins == [1001, 1002, 1003]
    assert s.allowed_chats == [-1001234567890, -4001]
    assert s.webhook_mode and s.webhook_port == 8080 and s.webhook_listen == "0.0.0.0"
    assert s.webhook_secret is not None and s.webhook_secret.get_secret_value() == "s3cr3t-_X"
    assert s.reminder_offsets_days == [7, 3, 1]
    assert s.nudge_time == dtm.time(8, 30)
    assert (s.policy().quiet_start, s.policy().quiet_end) == (dtm.time(22, 30), dtm.time(7, 0))
    assert s.policy().tz.key == "Asia/Urumqi" and s.policy().days_before == (7, 3, 1)
    assert s.max_document_bytes == 5 * 1024 * 1024
    assert s.log_level == "DEBUG"


def test_reads_dotenv_only_when_constructed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    Path(".env").write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nDUBAN_ADMINS=42\n# 注释\nDUBAN_ALLOWED_CHATS=\n",
        encoding="utf-8",
    )
    # The module holds no Settings instance: nothing is read at import time.
    module = importlib.import_module("bot.settings")
    assert not [v for v in vars(module).values() if isinstance(v, module.Settings)]
    s = module.Settings()
    assert s.token == TOKEN and s.admins == [42] and s.allowed_chats == []
    # Environment beats .env; _env_file=None ignores it.
    monkeypatch.setenv("DUBAN_ADMINS", "7")
    assert module.Settings().admins == [7]
    assert module.Settings(_env_file=None).admins == [7]
    monkeypatch.delenv("DUBAN_ADMINS")
    assert module.Settings(_env_file=None).token is None


def test_token_never_in_repr_or_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://duban:dbpass@db:5432/duban")
    s = Settings()
    for text in (repr(s), str(s), f"{s}", repr(s.model_dump())):
        assert TOKEN not in text and "AAHsecret" not in text
    assert "dbpass" not in repr(s) and "duban:***@db" in repr(s)
    # A malformed token is rejected without echoing it.
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not-a-token-but-a-secret")
    with pytest.raises(ValidationError) as info:
        Settings()
    assert "not-a-token-but-a-secret" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DUBAN_ADMINS", "1,abc"),
        ("DUBAN_WEBHOOK_PORT", "70000"),
        ("DUBAN_TIMEZONE", "Mars/Olympus"),
        ("DUBAN_QUIET_HOURS", "21:00"),
        ("DUBAN_QUIET_HOURS", "25:00-08:00"),
        ("DUBAN_REMINDER_OFFSETS_DAYS", "3,-1"),
        ("DUBAN_NUDGE_TIME", "九点"),
        ("DUBAN_NUDGE_TIME", "9点61"),
        ("DUBAN_MAX_DOCUMENT_MB", "0"),
        ("DUBAN_LOG_LEVEL", "LOUD"),
        ("DUBAN_WEBHOOK_URL", "http://insecure.example/hook"),
        ("DUBAN_WEBHOOK_SECRET", "has spaces"),
        ("TELEGRAM_API_BASE_URL", "ftp://x/bot"),
    ],
)
def test_invalid_values_rejected(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_quiet_hours_window() -> None:
    policy = Settings(quiet_hours="21:00-08:00").policy()
    assert (policy.quiet_start, policy.quiet_end, policy.has_quiet_hours) == (dtm.time(21), dtm.time(8), True)
    assert not Settings(quiet_hours="off").policy().has_quiet_hours


def test_a_bad_setting_is_one_chinese_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import explain

    monkeypatch.setenv("DUBAN_NUDGE_TIME", "九点")
    with pytest.raises(ValidationError) as info:
        Settings()
    line = explain(info.value)
    assert "\n" not in line and "DUBAN_NUDGE_TIME" in line and "09:00" in line and "九点" not in line


def test_a_setting_takes_a_clock_time_as_people_type_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_NUDGE_TIME", "9点30")
    assert Settings().policy().nudge_time == dtm.time(9, 30)


# --------------------------------------------------------------------------- logging
def test_redact_patterns() -> None:
    line = f"POST https://api.telegram.org/bot{TOKEN}/getUpdates and {TOKEN}"
    out = redact(line)
    assert TOKEN not in out and "AAHsecret" not in out
    assert "bot987654321:[REDACTED]/getUpdates" in out
    assert redact("bot123456:TEST/getMe", ["123456:TEST"]) == f"bot123456:{REDACTED}/getMe"
    assert redact("token=123456:TEST", ["123456:TEST"]) == f"token={REDACTED}"


def test_log_line_with_token_url_is_redacted(restore_logging: None) -> None:
    settings = Settings(telegram_bot_token=TOKEN, webhook_secret="hooksecret")
    buffer = io.StringIO()
    configure_logging(settings, stream=buffer)
    url = f"https://api.telegram.org/bot{TOKEN}/getUpdates"
    # The shape of httpx's request log line; a child logger, so it propagates to root.
    logging.getLogger("httpx").warning('HTTP Request: %s %s "%s"', "POST", url, "HTTP/1.1 200 OK")
    logging.getLogger("duban.test").error("webhook secret is %s", "hooksecret")
    try:
        raise RuntimeError(f"connect failed for {url}")
    except RuntimeError:
        logging.getLogger("duban.test").exception("polling failed")
    output = buffer.getvalue()
    assert TOKEN not in output and "AAHsecret" not in output and "hooksecret" not in output
    assert f"POST https://api.telegram.org/bot987654321:{REDACTED}/getUpdates" in output
    assert "RuntimeError: connect failed" in output


def test_filter_is_idempotent(restore_logging: None) -> None:
    settings = Settings(telegram_bot_token=TOKEN)
    buffer = io.StringIO()
    configure_logging(settings, stream=io.StringIO())
    configure_logging(settings, stream=buffer)
    logging.getLogger("x").warning("once")
    assert buffer.getvalue().count("once") == 1
    ours = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactingFilter) for f in h.filters)]
    assert buffer in [getattr(h, "stream", None) for h in ours]


async def test_real_httpx_logs_redacted(restore_logging: None, fake_bot_api: FakeBotApi) -> None:
    """PTB + httpx at DEBUG log the request URL with the token in it; none leaks."""
    from telegram import Bot

    token = "123456:TESTsecretTESTsecretTESTsecret_abc"
    fake_bot_api.token = token
    buffer = io.StringIO()
    configure_logging(Settings(telegram_bot_token=token, log_level="DEBUG"), stream=buffer)
    async with Bot(token, base_url=fake_bot_api.base_url, base_file_url=fake_bot_api.base_file_url) as bot:
        await bot.get_me()
    output = buffer.getvalue()
    assert "HTTP Request: POST" in output  # httpx really logged the URL
    assert f"/bot123456:{REDACTED}/getMe" in output
    assert "TESTsecret" not in output


def test_env_example_documents_every_setting() -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    text = example.read_text(encoding="utf-8")
    assigned = {line.split("=", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert set(ENV_NAMES) <= assigned
    s = Settings(_env_file=example)
    assert s.console_mode and s.reminder_offsets_days == [3, 1] and s.timezone == "Asia/Shanghai"
