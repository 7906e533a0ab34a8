"""A fake Telegram Bot API server for tests.

It speaks the HTTP API the way python-telegram-bot 22 calls it:

* ``POST /bot<TOKEN>/<method>`` with a form (``application/x-www-form-urlencoded``, where PTB
  JSON-encodes every non-string value), a multipart body (file uploads) or a JSON body;
* ``GET /file/bot<TOKEN>/<file_path>`` for file downloads (after ``getFile``).

Usage::

    async with FakeBotApi() as server:
        app = server.application_builder().build()   # or .base_url(server.base_url) yourself
        server.inject_text("你好")
        call = await server.wait_for_call("sendMessage")

Every request is recorded as a :class:`Call` (method, params, files, time).  Faults can be
scripted for the next N calls of a method with :meth:`FakeBotApi.fail_next`.

It answers only the methods the bot calls (getMe, deleteWebhook, setWebhook, getUpdates,
sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery, sendDocument, sendPhoto,
getFile, getChatAdministrators, setMyCommands); anything else is a 404, as for a wrong method.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

DEFAULT_TOKEN = "123456:TEST"
MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64

BOT_USER: dict[str, Any] = {
    "id": 123456,
    "is_bot": True,
    "first_name": "督办助手",
    "username": "duban_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

DEFAULT_USER: dict[str, Any] = {
    "id": 1001,
    "is_bot": False,
    "first_name": "张三",
    "username": "zhangsan",
    "language_code": "zh-hans",
}

# Parameters that PTB sends as plain strings and that must not be JSON-decoded
# (a message text "123" must stay the string "123").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "file_id",
        "url",
        "secret_token",
        "inline_message_id",
        "action",
        "business_connection_id",
        "ip_address",
        "certificate",
        "document",
        "thumbnail",
        "emoji",
    }
)

FAULT_KINDS = ("retry_after", "server_error", "drop", "forbidden", "migrate", "bad_request")


def make_user(
    user_id: int = DEFAULT_USER["id"],
    first_name: str = DEFAULT_USER["first_name"],
    username: str | None = DEFAULT_USER["username"],
    **extra: Any,
) -> dict[str, Any]:
    """Build a Bot API ``User`` object for a human."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username is not None:
        user["username"] = username
    user.setdefault("language_code", "zh-hans")
    user.update(extra)
    return user


def forward_origin_user(user: dict[str, Any] | None = None, date: int | None = None) -> dict[str, Any]:
    """``forward_origin`` of a message forwarded from a user (MessageOriginUser)."""
    sender = user or make_user(3003, "王局长", "wangjz")
    return {"type": "user", "sender_user": sender, "date": date or int(time.time())}


def forward_origin_hidden(name: str = "王局长", date: int | None = None) -> dict[str, Any]:
    """``forward_origin`` of a forward from a user who hides their account."""
    return {"type": "hidden_user", "sender_user_name": name, "date": date or int(time.time())}


