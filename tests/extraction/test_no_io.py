"""Extraction is pure: reading a speech writes nothing (jieba builds no cache, no dictionary file)."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from extraction import owner
from extraction.rules.corpus import REF

ROOT = Path(__file__).resolve().parents[2]
SPEECH = (
    "县政府关于做好冬季安全生产工作的通知\n各乡镇、县直各部门：\n"
    "一、县应急局要在3个工作日内制定检查方案。\n"
    "二、由县住建局牵头，县消防救援大队配合，12月20日前完成高层建筑排查。\n"
    "三、各乡镇每周五报送一次排查进展，整改完成后5日内申请销号。\n"
)


@pytest.fixture
def no_writes(monkeypatch):
    """Any attempt to create, write, move or delete a file fails the test."""
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"extraction wrote {file!r} ({mode})")
        return real_open(file, mode, *args, **kwargs)

    def refuse(name):
        def call(*args, **kwargs):
            raise AssertionError(f"extraction called {name}{args!r}")
        return call

    real_os_open = os.open

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC):
            raise AssertionError(f"extraction opened {path!r} for writing")
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    for name in ("replace", "rename", "remove", "unlink", "makedirs", "mkdir"):
        monkeypatch.setattr(os, name, refuse(f"os.{name}"))
    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse(f"tempfile.{name}"))
    # build the tokenizer again under the guard, as a fresh process would
    monkeypatch.setattr(owner, "_tokenizer_instance", None)


def test_extract_writes_nothing(no_writes):
    from extraction import extract

    found = extract(SPEECH, REF)
    assert [o.owner for o in found] == ["县应急局", "县住建局", "各乡镇", "各乡镇"]


def test_no_file_appears_in_a_fresh_process(tmp_path):
    """A new process with its own empty temporary directory leaves it empty."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code = ("import sys; from datetime import datetime; from extraction import extract; "
            "print(len(extract(sys.stdin.read(), datetime(2026, 11, 23))))")
    env = {**os.environ, "TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
    done = subprocess.run([sys.executable, "-c", code], input=SPEECH, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120, check=True)
    assert done.stdout.strip() == "4"
    assert list(scratch.iterdir()) == []
    assert "pkg_resources" not in done.stderr


def test_jieba_is_loaded_only_when_an_owner_is_needed():
    """A text with no time expression, or none kept, never loads the tokenizer."""
    code = ("import sys; from datetime import datetime; from extraction import extract; "
            "extract('今天天气很好。' * 50 + '去年12月底前已经完成了验收。', datetime(2026, 11, 23)); "
            "print('jieba' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=True)
    assert done.stdout.strip() == "False"
