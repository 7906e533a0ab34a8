"""Reading the terminal: lines that arrive together (a paste) come as one block.

A paste reaches the process in one or a few reads within milliseconds; a person typing sends
one line per Enter. So the reader waits `gap` seconds after each read: lines that came before
the pause form one block. A stream without a file descriptor (a test's StringIO) is read
whole, as one block.
"""

from __future__ import annotations

import asyncio
import os
import select
import threading
from typing import TextIO

PASTE_GAP = 0.1  # seconds of silence that end a block
Blocks = asyncio.Queue[list[str] | None]


def _fd(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


async def read_blocks(stream: TextIO, gap: float = PASTE_GAP) -> Blocks:
    """Blocks of lines (without their line ends) put on a queue as they come; None at EOF."""
    queue: Blocks = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def put(item: list[str] | None) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, item)

    fd = _fd(stream)

    def read_fd(fd: int) -> None:
        pending, block = b"", list[str]()
        while True:
            try:
                ready, _, _ = select.select([fd], [], [], gap if block else None)
                data = os.read(fd, 65536) if ready else None
            except (OSError, ValueError):  # the stream was closed under us: that is the end
                break
            if data is None:  # silence: the block is complete
                put(block)
                block = []
                continue
            if not data:
                break
            *lines, pending = (pending + data).split(b"\n")
            block += [line.decode("utf-8", "replace").rstrip("\r") for line in lines]
        if pending:
            block.append(pending.decode("utf-8", "replace").rstrip("\r"))
        if block:
            put(block)

    def reader() -> None:
        try:
            if fd is None:
                lines = [line.rstrip("\r\n") for line in stream]
                if lines:
                    put(lines)
            else:
                read_fd(fd)
        finally:
            put(None)

    threading.Thread(target=reader, name="duban-console-stdin", daemon=True).start()
    return queue