def make_chat(
    chat_type: str = "private",
    chat_id: int | None = None,
    user: dict[str, Any] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Build a Bot API ``Chat`` object (private chats take the user's id by default)."""
    user = user or DEFAULT_USER
    if chat_type == "private":
        chat: dict[str, Any] = {"id": chat_id if chat_id is not None else user["id"], "type": "private"}
        chat["first_name"] = user.get("first_name", "")
        if "username" in user:
            chat["username"] = user["username"]
        return chat
    if chat_type == "group":
        default_id = -4001
    elif chat_type == "supergroup":
        default_id = -1001000000001
    elif chat_type == "channel":
        default_id = -1001000000002
    else:
        raise ValueError(f"unknown chat type {chat_type!r}")
    return {
        "id": chat_id if chat_id is not None else default_id,
        "type": chat_type,
        "title": title or "督查工作群",
    }


def _command_entities(text: str) -> list[dict[str, Any]]:
    """A Telegram client marks a leading "/command" with a bot_command entity."""
    if not text.startswith("/"):
        return []
    end = 1
    while end < len(text) and not text[end].isspace():
        end += 1
    if end == 1:
        return []
    # Offsets/lengths are in UTF-16 code units; commands are ASCII.
    return [{"type": "bot_command", "offset": 0, "length": len(text[:end].encode("utf-16-le")) // 2}]


@dataclass
class Call:
    """One recorded request to the fake server."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    time: float = field(default_factory=time.monotonic)
    http_method: str = "POST"
    fault: str | None = None
    status: int | None = None  # HTTP status answered (None for a dropped connection)
    result: Any = None  # the "result" of a successful call

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class Fault:
    kind: str
    remaining: int
    retry_after: int = 1
    migrate_to_chat_id: int = -1001999999999
    description: str | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


class FakeBotApi:
    """In-process fake of the Telegram Bot API, served by aiohttp on 127.0.0.1."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_user: dict[str, Any] | None = None) -> None:
        self.token = token
        self.bot_user = dict(bot_user or BOT_USER)
        self.calls: list[Call] = []
        self.files: dict[str, StoredFile] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.chat_admins: dict[int, list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._faults: dict[str, list[Fault]] = {}
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._changed: asyncio.Condition | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._closing = False
        self.port: int | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeBotApi is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"{self.url}/file/bot"

    async def start(self) -> FakeBotApi:
        self._changed = asyncio.Condition()
        self._closing = False
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        server = self._site._server  # noqa: SLF001 - aiohttp exposes no public accessor
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._closing = True
        await self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def application_builder(self, token: str | None = None) -> Any:
        """An ``ApplicationBuilder`` pointed at this server (token, URLs, short timeouts)."""
        from telegram.ext import Application

        return (
            Application.builder()
            .token(token or self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
            .connect_timeout(2)
            .read_timeout(2)
            .write_timeout(2)
            .pool_timeout(2)
            .get_updates_connect_timeout(2)
            .get_updates_read_timeout(2)
        )

    # ------------------------------------------------------------------ faults
    def fail_next(
        self,
        method: str,
        kind: str,
        times: int = 1,
        *,
        retry_after: int = 1,
        migrate_to_chat_id: int = -1001999999999,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail.

        kinds: ``retry_after`` (429 + parameters.retry_after), ``server_error`` (500),
        ``drop`` (close the connection without a response), ``forbidden`` (403, "bot was
        blocked by the user"), ``migrate`` (400 + parameters.migrate_to_chat_id),
        ``bad_request`` (400 with ``description``).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        self._faults.setdefault(method, []).append(
            Fault(kind, times, retry_after, migrate_to_chat_id, description)
        )

    def _take_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault

    # ------------------------------------------------------------------ recorded calls
    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def last_call(self, method: str) -> Call | None:
        found = self.calls_of(method)
        return found[-1] if found else None

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of successful sendMessage calls (optionally for one chat)."""
        return [
            c.params["text"]
            for c in self.calls_of("sendMessage")
            if c.ok
            and "text" in c.params
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def uploaded_documents(self) -> list[tuple[str, bytes]]:
        """(file name, bytes) of every successful sendDocument upload, in order."""
        result = []
        for c in self.calls_of("sendDocument"):
            if c.ok and "document" in c.files:
                result.append(c.files["document"])
        return result

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy and return its value.

        Wakes on every recorded call (no fixed sleeps); also re-checks every 50 ms so that
        predicates on outside state work.  Raises ``TimeoutError`` after ``timeout`` seconds.
        """
        assert self._changed is not None, "server not started"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"condition not met within {timeout}s; calls: "
                    f"{[c.method for c in self.calls if c.method != 'getUpdates']}"
                )
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
    ) -> Call:
        """Wait until ``count`` calls of ``method`` matching ``predicate`` were recorded;
        return the last of them."""

        def check() -> Call | None:
            matching = [c for c in self.calls_of(method) if predicate is None or predicate(c)]
            return matching[count - 1] if len(matching) >= count else None

        return await self.wait_for(check, timeout)

    async def _notify(self) -> None:
        if self._changed is None:
            return
        async with self._changed:
            self._changed.notify_all()

    # ------------------------------------------------------------------ injecting updates
    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update body (``update_id`` is assigned if missing)."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        if self._changed is not None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                task = loop.create_task(self._notify())
                self._background.add(task)
                task.add_done_callback(self._background.discard)
        return update

    def _new_message(
        self,
        *,
        chat_type: str,
        chat_id: int | None,
        user: dict[str, Any] | None,
        reply_to: int | dict[str, Any] | None,
        forward_origin: dict[str, Any] | None,
        chat_title: str | None,
    ) -> dict[str, Any]:
        user = user or DEFAULT_USER
        chat = make_chat(chat_type, chat_id, user, chat_title)
        self.chats[chat["id"]] = chat
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
        }
        if reply_to is not None:
            if isinstance(reply_to, int):
                original = self.messages.get((chat["id"], reply_to))
                if original is None:
                    raise KeyError(f"no message {reply_to} in chat {chat['id']}")
                reply_to = original
            message["reply_to_message"] = reply_to
        if forward_origin is not None:
            message["forward_origin"] = forward_origin
        return message

    def inject_text(
        self,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        user: dict[str, Any] | None = None,
        reply_to: int | dict[str, Any] | None = None,
        forward_origin: dict[str, Any] | None = None,
        chat_title: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Queue a text message update.  A leading "/cmd" gets a bot_command entity as a real
        client would add.  ``reply_to`` is a message id in the same chat (e.g. a message the
        bot sent) or a message dict."""
        message = self._new_message(
            chat_type=chat_type,
            chat_id=chat_id,
            user=user,
            reply_to=reply_to,
            forward_origin=forward_origin,
            chat_title=chat_title,
        )
        message["text"] = text
        ents = entities if entities is not None else _command_entities(text)
        if ents:
            message["entities"] = ents
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        return self.inject_update({"message": message})

    def add_file(
        self, data: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        """Register bytes downloadable via getFile + /file/bot<TOKEN>/<path>."""
        n = next(self._file_ids)
        stored = StoredFile(
            file_id=f"FILE{n:06d}",
            file_unique_id=f"U{n:06d}",
            file_path=f"documents/file_{n}{_suffix(file_name)}",
            data=bytes(data),
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def inject_document(
        self,
        data: bytes,
        file_name: str,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
        user: dict[str, Any] | None = None,
        reply_to: int | dict[str, Any] | None = None,
        forward_origin: dict[str, Any] | None = None,
        chat_title: str | None = None,
        file_size: int | None = None,
    ) -> dict[str, Any]:
        """Queue a document message whose file bytes can then be downloaded.
        ``file_size`` overrides the advertised size (to test size limits cheaply)."""
        stored = self.add_file(data, file_name, mime_type)
        message = self._new_message(
            chat_type=chat_type,
            chat_id=chat_id,
            user=user,
            reply_to=reply_to,
            forward_origin=forward_origin,
            chat_title=chat_title,
        )
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(data) if file_size is None else file_size,
        }
        if mime_type:
            document["mime_type"] = mime_type
        message["document"] = document
        if caption is not None:
            message["caption"] = caption
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        return self.inject_update({"message": message})

    def inject_callback_query(
        self,
        data: str,
        *,
        message: int | dict[str, Any] | None = None,
        chat_id: int | None = None,
        user: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue a button press.  ``message`` is the id of a message (looked up in
        ``chat_id``, default the user's private chat) or a message dict; by default the last
        message the bot sent."""
        if len(data.encode()) > MAX_CALLBACK_DATA_BYTES or not data:
            raise ValueError("callback_data must be 1-64 bytes")
        user = user or DEFAULT_USER
        if message is None:
            sent = [m for m in self.messages.values() if m.get("from", {}).get("id") == self.bot_user["id"]]
            if not sent:
                raise LookupError("the bot has sent no message to attach the button to")
            message = sent[-1]
        elif isinstance(message, int):
            cid = chat_id if chat_id is not None else user["id"]
            message = self.messages[(cid, message)]
        query = {
            "id": f"CQ{next(self._callback_ids)}",
            "from": user,
            "chat_instance": f"ci{message['chat']['id']}",
            "data": data,
            "message": message,
        }
        return self.inject_update({"callback_query": query})

    # ------------------------------------------------------------------ configuring chats
    def set_chat_admins(self, chat_id: int, users: Iterable[dict[str, Any]],
                        owner: dict[str, Any] | None = None) -> None:
        members: list[dict[str, Any]] = []
        if owner is not None:
            members.append({"status": "creator", "user": owner, "is_anonymous": False})
        for u in users:
            members.append(_admin_member(u))
        self.chat_admins[chat_id] = members

    # ------------------------------------------------------------------ HTTP handlers
    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        call = Call(method=method, params=params, files=files, http_method=request.method)
        self.calls.append(call)
        await self._notify()

        if request.match_info["token"] != self.token:
            call.status = 401
            return _error(401, "Unauthorized")

        fault = self._take_fault(method)
        if fault is not None:
            call.fault = fault.kind
            response = self._fault_response(request, fault)
            call.status = response.status
            return response

        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            call.status = 404
            return _error(404, "Not Found: method not found")
        try:
            result = handler(params, files)
            if asyncio.iscoroutine(result):
                result = await result
        except _ApiError as err:
            call.status = err.code
            return _error(err.code, err.description, err.parameters)
        call.status = 200
        call.result = result
        return web.json_response({"ok": True, "result": result})

    def _fault_response(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        if fault.kind == "retry_after":
            return _error(
                429,
                fault.description or f"Too Many Requests: retry after {fault.retry_after}",
                {"retry_after": fault.retry_after},
            )
        if fault.kind == "server_error":
            return _error(500, fault.description or "Internal Server Error")
        if fault.kind == "forbidden":
            return _error(403, fault.description or "Forbidden: bot was blocked by the user")
        if fault.kind == "migrate":
            return _error(
                400,
                fault.description or "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": fault.migrate_to_chat_id},
            )
        if fault.kind == "bad_request":
            return _error(400, fault.description or "Bad Request")
        # drop: close the socket without writing a response.
        if request.transport is not None:
            request.transport.abort()
        raise _Dropped()

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        file_path = request.match_info["file_path"]
        self.calls.append(Call(method="downloadFile", params={"file_path": file_path}, http_method="GET"))
        await self._notify()
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        fault = self._take_fault("downloadFile")
        if fault is not None:
            return self._fault_response(request, fault)
        for stored in self.files.values():
            if stored.file_path == file_path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    # ------------------------------------------------------------------ API methods
    def _api_getMe(self, params: dict[str, Any], files: Any) -> Any:
        return self.bot_user

    def _api_deleteWebhook(self, params: dict[str, Any], files: Any) -> Any:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_setWebhook(self, params: dict[str, Any], files: Any) -> Any:
        if not params.get("url"):
            raise _ApiError(400, "Bad Request: bad webhook: URL must not be empty")
        self.webhook = dict(params)
        return True

    async def _api_getUpdates(self, params: dict[str, Any], files: Any) -> Any:
        if self.webhook.get("url"):
            raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            # Confirm (forget) everything before offset, as Telegram does.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        assert self._changed is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            pending = [u for u in self._updates if u["update_id"] >= offset][:limit]
            remaining = deadline - loop.time()
            if pending or remaining <= 0 or self._closing:
                allowed = params.get("allowed_updates")
                if allowed:
                    pending = [u for u in pending if any(k in u for k in allowed)]
                return pending
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    def _chat_for(self, chat_id: Any) -> dict[str, Any]:
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if chat_id in self.chats:
            return self.chats[chat_id]
        if isinstance(chat_id, int) and chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "用户"}
        if isinstance(chat_id, int):
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            return {"id": chat_id, "type": kind, "title": "群组"}
        raise _ApiError(400, "Bad Request: chat not found")

    def _bot_message(self, chat_id: Any, **content: Any) -> dict[str, Any]:
        chat = self._chat_for(chat_id)
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user,
            **{k: v for k, v in content.items() if v is not None},
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _api_sendMessage(self, params: dict[str, Any], files: Any) -> Any:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, "Bad Request: message is too long")
        _check_reply_markup(params.get("reply_markup"))
        reply_to = _reply_to_id(params)
        # Like Telegram, a sent message carries only an inline keyboard (not ForceReply or a reply keyboard).
        markup = params.get("reply_markup")
        inline = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        message = self._bot_message(params.get("chat_id"), text=text, reply_markup=inline)
        if reply_to is not None:
            original = self.messages.get((message["chat"]["id"], reply_to))
            if original is not None:
                message["reply_to_message"] = original
        return message

    def _api_editMessageText(self, params: dict[str, Any], files: Any) -> Any:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        _check_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._find_message(params)
        if message.get("text") == text and message.get("reply_markup") == params.get("reply_markup"):
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message["text"] = text
        message["edit_date"] = int(time.time())
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: Any) -> Any:
        _check_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._find_message(params)
        if params.get("reply_markup") is not None:
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return message

    def _find_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_for(params.get("chat_id"))
        message = self.messages.get((chat["id"], int(params.get("message_id") or 0)))
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        return message

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> Any:
        if not params.get("callback_query_id"):
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        return True

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        upload = files.get("document")
        if upload is None:
            existing = self.files.get(str(params.get("document")))
            if existing is None:
                raise _ApiError(400, "Bad Request: there is no document in the request")
            file_name, data = existing.file_name or "file", existing.data
        else:
            file_name, data = upload
        caption = params.get("caption")
        if caption is not None and len(caption) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        stored = self.add_file(data, file_name)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(data),
        }
        return self._bot_message(params.get("chat_id"), document=document, caption=caption)

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        upload = files.get("photo")
        if upload is None:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        file_name, data = upload
        if not data.startswith(b"\x89PNG") and not data.startswith(b"\xff\xd8"):
            raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption = params.get("caption")
        if caption is not None and len(caption) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        stored = self.add_file(data, file_name)
        photo = [{"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(data),
                  "width": 0, "height": 0}]
        return self._bot_message(params.get("chat_id"), photo=photo, caption=caption)

    def uploaded_photos(self, chat_id: int | None = None) -> list[bytes]:
        """The bytes of every successful sendPhoto upload (to `chat_id` when given), in order."""
        return [self.files[c.result["photo"][0]["file_id"]].data for c in self.calls_of("sendPhoto")
                if c.ok and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def _api_getFile(self, params: dict[str, Any], files: Any) -> Any:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > 20 * 1024 * 1024:
            raise _ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def _api_getChatAdministrators(self, params: dict[str, Any], files: Any) -> Any:
        chat = self._chat_for(params.get("chat_id"))
        if chat["type"] == "private":
            raise _ApiError(400, "Bad Request: there are no administrators in the private chat")
        return self.chat_admins.get(chat["id"], [])

    def _api_setMyCommands(self, params: dict[str, Any], files: Any) -> Any:
        return True

class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


class _Dropped(web.HTTPException):
    """Raised after aborting the transport; aiohttp cannot write to it anyway."""

    status_code = 500


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def _suffix(file_name: str | None) -> str:
    if not file_name or "." not in file_name:
        return ""
    suffix = file_name.rsplit(".", 1)[1]
    return "." + "".join(ch for ch in suffix if ch.isalnum())[:10]


def _reply_to_id(params: dict[str, Any]) -> int | None:
    if params.get("reply_to_message_id") is not None:
        return int(params["reply_to_message_id"])
    rp = params.get("reply_parameters")
    if isinstance(rp, dict) and rp.get("message_id") is not None:
        return int(rp["message_id"])
    return None


def _check_reply_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not (1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES):
                raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _admin_member(user: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": "administrator", "user": user}
    for flag in (
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
    ):
        member[flag] = flag not in ("can_be_edited", "is_anonymous", "can_promote_members")
    return member


def _decode_value(name: str, raw: str) -> Any:
    if name in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[str, bytes]] = {}
    if request.method != "POST" or not request.can_read_body:
        return {k: _decode_value(k, v) for k, v in params.items()}, files
    ctype = request.content_type
    if ctype == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params, files
    if ctype.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            name = part.name or ""
            if part.filename is not None:
                files[name] = (part.filename, bytes(await part.read()))
            else:
                params[name] = _decode_value(name, await part.text())
        return params, files
    form = await request.post()
    for key, value in form.items():
        params[key] = _decode_value(key, value) if isinstance(value, str) else value
    return params, files
