"""Reading a document in a child process with memory and time limits.

    text = await read_document(data, "讲话.docx", DocumentLimits(memory_mb=512, timeout=30, max_chars=2_000_000))

The child (`python -m bot.documents.worker`) caps its own address space (RLIMIT_AS) and CPU
time before it touches the file, reads the bytes from stdin and writes the text (or a
DocumentError code and message) to stdout. The parent kills it when the wall-clock timeout
passes. A hostile file can exhaust the child, never the bot: every failure becomes a
DocumentError with a Chinese message.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import resource
import sys
from dataclasses import dataclass

from bot import messages
from bot.documents.reader import DEFAULT_MAX_BYTES, MB, DocumentError

log = logging.getLogger(__name__)

OK, ERROR = b"OK\n", b"ER\n"


@dataclass(frozen=True)
class DocumentLimits:
    memory_mb: float = 512  # address space of the child
    timeout: float = 30.0  # wall-clock seconds
    max_chars: int | None = 2_000_000  # extracted characters
    max_bytes: int = DEFAULT_MAX_BYTES  # the file itself


def _child_env() -> dict[str, str]:
    """The environment minus the bot's own settings (the token has no business in a parser)."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DUBAN_")) and k != "DATABASE_URL"}


async def read_document(data: bytes, filename: str | None, limits: DocumentLimits = DocumentLimits()) -> str:
    """The text of `data` as `bot.documents.reader.extract_text` reads it, parsed in a child process."""
    args = json.dumps({"filename": filename, "memory_mb": limits.memory_mb, "timeout": limits.timeout,
                       "max_chars": limits.max_chars, "max_bytes": limits.max_bytes})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.documents.worker", args, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=_child_env())
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(bytes(data)), limits.timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        log.warning("document %r: parsing killed after %.0f s", filename, limits.timeout)
        raise DocumentError("timeout", messages.DOC_TIMEOUT.format(seconds=limits.timeout)) from None
    except BaseException:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    if process.returncode == 0 and stdout.startswith(OK):
        return stdout[len(OK):].decode("utf-8")
    if process.returncode == 0 and stdout.startswith(ERROR):
        answer = json.loads(stdout[len(ERROR):])
        raise DocumentError(answer["code"], answer["message"])
    log.warning("document %r: parser exited with %s: %s", filename, process.returncode,
                stderr.decode("utf-8", "replace")[-500:])
    raise DocumentError("too_complex", messages.DOC_TOO_COMPLEX.format(memory_mb=limits.memory_mb))


def _limit_resources(memory_mb: float, timeout: float) -> None:
    memory = int(memory_mb * MB)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(timeout) + 2  # a backstop: the parent's wall-clock timeout comes first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _main(argv: list[str]) -> int:
    options = json.loads(argv[0])
    data = sys.stdin.buffer.read(options["max_bytes"] + 1)
    out = sys.stdout.buffer
    from bot.documents.reader import extract_text

    _limit_resources(options["memory_mb"], options["timeout"])
    try:
        text = extract_text(data, options["filename"], max_bytes=options["max_bytes"],
                            max_chars=options["max_chars"])
    except DocumentError as error:
        out.write(ERROR + json.dumps({"code": error.code, "message": error.message}).encode())
        return 0
    except MemoryError:
        del data
        message = messages.DOC_TOO_COMPLEX.format(memory_mb=options["memory_mb"])
        out.write(ERROR + json.dumps({"code": "too_complex", "message": message}).encode())
        return 0
    except Exception as error:  # a parser bug on a strange file: refuse it, do not crash the caller
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        out.write(ERROR + json.dumps({"code": "failed", "message": messages.DOC_FAILED}).encode())
        return 0
    out.write(OK + text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
