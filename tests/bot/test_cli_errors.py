"""Issue 7 §4 for the command line: an unexpected failure inside extraction is a Chinese message
and exit 2 (never a traceback and exit 1); `timex --batch` answers every line, naming a bad ref
as a bad ref."""

from __future__ import annotations

import json

import pytest

import extraction
from bot import cli, messages

SPEECH = "市人社局要在3个工作日内报送方案。"


@pytest.fixture
def broken(monkeypatch):
    def fail(*args, **kwargs):
        raise KeyError("半")

    monkeypatch.setattr(extraction, "extract", fail)
    monkeypatch.setattr(extraction, "normalise", fail)


def run(capsys, monkeypatch, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_an_extraction_error_exits_2_with_a_chinese_message(tmp_path, capsys, monkeypatch, broken):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, ["extract", str(path), "--ref", "2026-11-23", "--json"])
    assert code == 2 and out == ""
    assert messages.CLI_WHAT_EXTRACT in err and "KeyError" in err and "Traceback" not in err


def test_a_timex_error_exits_2_with_a_chinese_message(capsys, monkeypatch, broken):
    code, _out, err = run(capsys, monkeypatch, ["timex", "半分钟内", "--ref", "2026-11-23"])
    assert code == 2 and "解析时间表达“半分钟内”时出错" in err


def test_batch_keeps_going_past_a_failing_line(capsys, monkeypatch):
    real = extraction.normalise

    def normalise(text, ref):
        if text == "坏":
            raise ValueError("year 0 is out of range")
        return real(text, ref)

    monkeypatch.setattr(extraction, "normalise", normalise)
    lines = [{"text": "3个工作日内"}, {"text": "坏"}, {"text": "每月4号"}]
    code, out, err = run(capsys, monkeypatch, ["timex", "--batch", "--ref", "2026-11-23"],
                         "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and len(rows) == 3
    assert rows[0]["due"] == "2026-11-26" and rows[2]["every"]["day_of_month"] == 4
    assert rows[1]["kind"] is None and "year 0" in rows[1]["error"]
    assert "第 2 行" in err


def test_batch_reports_a_bad_ref_as_a_bad_ref_and_answers_the_rest(capsys, monkeypatch):
    lines = ['{"text": "3个工作日内", "ref": "2026-13-45"}', '{"text": "3个工作日内", "ref": 20261123}',
             '{"text": "3个工作日内", "ref": ["2026-11-23"]}', "{broken", '{"ref": "2026-11-23"}',
             '{"text": "3个工作日内", "ref": "2026-11-23"}']
    code, out, err = run(capsys, monkeypatch, ["timex", "--batch"], "\n".join(lines) + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and len(rows) == 6
    for row in rows[:3]:
        assert "参考日期格式不正确" in row["error"] and "JSON" not in row["error"]
    assert "不是有效的 JSON" in rows[3]["error"] and "缺少文字" in rows[4]["error"]
    assert rows[5]["due"] == "2026-11-26" and "error" not in rows[5]
    assert err.count("参考日期格式不正确") == 3


def test_duban_extract_is_not_capped_like_the_bot(tmp_path, capsys, monkeypatch):
    from bot.core.runtime import DEFAULT_MAX_ITEMS

    count = DEFAULT_MAX_ITEMS + 20
    path = tmp_path / "long.txt"
    path.write_text("\n".join(f"{i}. 市人社局要在{i % 9 + 2}个工作日内完成第{i}批排查。" for i in range(1, count + 1)),
                    encoding="utf-8")
    code, out, _err = run(capsys, monkeypatch, ["extract", str(path), "--ref", "2026-11-23", "--json"])
    assert code == 0 and len(json.loads(out)["obligations"]) == count


def test_a_reader_bug_exits_2_with_a_chinese_message(tmp_path, capsys, monkeypatch):
    def fail(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(cli, "extract_text", fail)
    path = tmp_path / "speech.docx"
    path.write_bytes(b"PK\x03\x04")
    code, _out, err = run(capsys, monkeypatch, ["extract", str(path)])
    assert code == 2 and "读取文件" in err and "IndexError" in err and "Traceback" not in err
