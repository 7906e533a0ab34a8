"""read() pauses the cyclic garbage collector while it reads, and leaves it as it found it."""

from __future__ import annotations

import gc
import threading

import pytest

from extraction import engine, read
from extraction.rules.corpus import REF


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_resumed_after_a_read(monkeypatch):
    seen = []
    real = engine._read

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(engine, "_read", spy)
    found = read("县住建局要在3个工作日内报送方案。", REF)
    assert seen == [False] and gc.isenabled()
    assert [o.owner for o in found.obligations] == ["县住建局"]


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    read("县住建局要在3个工作日内报送方案。", REF)
    assert not gc.isenabled()


def test_resumed_when_reading_fails(monkeypatch):
    def boom(*args):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(engine, "_read", boom)
    with pytest.raises(RuntimeError):
        read("县住建局要在3个工作日内报送方案。", REF)
    assert gc.isenabled()


def test_resumed_only_when_the_last_of_several_threads_is_done():
    first_in, second_done, release = threading.Event(), threading.Event(), threading.Event()
    states = {}

    def first():
        with engine._collector_paused():
            first_in.set()
            release.wait(10)
            states["first, after the second left"] = gc.isenabled()

    def second():
        first_in.wait(10)
        with engine._collector_paused():
            pass
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert second_done.wait(10)
    states["between"] = gc.isenabled()
    release.set()
    for thread in threads:
        thread.join(10)
    assert states == {"first, after the second left": False, "between": False}
    assert gc.isenabled()
