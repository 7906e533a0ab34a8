"""All user-facing text of the bot (Simplified Chinese).

Keep every string a user can see in this module, grouped by feature.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Documents (bot/documents.py): reading an uploaded or forwarded file
# ---------------------------------------------------------------------------
DOC_EMPTY = "文件是空的，没有可读取的内容。"
DOC_NO_TEXT = "文件中没有找到文字内容。请确认文件内容后再发送，或直接粘贴讲话文字。"
DOC_TOO_LARGE = (
    "文件过大（约 {size_mb:.1f} MB），超过 {limit_mb:g} MB 的上限。"
    "请拆分后再发送，或直接粘贴讲话文字。"
)
DOC_UNSUPPORTED = (
    "暂不支持“{ext}”格式的文件。请发送 .txt、.docx 或 .pdf 文件，或直接粘贴讲话文字。"
)
DOC_LEGACY_WORD = (
    "暂不支持旧版 Word（.doc）或 WPS 格式。请在 Word / WPS 中“另存为”.docx 后再发送。"
)
DOC_UNDECODABLE = (
    "无法识别该文本文件的编码。请以 UTF-8 或 GB18030（GBK）编码保存后再发送。"
)
DOC_BINARY = "该文件不是文本文件，无法读取。请发送 .txt、.docx 或 .pdf 文件。"
DOC_CORRUPT_DOCX = "Word 文件已损坏或格式不正确，无法打开。请重新保存为 .docx 后再发送。"
DOC_PDF_ENCRYPTED = (
    "未能从PDF中提取文字：文件已加密。请解除密码保护后再发送，或直接粘贴讲话文字。"
)
DOC_PDF_NO_TEXT = (
    "未能从PDF中提取文字：该文件可能是扫描件或图片。"
    "请发送可复制文字的版本，或直接粘贴讲话文字。"
)
DOC_CORRUPT_PDF = "未能从PDF中提取文字：文件已损坏或格式不正确。"

# ---------------------------------------------------------------------------
# Command line (bot/cli.py)
# ---------------------------------------------------------------------------
CLI_NO_FILE = "找不到文件：{path}"
CLI_READ_FAILED = "无法读取文件：{path}（{reason}）"
CLI_BAD_REF = "参考日期格式不正确：“{value}”。请写成 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS，例如 2026-11-23。"
CLI_BAD_BATCH_LINE = "第 {line} 行不是有效的 JSON：{reason}"
CLI_NONE_FOUND = "未发现带时限的督办事项。"
CLI_FOUND = "共发现 {count} 项带时限的督办事项（参考日期 {ref}）："
CLI_TABLE_HEADER = ("序号", "类型", "时限", "责任单位", "事项", "原文")
CLI_KIND = {"deadline": "限期", "recurring": "周期", "on_event": "事件后"}
CLI_UNCONFIRMED = "（{year}年节假日安排尚未公布，按周一至周五推算）"
CLI_UNKNOWN_OWNER = "（未写明）"

# ---------------------------------------------------------------------------
# Items (事项) as the bot shows them: lists, nudges, confirmation
# ---------------------------------------------------------------------------
ITEM_REF = "【#{id}】"  # every message about one item carries this marker; replies are matched by it
UNKNOWN_OWNER = "（未写明责任单位）"
NO_DUE = "（无固定时限）"
KIND = CLI_KIND
STATUS = {"pending": "待确认", "open": "办理中", "done": "已办结", "closed": "已销号", "cancelled": "已撤销"}
STATUS_OVERDUE = "已逾期"
UNCONFIRMED_CALENDAR = "（节假日安排尚未公布，按周一至周五推算）"

# Nudges (bot/telegram_notifier.py); {ref} is ITEM_REF, {owner}/{action}/{due} are filled in.
NUDGE_BEFORE_DUE = "⏰ 提醒{ref}\n{owner}：{action}\n时限：{due}（还有 {days} 天）"
NUDGE_CLOSURE_PROMPT = "❓ 今天到期{ref}\n{owner}：{action}\n时限：{due}\n是否已办结？已办结请点“✅ 已办结”或回复本消息“已办结”。"
NUDGE_OVERDUE = "⚠️ 已逾期{ref}\n{owner}：{action}\n时限：{due}，已逾期 {workdays} 个工作日。请尽快办理并报送进展。"
NUDGE_OVERDUE_NO_COUNT = "⚠️ 已逾期{ref}\n{owner}：{action}\n时限：{due}。请尽快办理并报送进展。"
NUDGE_REPORT_PROMPT = "📝 报送进展{ref}\n{owner}：{action}\n请于 {period_due} 前报送本期工作进展（回复本消息即可）。"
NUDGE_REPORT_PROMPT_NO_DAY = "📝 报送进展{ref}\n{owner}：{action}\n请报送本期工作进展（回复本消息即可）。"
NUDGE_QUOTE = "原文：{quote}"
NUDGE_MENTION = "请 {mentions} 办理。"
NUDGE_ESCALATE = "🔺 已逾期，提请督办负责同志关注{admins}。"
NUDGE_CAUGHT_UP = "（补发：机器人离线期间应发出的提醒）"
MENTION_FALLBACK = "经办同志"
BUTTON_DONE = "✅ 已办结"
BUTTON_PROGRESS = "📝 报进展"
BUTTON_SNOOZE = "⏰ 稍后提醒"
BUTTON_SNOOZE_HOUR = "1小时后"
BUTTON_SNOOZE_TOMORROW = "明天上午"
