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
