"""Drive a real python-telegram-bot Application against the fake Bot API server."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from tests.bot.telegram.fake_bot_api import FakeBotApi, forward_origin_hidden, forward_origin_user, make_user


@pytest.fixture
async def app(fake_bot_api: FakeBotApi) -> AsyncIterator[Application]:
    application = fake_bot_api.application_builder().build()
    await application.initialize()
    yield application
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


async def start_polling(application: Application) -> None:
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))


async def test_initialize_calls_get_me(fake_bot_api: FakeBotApi, app: Application) -> None:
    assert fake_bot_api.calls[0].method == "getMe"
    assert app.bot.username == "duban_test_bot"
    assert app.bot.id == 123456


async def test_polling_echo_roundtrip(fake_bot_api: FakeBotApi, app: Application) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"收到：{update.effective_message.text}")

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await start_polling(app)
    assert fake_bot_api.calls_of("deleteWebhook"), "start_polling must clear the webhook first"

    text = "請於１０月３１日前完成整改 ✅"
    update = fake_bot_api.inject_text(text, chat_type="group", user=make_user(2002, "李四"))
    call = await fake_bot_api.wait_for_call("sendMessage")
    assert call["text"] == f"收到：{text}"
    assert call["chat_id"] == update["message"]["chat"]["id"] == -4001
    assert call["reply_parameters"]["message_id"] == update["message"]["message_id"]

    # A second update is delivered only once the first is confirmed via offset.
    fake_bot_api.inject_text("第二条")
    await fake_bot_api.wait_for_call("sendMessage", count=2)
    assert fake_bot_api.sent_texts() == [f"收到：{text}", "收到：第二条"]
    offsets = [c.get("offset") for c in fake_bot_api.calls_of("getUpdates")]
    assert update["update_id"] + 1 in offsets


async def test_reply_to_bot_message_is_linked(fake_bot_api: FakeBotApi, app: Application) -> None:
    sent = await app.bot.send_message(chat_id=1001, text="请回复本条消息确认")
    seen: list[int | None] = []

    async def on_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        assert msg is not None
        seen.append(msg.reply_to_message.message_id if msg.reply_to_message else None)
        await msg.reply_text("已确认")

    app.add_handler(MessageHandler(filters.REPLY, on_reply))
    await start_polling(app)
    fake_bot_api.inject_text("确认", reply_to=sent.message_id)
    await fake_bot_api.wait_for_call("sendMessage", count=2)
    assert seen == [sent.message_id]


async def test_message_ids_increase(fake_bot_api: FakeBotApi, app: Application) -> None:
    first = await app.bot.send_message(chat_id=1001, text="一")
    second = await app.bot.send_message(chat_id=1001, text="二")
    assert second.message_id > first.message_id
    edited = await app.bot.edit_message_text("一（已修改）", chat_id=1001, message_id=first.message_id)
    assert isinstance(edited, object) and edited.text == "一（已修改）"


async def test_document_download(fake_bot_api: FakeBotApi, app: Application) -> None:
    payload = "关于加强督查督办工作的讲话\n".encode("gb18030") + bytes(range(256))
    update = fake_bot_api.inject_document(payload, "讲话.txt", "text/plain", caption="请落实")
    file_id = update["message"]["document"]["file_id"]

    tg_file = await app.bot.get_file(file_id)
    assert tg_file.file_path is not None
    assert tg_file.file_path.startswith(f"{fake_bot_api.url}/file/bot123456:TEST/")
    data = await tg_file.download_as_bytearray()
    assert bytes(data) == payload
    assert fake_bot_api.last_call("downloadFile") is not None

    with pytest.raises(BadRequest, match="(?i)invalid file_id"):
        await app.bot.get_file("NOPE")


async def test_document_message_reaches_handler(fake_bot_api: FakeBotApi, app: Application) -> None:
    received: list[bytes] = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        doc = update.effective_message.document
        received.append(bytes(await (await doc.get_file()).download_as_bytearray()))
        await update.effective_message.reply_text(f"已收到 {doc.file_name}")

    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    await start_polling(app)
    fake_bot_api.inject_document(b"PK\x03\x04demo", "speech.docx", chat_type="supergroup")
    call = await fake_bot_api.wait_for_call("sendMessage")
    assert call["text"] == "已收到 speech.docx"
    assert call["chat_id"] == -1001000000001
    assert received == [b"PK\x03\x04demo"]


async def test_send_document_upload_is_kept(fake_bot_api: FakeBotApi, app: Application) -> None:
    blob = b"PK\x03\x04" + bytes(range(256)) * 10
    msg = await app.bot.send_document(chat_id=1001, document=blob, filename="台账.xlsx", caption="督办台账")
    assert msg.document is not None and msg.document.file_name == "台账.xlsx"
    assert fake_bot_api.uploaded_documents() == [("台账.xlsx", blob)]
    assert fake_bot_api.last_call("sendDocument")["caption"] == "督办台账"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_surfaces(fake_bot_api: FakeBotApi, app: Application) -> None:
    fake_bot_api.fail_next("sendMessage", "retry_after", retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await app.bot.send_message(chat_id=1001, text="限流")
    assert info.value.retry_after in (7, dtm.timedelta(seconds=7))
    # The fault applied once only.
    await app.bot.send_message(chat_id=1001, text="限流")
    assert [c.fault for c in fake_bot_api.calls_of("sendMessage")] == ["retry_after", None]


async def test_forbidden_surfaces(fake_bot_api: FakeBotApi, app: Application) -> None:
    fake_bot_api.fail_next("sendMessage", "forbidden", times=2)
    for _ in range(2):
        with pytest.raises(Forbidden, match="(?i)blocked by the user"):
            await app.bot.send_message(chat_id=1001, text="提醒")
    assert (await app.bot.send_message(chat_id=1001, text="提醒")).text == "提醒"


async def test_chat_migrated_surfaces(fake_bot_api: FakeBotApi, app: Application) -> None:
    fake_bot_api.fail_next("sendMessage", "migrate", migrate_to_chat_id=-1001234567890)
    with pytest.raises(ChatMigrated) as info:
        await app.bot.send_message(chat_id=-4001, text="群升级")
    assert info.value.new_chat_id == -1001234567890


async def test_server_error_and_dropped_connection(fake_bot_api: FakeBotApi, app: Application) -> None:
    fake_bot_api.fail_next("sendMessage", "server_error")
    with pytest.raises(NetworkError):
        await app.bot.send_message(chat_id=1001, text="500")

    fake_bot_api.fail_next("sendMessage", "drop")
    with pytest.raises((NetworkError, TimedOut)) as info:
        await app.bot.send_message(chat_id=1001, text="断线")
    assert not isinstance(info.value, (BadRequest, Forbidden, RetryAfter))

    # The client recovers on a fresh connection.
    assert (await app.bot.send_message(chat_id=1001, text="恢复")).text == "恢复"


async def test_polling_survives_faults(fake_bot_api: FakeBotApi, app: Application) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text("ok")

    app.add_handler(MessageHandler(filters.TEXT, echo))
    fake_bot_api.fail_next("getUpdates", "drop")
    await start_polling(app)
    fake_bot_api.inject_text("hello")
    await fake_bot_api.wait_for_call("sendMessage", timeout=10)
    assert fake_bot_api.calls_of("getUpdates")[0].fault == "drop"


async def test_too_long_message_rejected(fake_bot_api: FakeBotApi, app: Application) -> None:
    await app.bot.send_message(chat_id=1001, text="督" * 4096)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await app.bot.send_message(chat_id=1001, text="督" * 4097)
    assert fake_bot_api.sent_texts() == ["督" * 4096]


async def test_callback_query_answered(fake_bot_api: FakeBotApi, app: Application) -> None:
    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer("已标记完成")
        await query.edit_message_reply_markup(reply_markup=None)

    app.add_handler(CallbackQueryHandler(on_button))
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("完成", callback_data="done:42")]])
    sent = await app.bot.send_message(chat_id=1001, text="任务42", reply_markup=keyboard)
    await start_polling(app)

    update = fake_bot_api.inject_callback_query("done:42", message=sent.message_id)
    answer = await fake_bot_api.wait_for_call("answerCallbackQuery")
    assert answer["callback_query_id"] == update["callback_query"]["id"]
    assert answer["text"] == "已标记完成"
    edit = await fake_bot_api.wait_for_call("editMessageReplyMarkup")
    assert edit["message_id"] == sent.message_id
    assert "reply_markup" not in fake_bot_api.messages[(1001, sent.message_id)]


async def test_command_gets_entity(fake_bot_api: FakeBotApi, app: Application) -> None:
    from telegram.ext import CommandHandler

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"参数：{' '.join(context.args)}")

    app.add_handler(CommandHandler("start", start))
    await start_polling(app)
    fake_bot_api.inject_text("/start 督办")
    call = await fake_bot_api.wait_for_call("sendMessage")
    assert call["text"] == "参数：督办"


async def test_chat_admins(fake_bot_api: FakeBotApi, app: Application) -> None:
    owner = make_user(1, "王主任")
    admin = make_user(2, "赵科长")
    fake_bot_api.set_chat_admins(-4001, [admin], owner=owner)
    admins = await app.bot.get_chat_administrators(-4001)
    assert [(m.status, m.user.id) for m in admins] == [("creator", 1), ("administrator", 2)]
    with pytest.raises(BadRequest):
        await app.bot.get_chat_administrators(1001)  # a private chat has none


async def test_unknown_method_is_error(fake_bot_api: FakeBotApi, app: Application) -> None:
    from telegram.error import EndPointNotFound, InvalidToken

    with pytest.raises((EndPointNotFound, InvalidToken)):
        await app.bot.do_api_request("noSuchMethod", api_kwargs={"x": 1})
    assert fake_bot_api.last_call("noSuchMethod") is not None


async def test_wait_for_times_out(fake_bot_api: FakeBotApi) -> None:
    with pytest.raises(TimeoutError):
        await fake_bot_api.wait_for(lambda: fake_bot_api.calls_of("sendMessage"), timeout=0.1)


async def test_json_body_and_webhook(fake_bot_api: FakeBotApi) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        url = f"{fake_bot_api.base_url}{fake_bot_api.token}/setWebhook"
        async with session.post(url, json={"url": "https://example.invalid/hook", "secret_token": "s"}) as resp:
            assert (await resp.json()) == {"ok": True, "result": True}
        url = f"{fake_bot_api.base_url}{fake_bot_api.token}/getUpdates"
        async with session.post(url, json={"timeout": 0}) as resp:
            assert resp.status == 409
        async with session.post(f"{fake_bot_api.base_url}999:WRONG/getMe") as resp:
            assert resp.status == 401
    assert fake_bot_api.webhook["secret_token"] == "s"


async def test_forwarded_messages_parse(fake_bot_api: FakeBotApi, app: Application) -> None:
    origins: list[str] = []

    async def on_forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        origin = update.effective_message.forward_origin
        origins.append(origin.type)
        await update.effective_message.reply_text("ok")

    app.add_handler(MessageHandler(filters.FORWARDED, on_forward))
    await start_polling(app)
    fake_bot_api.inject_text("讲话原文", forward_origin=forward_origin_user())
    fake_bot_api.inject_document(b"x", "a.txt", forward_origin=forward_origin_hidden())
    await fake_bot_api.wait_for_call("sendMessage", count=2)
    assert origins == ["user", "hidden_user"]


def test_fault_kind_is_checked() -> None:
    with pytest.raises(ValueError):
        FakeBotApi().fail_next("sendMessage", "explode")
