"""`duban extract` / `duban timex` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEECH = "市人社局要在3个工作日内报送方案，每月10日前报送进展。\n办结后1天内报告销号。\n"


def duban(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def obligations(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)["obligations"]


def test_json_contract_on_a_utf8_file(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    found = obligations(duban("extract", str(path), "--ref", "2026-11-23", "--json"))
    assert [o["kind"] for o in found] == ["deadline", "recurring", "on_event"]
    first = found[0]
    assert SPEECH[first["start"]:first["end"]] == first["quote"]
    assert first["owner"] == "市人社局"
    assert first["within"] == {"n": 3, "unit": "workday"} and first["due"] == "2026-11-26"
    assert found[1]["every"]["day_of_month"] == 10
    assert found[2]["event"] == "办结" and found[2]["before"] is False


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_offsets_survive_other_encodings(tmp_path, encoding):
    path = tmp_path / "speech.txt"
    path.write_bytes(SPEECH.encode(encoding))
    found = obligations(duban("extract", str(path), "--ref", "2026-11-23", "--json"))
    assert [SPEECH[o["start"]:o["end"]] for o in found] == [o["quote"] for o in found]
    assert len(found) == 3


def test_stdin_and_readable_table():
    result = duban("extract", "-", "--ref", "2026-11-23", stdin=SPEECH.encode())
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "共发现 3 项" in out and "市人社局" in out and "2026-11-26" in out


def test_empty_input_gives_no_obligations(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert obligations(duban("extract", str(path), "--json")) == []
    assert obligations(duban("extract", "-", "--json", stdin=b"   \n")) == []


@pytest.mark.parametrize("payload", [b"\xff\xfe\x00\x00\x81\x30" * 50, b"\x00\x01\x02binary\x00" * 100,
                                     b"\x80\x81\xfe\xff" * 100])
def test_undecodable_bytes_exit_2_with_a_message(tmp_path, payload):
    path = tmp_path / "junk.txt"
    path.write_bytes(payload)
    result = duban("extract", str(path), "--json")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err and err.strip()


def test_malformed_docx_and_missing_file(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip")
    result = duban("extract", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()
    missing = duban("extract", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr.decode()


def test_bad_ref_is_refused_clearly():
    result = duban("timex", "3天内", "--ref", "2026-13-45")
    assert result.returncode == 2 and "参考日期" in result.stderr.decode()


def test_timex_single_expression():
    result = duban("timex", "下周三", "--ref", "2026-11-23")
    assert json.loads(result.stdout) == {"kind": "date", "within": None, "due": "2026-12-02", "every": None,
                                         "event": None, "before": False, "confirmed": True}
    nothing = json.loads(duban("timex", "尽快").stdout)
    assert nothing["kind"] is None


def test_timex_batch_keeps_order_in_one_process():
    lines = [{"text": "3个工作日内", "ref": "2026-11-23"}, {"text": "每月4号"},
             {"text": "明年四月", "ref": "2026-11-23T10:00:00"}, "not an object", {"text": "无时间"}]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode() + b"\n{broken\n"
    result = duban("timex", "--batch", "--ref", "2026-11-23", stdin=stdin)
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(rows) == 6
    assert rows[0]["within"] == {"n": 3, "unit": "workday"} and rows[0]["due"] == "2026-11-26"
    assert rows[1]["every"]["day_of_month"] == 4
    assert rows[2]["due"] == "2027-04-30"
    assert rows[3]["kind"] is None and rows[4]["kind"] is None
    assert rows[5]["kind"] is None and "error" in rows[5]
    assert result.returncode == 2  # the broken line is reported, the others still answered


def test_twenty_megabytes_finish(tmp_path):
    """A 20 MB speech is read whole and answered (no limit error, no traceback)."""
    path = tmp_path / "big.txt"
    unit = ("各县区要在3个工作日内报送材料。" + "这是一段没有时限的普通叙述文字，" * 20 + "\n").encode()
    path.write_bytes(unit * (20 * 1024 * 1024 // len(unit)))
    found = obligations(duban("extract", str(path), "--ref", "2026-11-23", "--json", timeout=300))
    assert len(found) == 20 * 1024 * 1024 // len(unit)


def test_a_directory_is_named_as_a_directory(tmp_path):
    result = duban("extract", str(tmp_path))
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "是一个目录" in stderr and "Traceback" not in stderr


def test_extract_piped_into_head_exits_quietly(tmp_path):
    """`duban extract f | head -1`: the reader goes away after one line; no BrokenPipe traceback."""
    path = tmp_path / "long.txt"
    path.write_text("".join(f"市第{n}局要在{n % 20 + 3}天内完成第{n}项排查整改。\n" for n in range(1, 401)),
                    encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "extract", str(path), "--ref", "2026-11-23"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its lines
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0 and first and stderr == ""


def test_console_takes_a_plain_file_path_for_its_database(tmp_path):
    db = tmp_path / "ux.db"
    result = duban("console", "--db", str(db), stdin=b"help\nquit\n")
    assert result.returncode == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert "再见" in result.stdout.decode() and db.is_file()


def test_console_refuses_an_unknown_database_url_in_chinese(tmp_path):
    result = duban("console", "--db", "foo://bar", stdin=b"quit\n")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "Traceback" not in err and "数据库地址不正确" in err
