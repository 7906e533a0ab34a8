"""The `duban` command: extract obligations from a speech, normalise a time expression.

    duban extract FILE|- [--ref YYYY-MM-DD] [--json] [--explain]
    duban timex "EXPR" [--ref YYYY-MM-DD[THH:MM:SS]]
    duban timex --batch < lines.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime, tzinfo

from bot import messages

# Imported where used, so `duban extract` and `duban timex` start fast: bot.documents (docx, PDF
# and encoding detection), pathlib, zoneinfo, scheduler.config (the default time zone).

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
# The CLI reads bigger files than Telegram lets a bot download (20 MB).
CLI_MAX_BYTES = 64 * 1024 * 1024


class CliError(Exception):
    """A user error: the message is shown as is and the process exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.message, self.code = message, code


def parse_ref(value: str | None, timezone: str | None = None) -> datetime:
    """--ref as a naive local datetime; today at 00:00 in `timezone` (the default time zone when
    None) when absent."""
    if not value:
        now = datetime.now(_zone(timezone))
        return datetime(now.year, now.month, now.day)
    try:
        if "T" in value or " " in value.strip():
            parsed = datetime.fromisoformat(value.strip())
            return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed.astimezone(
                _zone(timezone)).replace(tzinfo=None)
        day = date.fromisoformat(value.strip())
        return datetime(day.year, day.month, day.day)
    except ValueError:
        raise CliError(messages.CLI_BAD_REF.format(value=value)) from None


def _zone(timezone: str | None) -> tzinfo:
    from zoneinfo import ZoneInfo

    if timezone is None:
        from scheduler.config import DEFAULT_TIMEZONE

        timezone = DEFAULT_TIMEZONE
    return ZoneInfo(timezone)


def read_speech(source: str) -> str:
    """The text of FILE (.txt in UTF-8/GB18030, .docx, .pdf) or of stdin for "-"."""
    from pathlib import Path

    from bot.documents.reader import DocumentError

    if source == "-":
        data, name = sys.stdin.buffer.read(CLI_MAX_BYTES + 1), None
    else:
        path = Path(source)
        if path.is_dir():
            raise CliError(messages.CLI_IS_DIRECTORY.format(path=source))
        if not path.is_file():
            raise CliError(messages.CLI_NO_FILE.format(path=source))
        try:
            data, name = path.read_bytes(), path.name
        except OSError as exc:
            raise CliError(messages.CLI_READ_FAILED.format(path=source, reason=exc.strerror)) from None
    try:
        return extract_text(data, name, max_bytes=CLI_MAX_BYTES)
    except DocumentError as exc:
        if exc.code in ("empty", "no_text"):
            return ""
        raise CliError(exc.message) from None
    except Exception as error:  # noqa: BLE001 - a parser bug on a strange file
        raise _failed(messages.CLI_WHAT_READ.format(path=source), error) from None


def extract_text(data: bytes, name: str | None, *, max_bytes: int) -> str:
    """bot.documents.extract_text, imported when a file is read (not for `duban timex`)."""
    from bot.documents.reader import extract_text as read

    return read(data, name, max_bytes=max_bytes)


def _table(obligations, ref: datetime) -> str:
    from bot.core.timebox_text import timebox_text

    if not obligations:
        return messages.CLI_NONE_FOUND
    lines = [messages.CLI_FOUND.format(count=len(obligations), ref=ref.date().isoformat()), ""]
    lines.append(" | ".join(messages.CLI_TABLE_HEADER))
    for number, item in enumerate(obligations, 1):
        limit = f"{timebox_text(item.timebox)}　“{item.expression}”"
        if not item.timebox.confirmed and item.due:
            limit += messages.CLI_UNCONFIRMED.format(year=item.due.year)
        quote = item.quote if len(item.quote) <= 60 else item.quote[:58] + "……"
        lines.append(" | ".join([str(number), messages.CLI_KIND[item.kind], limit,
                                 item.owner or messages.CLI_UNKNOWN_OWNER, item.action, quote]))
    return "\n".join(lines)


