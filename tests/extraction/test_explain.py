"""`duban extract --explain`: every candidate, the rule that read it, kept or dropped and why."""

from __future__ import annotations

import json

from bot.cli import main

SPEECH = (
    "县政府办公室关于报送冬季安全检查情况的通知\n"
    "各乡镇：\n"
    "截至10月底，全县已完成检查120家。\n"
    "由县应急局牵头，县消防救援大队配合，12月20日前完成复查。\n"
    "汇报发言不超过10分钟。\n"
    "请于每月5日前报送检查进展。\n"
)


def _run(tmp_path, capsys, *options):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    assert main(["extract", str(path), "--ref", "2026-11-23", *options]) == 0
    return capsys.readouterr().out


def test_explain_names_rule_reason_and_owner_source(tmp_path, capsys):
    out = _run(tmp_path, capsys, "--explain")
    lines = out.splitlines()
    assert lines[0].startswith("共读到 4 处时间表达，其中 2 处列为督办事项")
    text = "\n".join(lines)
    assert "“10月底”　规则：month-date" in text and "舍弃：已发生的事实 [past fact]" in text
    assert ("保留：限期完成 [deadline] → 事项 1；责任单位：县应急局（来源：“由……负责/牵头” [由X负责/牵头]）；"
            "配合单位：县消防救援大队") in text
    assert "舍弃：讲话、会议时长规定 [duration norm]" in text
    assert "保留：周期性事项 [recurrence] → 事项 2；责任单位：各乡镇（来源：主送单位 [addressee]）" in text


def test_json_carries_co_owners_and_with_explain_the_candidates(tmp_path, capsys):
    payload = json.loads(_run(tmp_path, capsys, "--json"))
    assert [(o["owner"], o["co_owners"]) for o in payload["obligations"]] == [
        ("县应急局", ["县消防救援大队"]), ("各乡镇", [])]
    assert "candidates" not in payload
    payload = json.loads(_run(tmp_path, capsys, "--json", "--explain"))
    assert [(c["expression"], c["kept"], c["reason"]) for c in payload["candidates"]] == [
        ("10月底", False, "past fact"), ("12月20日前", True, "deadline"),
        ("不超过10分钟", False, "duration norm"), ("每月5日前", True, "recurrence")]
    assert payload["candidates"][1]["owner_source"] == "由X负责/牵头"