def _failed(what: str, error: Exception) -> CliError:
    """An unexpected failure inside extraction: a Chinese message and exit 2, not a traceback."""
    return CliError(messages.CLI_FAILED.format(what=what, error=f"{type(error).__name__}: {error}"))


def _reason_text(reason: str) -> str:
    """"limit after an event (conditional trigger)" → 事件发生后的时限（条件触发）."""
    main, _, detail = reason.partition(" (")
    text = messages.EXPLAIN_REASON.get(main, main)
    if detail:
        detail = detail.rstrip(")")
        text += f"（{messages.EXPLAIN_REASON.get(detail, detail)}）"
    return f"{text} [{reason}]"


def _explanation(text: str, reading, ref: datetime) -> str:
    """Every candidate time expression: the rule that read it, kept or dropped and why, the owner."""
    from bisect import bisect_right

    if not reading.candidates:
        return messages.EXPLAIN_NONE
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    numbers = {id(o): n for n, o in enumerate(reading.obligations, 1)}
    kept = sum(1 for c in reading.candidates if c.kept and c.obligation is not None)
    lines = [messages.EXPLAIN_HEADER.format(count=len(reading.candidates), kept=kept,
                                            ref=ref.date().isoformat())]
    for number, cand in enumerate(reading.candidates, 1):
        lines.append(messages.EXPLAIN_CANDIDATE.format(
            number=number, line=bisect_right(newlines, cand.start - 1) + 1, expression=cand.expression,
            rule=cand.rule or "?", kind=messages.EXPLAIN_KIND.get(cand.kind, cand.kind)))
        if cand.kept and cand.obligation is not None:
            source = cand.owner_source
            line = messages.EXPLAIN_KEPT.format(
                reason=_reason_text(cand.reason), item=numbers.get(id(cand.obligation), "?"),
                owner=cand.owner or messages.EXPLAIN_NO_OWNER,
                source=f"{messages.EXPLAIN_OWNER_SOURCE.get(source, source)} [{source}]" if source else "—")
            if cand.obligation.co_owners:
                line += messages.EXPLAIN_KEPT_CO.format(co_owners="、".join(cand.obligation.co_owners))
            lines.append(line)
        else:
            lines.append(messages.EXPLAIN_DROPPED.format(reason=_reason_text(cand.reason)))
    return "\n".join(lines)


def _candidate_json(cand) -> dict:
    return {"start": cand.start, "end": cand.end, "expression": cand.expression, "rule": cand.rule,
            "kind": cand.kind, "kept": cand.kept, "reason": cand.reason, "owner": cand.owner,
            "owner_source": cand.owner_source}


def cmd_extract(args: argparse.Namespace) -> int:
    from extraction import extract, read

    ref = parse_ref(args.ref)
    text = read_speech(args.file)
    try:
        if args.explain:
            reading = read(text, ref)
            obligations = reading.obligations
        else:
            obligations = extract(text, ref)
    except Exception as error:  # noqa: BLE001 - one unreadable phrase must not end in a traceback
        raise _failed(messages.CLI_WHAT_EXTRACT, error) from None
    if args.json:
        payload = {"ref": ref.date().isoformat(), "obligations": [o.to_json() for o in obligations]}
        if args.explain:
            payload["candidates"] = [_candidate_json(c) for c in reading.candidates]
        print(json.dumps(payload, ensure_ascii=False))
    elif args.explain:
        print(_explanation(text, reading, ref))
    else:
        print(_table(obligations, ref))
    return EXIT_OK


def cmd_timex(args: argparse.Namespace) -> int:
    from extraction import normalise

    if not args.batch:
        if args.expr is None:
            raise CliError(messages.CLI_TIMEX_USAGE)
        ref = parse_ref(args.ref)
        try:
            result = normalise(args.expr, ref)
        except Exception as error:  # noqa: BLE001
            raise _failed(messages.CLI_WHAT_TIMEX.format(text=args.expr), error) from None
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    default_ref = parse_ref(args.ref)
    status = EXIT_OK
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        answer, problem = _batch_line(line, default_ref, normalise)
        if problem is not None:
            print(messages.CLI_BATCH_LINE.format(line=number, reason=problem), file=sys.stderr)
            answer, status = {**EMPTY_TIMEX, "error": problem}, EXIT_BAD_INPUT
        print(json.dumps(answer, ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return status


EMPTY_TIMEX = {"kind": None, "within": None, "due": None, "every": None, "event": None, "before": False}


def _batch_line(line: str, default_ref: datetime, normalise) -> tuple[dict | None, str | None]:
    """(result, None) or (None, why this line could not be answered). Never raises: one bad line
    must not cost the lines after it."""
    try:
        item = json.loads(line)
    except ValueError as error:
        return None, messages.CLI_BATCH_NOT_JSON.format(reason=error)
    if isinstance(item, dict):
        text, ref_value = item.get("text"), item.get("ref")
    else:
        text, ref_value = str(item), None
    if not isinstance(text, str):
        return None, messages.CLI_BATCH_NO_TEXT
    ref = default_ref
    if ref_value not in (None, ""):
        if not isinstance(ref_value, str):
            return None, messages.CLI_BAD_REF.format(value=ref_value)
        try:
            ref = parse_ref(ref_value)
        except CliError as error:
            return None, error.message
    try:
        return normalise(text, ref), None
    except Exception as error:  # noqa: BLE001
        return None, _failed(messages.CLI_WHAT_TIMEX.format(text=text[:40]), error).message


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办：从讲话中提取带时限的督办事项")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="从讲话文件中提取督办事项")
    extract.add_argument("file", help="讲话文件（.txt/.docx/.pdf），- 表示标准输入")
    extract.add_argument("--ref", help="参考日期 YYYY-MM-DD（默认：今天，北京时间）")
    extract.add_argument("--json", action="store_true", help="输出 JSON")
    extract.add_argument("--explain", action="store_true",
                         help="逐个列出读到的时间表达：由哪条规则读出、保留或舍弃的理由、责任单位的来源")
    extract.set_defaults(func=cmd_extract)

    timex = sub.add_parser("timex", help="解析一个时间表达")
    timex.add_argument("expr", nargs="?", help="时间表达，例如 “3个工作日内”")
    timex.add_argument("--ref", help="参考时间 YYYY-MM-DD[THH:MM:SS]")
    timex.add_argument("--batch", action="store_true", help="从标准输入逐行读取 JSON {text, ref}")
    timex.set_defaults(func=cmd_timex)

    run = sub.add_parser("run", help="运行机器人（未设置 TELEGRAM_BOT_TOKEN 时进入终端模式）")
    run.set_defaults(func=cmd_run)

    console = sub.add_parser("console", help="终端模式：不用 Telegram，在终端里体验同样的对话")
    console.add_argument("--db", default=None,
                         help="SQLite 数据库文件路径或 URL（默认 sqlite:///./data/console.db）")
    console.set_defaults(func=cmd_console)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    from bot.run import main_run

    return main_run()


def console_db(value: str | None) -> str | None:
    """--db as a database URL: a plain file path (/tmp/ux.db) is a SQLite file. A URL whose
    dialect cannot be loaded raises CliError."""
    if not value:
        return None
    if "://" not in value:
        return "sqlite:///" + value
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(value).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise CliError(messages.CLI_BAD_DB.format(value=value)) from error
    return value


def cmd_console(args: argparse.Namespace) -> int:
    from bot.run import main_console

    return main_console(console_db(args.db))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `duban extract f | head` stopped reading: leave quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
