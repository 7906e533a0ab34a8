"""All user-facing text of the bot (Simplified Chinese).

Keep every string a user can see in this module, grouped by feature.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Documents (bot/documents/): reading an uploaded or forwarded file
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
    "无法识别该文本文件的编码。请以 UTF-8、GB18030（GBK）或 Big5 编码保存后再发送，或直接粘贴讲话文字。"
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
PHOTO_NOT_READ = "暂不能识别图片中的文字。请直接粘贴讲话文字，或发送可复制文字的 .txt、.docx、.pdf 文件。"
DOC_CORRUPT_PDF = "未能从PDF中提取文字：文件已损坏或格式不正确。"
DOC_TOO_MUCH_TEXT = "文件文字过多（超过 {limit:,} 字），未予处理。请拆分后分次发送。"
DOC_TOO_COMPLEX_DOCX = ("Word 文件结构异常复杂（解压后内容过大或元素过多），未予处理。"
                        "请另存为新的 .docx 或 .txt 后再发送。")
DOC_TOO_COMPLEX = (
    "文件过于复杂，解析时超出了内存上限（{memory_mb:g} MB），未予处理。"
    "请另存为 .txt，或直接粘贴讲话文字。"
)
DOC_TIMEOUT = (
    "文件解析超时（超过 {seconds:g} 秒），未予处理。文件可能过于复杂，"
    "请另存为 .txt，或直接粘贴讲话文字。"
)
DOC_FAILED = "文件解析失败，未予处理。请另存为 .txt，或直接粘贴讲话文字。"

# ---------------------------------------------------------------------------
# Command line (bot/cli.py)
# ---------------------------------------------------------------------------
CLI_NO_FILE = "找不到文件：{path}"
CLI_IS_DIRECTORY = "{path} 是一个目录，不是文件。请给出讲话文件的路径。"
CLI_READ_FAILED = "无法读取文件：{path}（{reason}）"
CLI_BAD_REF = "参考日期格式不正确：“{value}”。请写成 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS，例如 2026-11-23。"
CLI_BATCH_LINE = "第 {line} 行：{reason}"
CLI_BATCH_NOT_JSON = "不是有效的 JSON（{reason}）"
CLI_BATCH_NO_TEXT = "缺少文字：请写成 {\"text\": \"3个工作日内\", \"ref\": \"2026-11-23\"}"
CLI_BAD_DB = ("数据库地址不正确：“{value}”。请写 SQLite 文件路径（例如 /tmp/ux.db），"
              "或数据库 URL（例如 sqlite:///./data/console.db）。")
CLI_TIMEX_USAGE = "请给出一个时间表达，例如：duban timex \"3个工作日内\"；或用 --batch 从标准输入逐行读取。"
CLI_FAILED = "{what}时出错，未能完成（{error}）。请把这段文字反馈给维护人员。"
CLI_WHAT_EXTRACT = "提取督办事项"
CLI_WHAT_READ = "读取文件 {path} "
CLI_WHAT_TIMEX = "解析时间表达“{text}”"
CLI_NONE_FOUND = "未发现带时限的督办事项。"
CLI_FOUND = "共发现 {count} 项带时限的督办事项（参考日期 {ref}）："
CLI_TABLE_HEADER = ("序号", "类型", "时限", "责任单位", "事项", "原文")
CLI_KIND = {"deadline": "限期", "recurring": "周期", "on_event": "事件后"}
CLI_UNCONFIRMED = "（{year}年节假日安排尚未公布，按周一至周五推算）"
CLI_UNKNOWN_OWNER = "（未写明）"

# `duban extract --explain`: every candidate time expression, kept or dropped and why
EXPLAIN_HEADER = "共读到 {count} 处时间表达，其中 {kept} 处列为督办事项（参考日期 {ref}）："
EXPLAIN_NONE = "没有读到时间表达。"
EXPLAIN_CANDIDATE = "[{number}] 第{line}行 “{expression}”　规则：{rule}（读作{kind}）"
EXPLAIN_KEPT = "    保留：{reason} → 事项 {item}；责任单位：{owner}（来源：{source}）"
EXPLAIN_KEPT_CO = "；配合单位：{co_owners}"
EXPLAIN_DROPPED = "    舍弃：{reason}"
EXPLAIN_NO_OWNER = "未写明"
EXPLAIN_KIND = {"deadline": "限期", "recurring": "周期", "on_event": "事件后", "date": "日期",
                "duration": "时长"}
EXPLAIN_REASON = {
    "deadline": "限期完成",
    "recurrence": "周期性事项",
    "limit after an event": "事件发生后的时限",
    "limit before an event": "事件之前的时限",
    "cut-off date": "截止日期",
    "period date with a task": "时段后接任务",
    "time label": "“完成时限”标注",
    "table column": "表格时限列",
    "heading": "标题",
    "rhetorical quote": "引语或假设",
    "past fact": "已发生的事实",
    "forecast": "预计或预期",
    "penalty condition": "逾期问责的条件",
    "exception clause": "例外情形",
    "condition": "条件从句",
    "permission-extension": "许可或延期",
    "service standard": "服务或计量标准",
    "duration norm": "讲话、会议时长规定",
    "quantity norm": "数量或频次限制",
    "meeting date": "会议举行日期",
    "attributive": "修饰名词的时间",
    "object": "作宾语的时间",
    "period start": "起始时间",
    "date only": "单纯日期，未设时限",
    "restated": "与条目正文的时限重复",
    "over the limit": "超出调用方给定的事项上限，未列出",
    "trigger earlier in the sentence": "同句前文的触发事件",
    "conditional trigger": "条件触发",
    "same trigger as the previous limit": "沿用前一时限的触发事件",
}
EXPLAIN_OWNER_SOURCE = {
    "由X负责/牵头": "“由……负责/牵头”",
    "clause subject": "分句主语",
    "carried-over subject": "承前主语",
    "item head": "条目标题",
    "label": "责任单位标注",
    "trailing label": "句末括注",
    "table column": "表格责任列",
    "addressee": "主送单位",
}

# ---------------------------------------------------------------------------
# Items (事项) as the bot shows them: lists, nudges, confirmation
# ---------------------------------------------------------------------------
ITEM_REF = "【#{id}】"  # how an item is named; replies find their item through bot.core.protocol, not this
UNKNOWN_OWNER = "（未写明责任单位）"
NO_DUE = "（无固定时限）"
KIND = CLI_KIND
STATUS = {"pending": "待确认", "open": "办理中", "review": "待审核", "done": "已办结", "closed": "已销号",
          "cancelled": "已撤销", "merged": "已合并"}
STATUS_OVERDUE = "已逾期"
STATUS_WAITING = "待触发"
STATUS_MISSED = "已逾期（{due}一期未报送进展）"
STATUS_MERGED = "已并入{ref}"
OWNER_LEAD = "{owner}（牵头）"
OWNER_CO = "{owners}（配合）"
LIMIT_NEXT = "（下次：{due}）"
LIMIT_EXTENDED = "（原定 {original}，已批准延期）"
LIMIT_WAITING = "待触发：{event}"
LIMIT_WAITING_BEFORE = "待填写{event}日期：{event}前{limit}"
LIMIT_EVENT_FALLBACK = "事件"
UNCONFIRMED_CALENDAR = "（节假日安排尚未公布，按周一至周五推算）"

# Nudges (bot/core/render.py); {ref} is ITEM_REF, {owner}/{action}/{due} are filled in.
NUDGE_BEFORE_DUE = "⏰ 提醒{ref}\n{owner}：{action}\n时限：{due}（还有 {days} 天）"
NUDGE_CLOSURE_PROMPT = "❓ 今天到期{ref}\n{owner}：{action}\n时限：{due}\n是否已办结？{answer}"
# the deadline falls on a rest day: asked on the last working day before it
NUDGE_CLOSURE_PROMPT_REST_DAY = ("❓ 时限为休息日，今天是到期前最后一个工作日{ref}\n{owner}：{action}\n时限：{due}\n"
                                 "是否已办结？{answer}")
ANSWER_BUTTONS = "已办结请点“✅ 已办结”或回复本消息“已办结”。"
ANSWER_CONSOLE = "已办结请输入 done {id}。"
NUDGE_OVERDUE = "⚠️ 已逾期{ref}\n{owner}：{action}\n时限：{due}，已逾期 {workdays} 个工作日。请尽快办理并报送进展。"
NUDGE_OVERDUE_NO_COUNT = "⚠️ 已逾期{ref}\n{owner}：{action}\n时限：{due}。请尽快办理并报送进展。"
NUDGE_REPORT_PROMPT = "📝 报送进展{ref}\n{owner}：{action}\n请于 {period_due} 前报送本期工作进展（{report}）。"
REPORT_BUTTONS = "回复本消息即可"
REPORT_CONSOLE = "输入 progress {id} 进展内容"
NUDGE_REPORT_PROMPT_NO_DAY = "📝 报送进展{ref}\n{owner}：{action}\n请报送本期工作进展（{report}）。"
NUDGE_QUOTE = "原文：{quote}"
NUDGE_MENTION = "请 {mentions} 办理。"
NUDGE_ESCALATE = "🔺 已逾期，提请督办负责同志关注{admins}。"
NUDGE_ESCALATE_PRIVATE = "🔺 已逾期，已私信提请督办负责同志关注。"
NUDGE_NOTICE = "📋 已逾期 {workdays} 个工作日，将列入下期督办通报。"
ESCALATE_PRIVATE = "🔺 督办提醒：下列事项已逾期 {workdays} 个工作日，请关注（详情见工作群）。\n\n{body}"
NUDGE_CAUGHT_UP = "（补发：机器人离线期间应发出的提醒）"
MENTION_FALLBACK = "经办同志"
BUTTON_DONE = "✅ 已办结"
BUTTON_PROGRESS = "📝 报进展"
BUTTON_SNOOZE = "⏰ 稍后提醒"
BUTTON_EXTEND = "⏳ 申请延期"
BUTTON_SNOOZE_HOUR = "1小时后"
BUTTON_SNOOZE_TOMORROW = "明天上午"
BUTTON_SNOOZE_AT = "🕘 指定时间"

# ---------------------------------------------------------------------------
# Intake and confirmation (bot/core/intake.py, bot/core/confirmation.py)
# ---------------------------------------------------------------------------
PARSING = "正在解析…"
NO_ITEMS = "未发现带时限的督办事项。如需提取，请发送完整的讲话文字或 .txt/.docx/.pdf 文件。"
EXTRACT_USAGE = "请回复一条讲话（文字或文件）并发送 /extract。"
ALREADY_IMPORTED = "这篇讲话已经导入过，以下是当时识别的事项："
SIMILAR_IMPORTED = ("这篇讲话与 {when} 导入的讲话基本相同（相似度 {score}%），不再重复导入。"
                    "以下是当时识别的事项：")
CONFIRM_HEADER = "从讲话中识别出 {count} 项督办事项，请核对（确认前不会提醒）："
CONFIRM_ITEM = "{ref}\n事项：{action}\n责任单位：{owner}\n时限：{limit}\n原文：{quote}"
CONFIRM_ITEM_SHORT = "{ref}\n事项：{action}\n责任单位：{owner}\n时限：{limit}"
CONFIRM_ITEM_DELETED = "{ref}（已删除）"
CONFIRM_ITEM_MERGED = "{ref}（已并入{into}）"
FLAG_NO_OWNER = "⚠️ 未写明责任单位，请点“改责任单位”补上"
FLAG_VAGUE = "⚠️ 时限不明确（尽快、抓紧等），可点“按{days}天”或“改时限”"
FLAG_WAITING = "⏳ 待触发：{event}后才开始计时，确认后请用按钮或 /event {number} 记录"
FLAG_WAITING_BEFORE = "⏳ 待触发：须填写{event}日期，按“{event}前{limit}”倒推时限"
FLAG_RECEIPT = "⏱ 自确认交办时起计时（视为收到通知）"
FLAG_PAST = "⚠️ 时限已过（{due}），请核对或改时限"
FLAG_DUPLICATE = "⚠️ 与{ref}相同？确认时将并入{ref}（{owner}：{action}），不合并请点“不合并”"
FLAG_CHAIN = "↳ {ref} ← {trigger} 办结后"
FLAG_CHAIN_NONE = "⚠️ 未找到对应的前序事项（{event}后），请点“改前序”指定"
LIMIT_NOT_VAGUE = "{ref}的时限已经明确，未改为默认时限；如需修改请用“改时限”。"
BUTTON_DEFAULT_LIMIT = "按{days}天{ref}"
KEEP_NOT_DUPLICATE = "{ref}没有被认作重复事项，无需“不合并”。"
BUTTON_KEEP = "不合并{ref}"
BUTTON_CHAIN = "改前序{ref}"
EDIT_CHAIN_MARK = "✏️ 改前序"
EDIT_CHAIN_PROMPT = (EDIT_CHAIN_MARK + "{ref}\n请回复本消息，写出它所跟随的事项编号（该事项办结后开始计时），"
                     "例如“#24”；写“无”表示不跟随任何事项。")
EDIT_CHAIN_BAD = "没有找到“{text}”对应的事项。请写本篇讲话中的事项编号，例如“#24”，或写“无”。"
CONFIRM_ITEM_CONFIRMED = "{ref}（已确认）{owner}：{action}"
CONFIRM_PAGE = "（第 {page}/{pages} 页）"
CONFIRM_FOOTER = "核对无误请点“全部确认”；有误可删除或修改单项。只有管理员可以确认、删除或修改。"
CONFIRM_FOOTER_PAGED = ("事项较多，已分页显示。“确认本页”只确认本页列出的事项，请逐页核对；"
                        "有误可删除或修改单项。只有管理员可以确认、删除或修改。")
CONFIRM_USE_PAGES = "本篇事项较多，已改为分页显示，请逐页核对后点“确认本页”。"
CONFIRMED_HEADER = "✅ 已确认 {count} 项督办事项，将按时提醒："
CONFIRMED_ITEM = "{ref} {owner}：{action}（时限：{limit}）"
CONFIRMED_ITEM_STATUS = "｜{status}"
CONFIRMED_MORE = "……另有 {more} 项，请用 /list 查看。"
CONFIRMED_SOME = "✅ 已确认 {count} 项（{first}至{last}）。"
CONFIRMED_SOME_LEFT = "还有 {left} 项待确认，请翻页核对。"
ITEMS_CAPPED = "⚠️ 本篇识别出 {found} 项，数量过多，仅列出前 {shown} 项；其余未导入。如确需全部导入，请拆分后分次发送。"
WAITING_FOR_ADMIN = "⏳ 已收到。须由管理员核对确认后才会生效和提醒。"
CONFIRMED_NOTHING = "所有事项均已删除，本篇讲话不再跟踪。"
AUTO_CONFIRMED_NOTE = "（本群已开启自动确认）"
BUTTON_CONFIRM_ALL = "✅ 全部确认"
BUTTON_CONFIRM_PAGE = "✅ 确认本页（{count}项）"
BUTTON_PREVIOUS = "◀ 上一页"
BUTTON_NEXT = "下一页 ▶"
BUTTON_DELETE = "删除{ref}"
BUTTON_EDIT_DUE = "改时限{ref}"
BUTTON_EDIT_OWNER = "改责任单位{ref}"
EDIT_DUE_MARK = "✏️ 改时限"
EDIT_OWNER_MARK = "✏️ 改责任单位"
PROGRESS_MARK = "📝 报进展"
EDIT_DUE_PROMPT = EDIT_DUE_MARK + "{ref}\n请回复本消息，写出新的时限，例如“12月20日前”“5个工作日内”“每月5日前”。"
EDIT_OWNER_PROMPT = EDIT_OWNER_MARK + "{ref}\n请回复本消息，写出新的责任单位，例如“市人社局”。"
PROGRESS_PROMPT = PROGRESS_MARK + "{ref}\n请回复本消息，写出目前的工作进展。"
EDIT_DUE_NOT_UNDERSTOOD = "没有看懂“{text}”这个时限。请写成“12月20日前”“5个工作日内”“每月5日前”等形式。"
EDIT_OWNER_EMPTY = "没有写新的责任单位，未修改。请写出责任单位，例如“市人社局”。"
EDITED = "已修改{ref}。"
NOT_PENDING = "{ref}已确认交办，不能再删除或改时限、责任单位；时限可以申请延期（/extend {number} 新时限 原因）。"
NOT_PENDING_DELETED = "{ref}已删除，不能再修改。"
ALREADY_CONFIRMED = "这篇讲话的事项已经确认过了。"
ONLY_ADMIN_EDITS = "只有管理员可以确认、删除或修改事项。"

# ---------------------------------------------------------------------------
# Items after confirmation: done, progress, snooze, close (bot/core/items.py, bot/core/answers.py)
# ---------------------------------------------------------------------------
DONE_WORDS = ("已办结", "办结", "已完成", "完成", "done", "✅", "已办", "办完", "已办完")
CLOSE_WORDS = ("销号", "已销号", "同意销号")
EXTENSION_WORDS = ("申请延期", "延期申请", "申请延时")
DONE_OK = "✅ 已办结{ref} {owner}：{action}。"
DONE_FOLLOW_UP = "后续事项{ref}：{action}，请于 {due} 前完成。"
DONE_ALREADY = "{ref}已经是“{status}”状态。"
CLOSE_OK = "🗂 已销号{ref} {owner}：{action}。"
CLOSE_ONLY_ADMIN = "只有管理员可以销号。"
PROGRESS_OK = "📝 已记录{ref}的进展，谢谢！"
PROGRESS_EMPTY = "进展内容是空的，未记录。请写出目前的工作进展，例如“已完成初稿，正在征求意见”。"
PROGRESS_NOT_OPEN = "{ref}已是“{status}”状态，进展未记录。"
SNOOZE_ASK = "⏰ 什么时候再提醒{ref}？"
SNOOZE_AT_PROMPT = "⏰ 稍后提醒{ref}\n请回复本消息，写出再次提醒的时间，例如“明天下午3点”“12月15日9点”。"
SNOOZE_AT_NOT_UNDERSTOOD = "没有看懂“{text}”这个时间。请写成“明天下午3点”“12月15日9点”等形式。"
SNOOZE_AT_PAST = "{when} 已经过去，请写一个以后的时间。"
# Review (办结审核) and 退回重办 (bot/core/review.py)
REVIEW_SUBMITTED = "📨 {ref} {owner}：{action}\n已报办结，待管理员审核（通过即为办结，退回则继续办理）。"
REVIEW_ADMINS = "请 {mentions} 审核。"
BUTTON_APPROVE = "✅ 通过{ref}"
BUTTON_RETURN = "↩️ 退回重办{ref}"
APPROVED_OK = "✅ 审核通过{ref} {owner}：{action}，已办结。"
NOT_IN_REVIEW = "{ref}当前是“{status}”状态，不在审核中。"
RETURN_MARK = "↩️ 退回重办"
RETURN_PROMPT = RETURN_MARK + "{ref}\n请回复本消息，写明退回原因。"
RETURNED_OK = "↩️ {ref} {owner}：{action}\n已退回重办，原因：{reason}\n请继续办理，提醒将恢复。"
RETURN_NEEDS_REASON = "请写明退回原因。"
CO_OWNER_DONE = ("📝 已记录：{ref}配合单位报告已完成。事项以牵头单位（{owner}）报办结为准。")
# Extensions (延期申请)
EXTEND_MARK = "⏳ 申请延期"
EXTEND_PROMPT = EXTEND_MARK + "{ref}\n请回复本消息，写明新的时限和原因，例如“12月30日 资金尚未到位”。"
EXTEND_COMMAND_USAGE = ("用法：/extend 编号 新时限 原因，例如 /extend 3 12月30日 资金尚未到位；"
                        "也可以回复该事项的提醒消息“申请延期 12月30日 原因”。")
EXTEND_USAGE = "申请延期请写明新的时限和原因，例如“申请延期 12月30日 资金尚未到位”。"
EXTEND_REQUESTED = ("⏳ 延期申请{ref} {owner}：{action}\n原时限：{due}\n申请延至：{to}\n原因：{reason}\n"
                    "请管理员审批。")
EXTEND_NOT_UNDERSTOOD = "没有看懂“{text}”这个日期。请写成“申请延期 12月30日 原因”。"
EXTEND_TOO_LATE = "{ref}已过时限（{due}），不能再申请延期，请尽快办理并报送进展。"
EXTEND_NOT_LATER = "申请的时限（{to}）不晚于现在的时限（{due}）。"
EXTEND_NOT_OPEN = "{ref}已是“{status}”状态，无需申请延期。"
EXTEND_NO_DUE = "{ref}没有固定时限，无需申请延期。"
BUTTON_EXTEND_YES = "同意延期"
BUTTON_EXTEND_NO = "不同意"
EXTEND_APPROVED = "✅ 同意延期{ref}：时限由 {original} 延至 {to}，提醒随之调整。"
EXTEND_REFUSED = "❌ 不同意延期{ref}：时限仍为 {due}。"
EXTEND_NONE_WAITING = "{ref}没有待审批的延期申请。"
EXTEND_DECIDED = "这项延期申请已经处理过了。"
# Events (待触发)
BUTTON_EVENT_NOW = "▶ 今天已发生{ref}"
BUTTON_EVENT_ASK = "📅 填写时间{ref}"
EVENT_MARK = "📅 记录时间"
EVENT_PROMPT = EVENT_MARK + "{ref}\n请回复本消息，写出“{event}”的时间，例如“12月15日上午9点”“今天14:30”。"
EVENT_USAGE = "用法：/event 编号 [时间]，例如 /event 5（今天已发生）或 /event 5 12月15日上午9点。"
EVENT_NEEDS_DATE = "{ref}按“{event}”日期倒推时限，请写明日期，例如 /event {number} 12月15日上午9点。"
EVENT_NOT_UNDERSTOOD = "没有看懂“{text}”这个时间。请写成“12月15日上午9点”“今天14:30”等形式。"
EVENT_NOT_WAITING = "{ref}不在等待触发。"
EVENT_OK = "▶ 已记录{ref}：{event}（{when}），时限 {due}，将按时提醒。"
SNOOZE_OK = "⏰ 好的，将于 {when} 再次提醒{ref}。"
ITEM_NOT_FOUND = "没有找到编号为 #{id} 的事项。"
REPLY_WHICH_ITEM = "不知道是指哪一项。请直接回复该事项的提醒消息，或点提醒下面的按钮。"

# ---------------------------------------------------------------------------
# Commands (bot/core/commands.py and the modules it calls)
# ---------------------------------------------------------------------------
START = (
    "您好！我是督办助手，帮助把领导讲话中的工作要求变成督办台账，并按时提醒。\n\n"
    "用法：\n"
    "1. 把讲话文字粘贴或转发给我（过长会自动合并），或发送 .txt/.docx/.pdf 文件；"
    "在群里也可以回复一篇讲话并发送 /extract。\n"
    "2. 我会列出识别出的事项（事项、责任单位、时限、原文），核对后点“全部确认”。\n"
    "3. 到期前提醒、到期当天询问是否办结、逾期后每个工作日提醒并提请负责同志关注。\n"
    "4. 回复提醒消息“已办结”即报办结；群里默认开启“办结审核”，管理员点“通过”后才算办结、"
    "开始计时后续事项（如“办结后1天内报告销号”），点“退回重办”须写明原因，提醒随即恢复。"
    "回复其他文字即记录为进展；到期前可回复“申请延期 12月30日 原因”，由管理员审批。\n"
    "5. 颜色：🔴 逾期、🟡 滞后（长期无进展或漏报）、🔵 临期、✅ 已办结、⏳ 待触发。"
    "逾期第1个工作日提醒责任人，第3个工作日告知负责同志（已私聊过机器人的私信告知），第7个工作日列入督办通报；"
    "点“稍后提醒”期间暂不升级。每周一 09:00 在群里发布督办通报（/settings 通报 关 可关闭）。\n"
    "6. “收到通知之日起”的事项自确认时计时；“会议后”“险情发生后”等事项显示“待触发”，"
    "事件发生后点“今天已发生”或发送 /event 编号 时间（例如 /event 5 12月15日上午9点）。\n\n"
    "例如：\n"
    "“市人社局要在5个工作日内完成排查整改，办结后2天内报告销号。”\n\n"
    "管理员命令：\n"
    "/list [责任单位] [逾期|本周] 台账\n"
    "/overdue 逾期事项\n"
    "/item 编号 事项详情\n"
    "/export 导出 Excel 台账\n"
    "/bind 市人社局 @用户名（或回复该同事的消息）绑定责任人\n"
    "/bind 各县区 甲县 乙县 丙区 把集体责任单位拆分到各成员单位\n"
    "/approve 编号 审核通过；/return 编号 原因 退回重办\n"
    "/close 编号 销号\n"
    "/report [本周|本月|全部] 督办通报（文字和图表）；/report docx 发送 Word 版通报\n"
    "/ics [责任单位] 导出日历（.ics，可导入手机或电脑日历）\n"
    "/grant @用户名 授予督查员（可确认、修改、销号）\n"
    "/settings 查看或修改提醒设置（办结审核、默认时限等）\n\n"
    "所有人可用：\n"
    "/event 编号 [时间] 记录事件发生（待触发事项开始计时）\n"
    "/extend 编号 12月30日 原因 申请延期\n"
    "事项编号按群分别编排（#1、#2……）。"
)
COMMAND_MENU = {  # Telegram's command menu (setMyCommands)
    "start": "使用说明", "help": "使用说明", "list": "台账：/list [责任单位] [逾期|本周]", "overdue": "逾期事项",
    "item": "事项详情：/item 编号", "export": "导出 Excel 台账", "bind": "绑定责任人：/bind 市人社局 @用户名",
    "close": "销号：/close 编号", "grant": "授予督查员：/grant @用户名", "settings": "提醒设置",
    "extract": "回复一篇讲话，提取督办事项", "event": "记录事件发生：/event 编号 [时间]",
    "approve": "审核通过：/approve 编号", "return": "退回重办：/return 编号 原因",
    "extend": "申请延期：/extend 编号 12月30日 原因",
    "report": "督办通报：/report [本周|本月|全部]，/report docx", "ics": "日历：/ics [责任单位]",
}
UNKNOWN_COMMAND = "没有“{command}”这个命令。发送 /help 查看全部命令和用法。"
NOT_ALLOWED = "抱歉，本机器人仅为指定的工作群服务，您所在的对话未获授权。如需使用，请联系管理员。"
ADMIN_ONLY = "抱歉，该命令仅限管理员使用。"
LIST_HEADER = "督办台账（{title}，共 {count} 项：{grades}）"
LIST_OWNER = "▍{owner}（{count} 项：{grades}）"
LIST_GRADE_COUNT = "{mark}{count}"
LIST_GRADE_REST = "其他{count}"
LIST_GRADE_SEPARATOR = " · "
LIST_CO_OWNERS = "（配合：{owners}）"
LIST_TITLE_ALL = "办理中"
LIST_TITLE_OVERDUE = "已逾期"
LIST_TITLE_WEEK = "本周到期"
LIST_EMPTY = "没有符合条件的事项。"
LIST_NO_OWNER = "台账中没有责任单位含“{owner}”的事项。本群事项的责任单位有：{owners}。"
LIST_MORE_OWNERS = "等 {count} 个单位"
LIST_PENDING = "另有 {count} 项事项待确认，确认后才列入台账。"
LIST_ITEM = "{mark}{ref} {action}{co}\n　时限：{limit}｜{status}"
LIST_TRUNCATED = "……另有 {more} 项未显示，完整台账请用 /export 导出。"
ITEM_USAGE = "用法：/item 编号，例如 /item 3"
CLOSE_USAGE = "用法：/close 编号，例如 /close 3"
APPROVE_USAGE = "用法：/approve 编号，例如 /approve 3（审核通过）"
RETURN_USAGE = "用法：/return 编号 原因，例如 /return 3 材料不全（退回重办）"
ITEM_DETAIL = "{ref}\n事项：{action}\n责任单位：{owner}\n时限：{limit}\n状态：{status}\n原文：{quote}"
ITEM_HISTORY_HEADER = "办理记录："
ITEM_HISTORY_LINE = "{when} {what}{detail}"
HISTORY_WHAT = {"imported": "导入", "confirmed": "确认", "done": "办结", "closed": "销号", "cancelled": "删除",
                "reopened": "重新打开", "snoozed": "稍后提醒", "triggered": "开始计时", "edited": "修改",
                "progress": "进展", "submitted": "报办结（待审核）", "approved": "审核通过", "returned": "退回重办",
                "event_date": "填写事件日期", "extension_requested": "申请延期", "extended": "批准延期",
                "extension_refused": "不同意延期", "mentioned": "再次部署", "merged": "合并"}
HISTORY_BY = "（{who}）"
HISTORY_REASON = "：{reason}"
HISTORY_EXTENDED = "：延至 {to}"
HISTORY_MENTIONED = "：在{when}的讲话中再次提出（{quote}）"
EXPORT_HISTORY_SHEET = "办理经过"
EXPORT_HISTORY_HEADER = ("序号", "时间", "经过", "经办人", "说明")
HISTORY_NUDGE = "发送提醒"
EXPORT_CAPTION = "督办台账（{count} 项），导出于 {when}"
EXPORT_FILENAME = "督办台账-{day}.xlsx"
BIND_USAGE = ("用法：/bind 责任单位 @用户名，例如 /bind 市人社局 @zhangsan；"
              "也可以回复该同事的一条消息并发送 /bind 市人社局。")
BIND_UNKNOWN_USER = ("还不认识 @{username}。请让该同事在群里发一条消息后再试，"
                     "或回复该同事的一条消息并发送 /bind {owner}。")
BIND_OK = "已绑定：{owner} → {who}。以后该单位的提醒会提到 TA。"
BIND_LIST_HEADER = "本群的责任人绑定："
BIND_MEMBERS_OK = "已设置：{collective} 包括 {members}。该单位的事项会提醒各成员单位绑定的同事。"
BIND_MEMBERS_LINE = "{collective} 包括：{members}"
BIND_LIST_EMPTY = "本群还没有绑定责任人。" + "\n" + BIND_USAGE
UNBIND_OK = "已解除 {owner} 的 {count} 个绑定。"
INSPECTOR = "督查员"
GRANT_USAGE = ("用法：/grant @用户名（或回复该同事的一条消息并发送 /grant），授予“督查员”角色："
               "可确认、删除、修改和销号事项。/revoke @用户名 收回；/grant 单独发送查看名单。")
GRANT_OK = "已授予 {who} “督查员”角色：可确认、删除、修改和销号事项。"
GRANT_UNKNOWN_USER = ("还不认识 @{username}。请让该同事在群里发一条消息后再试，"
                      "或回复该同事的一条消息并发送 /grant。")
GRANT_ALREADY = "{who} 已经是“督查员”。"
REVOKE_OK = "已收回 {who} 的“督查员”角色。"
REVOKE_NONE = "{who} 不是“督查员”。"
GRANT_LIST_HEADER = "本群的督查员："
GRANT_LIST_EMPTY = "本群还没有督查员。" + "\n" + GRANT_USAGE
GRANT_ONLY_ADMIN = "只有群管理员可以授予或收回“督查员”角色。"
SETTINGS_EXAMPLES = (
    "/settings 提醒时间 09:30、/settings 提前 3,1、/settings 免打扰 21:00-08:00（或 关）、"
    "/settings 询问时间 16:00、/settings 自动确认 开、/settings 办结审核 关、/settings 默认时限 15、"
    "/settings 临期 3、/settings 滞后 10、/settings 督办升级 1,3,7（三个逐级增大的工作日数）、"
    "/settings 通报 周一 09:00、/settings 通报 关"
)
SETTINGS_VIEW = (
    "本群提醒设置：\n"
    "时区：{timezone}\n"
    "提醒时间：{nudge_time}\n"
    "到期当天询问时间：{closure_time}\n"
    "提前提醒：{days_before} 天\n"
    "免打扰：{quiet}\n"
    "自动确认：{auto_confirm}\n"
    "办结审核：{review}\n"
    "默认时限（时限不明确时）：{default_limit} 天\n"
    "🔵 临期：{warning_days} 天内到期\n"
    "🟡 滞后：{stagnation_days} 天无进展\n"
    "督办升级（逾期第几个工作日）：{ladder}（提醒责任人、告知负责同志、列入通报）\n"
    "每周通报：{bulletin}\n\n"
    "修改示例：" + SETTINGS_EXAMPLES
)
SETTINGS_QUIET = "{start}-{end}"
SETTINGS_BULLETIN_AT = "每{weekday} {time}"
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
SETTINGS_BAD = "没有看懂这个设置，未修改。\n示例：" + SETTINGS_EXAMPLES
SETTINGS_OK = "设置已更新。"
YES, NO = "开", "关"
ERROR = "抱歉，处理时出错了，请稍后再试。"
DB_UNAVAILABLE = "数据库暂时不可用，请稍后再试。"

# ---------------------------------------------------------------------------
# Terminal mode (bot/console/): the same conversation without Telegram
# ---------------------------------------------------------------------------
CONSOLE_WELCOME = (
    "督办助手 · 终端模式（数据库：{db}；现在是 {now}）\n"
    "把讲话文字一次粘贴进来即可（段落间有空行也没关系），或输入 /file 文件路径。"
    "输入 help 查看全部命令；“快进 3天”让时间前进，看到期间的提醒。"
)
CONSOLE_USER_NAME = "终端用户"
CONSOLE_NO_TOKEN = "未设置 TELEGRAM_BOT_TOKEN，进入终端模式。"
CONSOLE_HELP = (
    "命令：\n"
    "  （一次粘贴讲话）          提取督办事项；也可以 /paste 开始、/end 结束\n"
    "  /file 路径               读取 .txt/.docx/.pdf 讲话\n"
    "  confirm                  全部确认最近一篇讲话\n"
    "  delete N / due N 新时限 / owner N 新责任单位   确认前修改\n"
    "  done N                   办结\n"
    "  progress N 进展内容      报送进展\n"
    "  snooze N [明天|时间]     稍后提醒（例如 snooze 3 明天下午3点）\n"
    "  close N                  销号（/approve N 审核通过；/return N 原因 退回重办）\n"
    "  /extend N 12月30日 原因   申请延期（管理员用 同意延期 N / 不同意延期 N 审批）\n"
    "  /event N [时间]          记录待触发事项的事件（例如 /event 5 12月15日上午9点）\n"
    "  keep N / chain N #M      确认前：不合并 / 改前序事项；limit N 按默认时限\n"
    "  /list [责任单位] [逾期|本周]、/overdue、/item N、/export [文件名]、/settings [项 值]\n"
    "  /report [本周|本月|全部] [docx]、/ics [责任单位]   督办通报、日历（文件保存在 data/ 下）\n"
    "  快进 3天（/advance 3d；可用 天/d、小时/h、分钟/m、周/w）   时间前进，期间的提醒依次发出\n"
    "  time                     查看现在的时间\n"
    "  quit                     退出"
)
CONSOLE_CONFIRM_HINT = "输入 confirm 全部确认；delete N 删除；due N 新时限；owner N 新责任单位。"
CONSOLE_ITEM_HINT = "（回复：done {id} 办结 / progress {id} 进展 / snooze {id} 稍后提醒{extend}）"
CONSOLE_ITEM_HINT_EXTEND = " / /extend {id} 12月30日 原因 申请延期"
CONSOLE_CYCLE_HINT = ("（终端中请输入：/approve N 审核通过、/return N 原因 退回重办、同意延期 N / 不同意延期 N、"
                      "/event N [时间] 记录事件）")
CONSOLE_NUDGE = "\n[{when}] {text}"
CONSOLE_NOTHING_TO_CONFIRM = "没有待确认的讲话。请先粘贴讲话文字。"
CONSOLE_NOT_UNDERSTOOD = ("没有看懂“{line}”。粘贴讲话请整篇一次贴入（或以 /paste 开始、/end 结束）；"
                          "输入 help 查看命令，例如 confirm、done 3、/list、快进 3天。")
CONSOLE_PASTE_STARTED = "请粘贴讲话，最后单独输入一行 /end。"
CONSOLE_PROGRESS_USAGE = "用法：progress 编号 进展内容，例如 progress 3 已完成初稿，正在征求意见"
CONSOLE_FILE_USAGE = "用法：/file 文件路径，例如 /file 通知.docx（可读取 .txt、.docx、.pdf）。"
CONSOLE_PASTE_EMPTY = "没有收到讲话文字。请输入 /paste，粘贴讲话，最后单独输入一行 /end。"
CONSOLE_TELEGRAM_ONLY = "“{name}”只在 Telegram 群里使用。"
CONSOLE_NUMBER_NEEDED = "请写明事项编号，例如：{example}"
CONSOLE_TIME = "现在是 {now}。"
CONSOLE_ADVANCED = "⏩ 已快进到 {now}。"
CONSOLE_ADVANCE_USAGE = "用法：快进 3天、快进 2小时，或 /advance 3d、/advance 12h（单位：天/d、小时/h、分钟/m、周/w）。"
CONSOLE_ADVANCE_TOO_FAR = "一次最多快进 {days} 天（时间不会倒回，快进过头无法撤销）。请分几次快进。"
CONSOLE_WRITE_FAILED = "无法写入文件 {path}（{reason}），请换一个路径。"
CONSOLE_EXPORTED = "已导出到 {path}（{caption}）。"
CONSOLE_BYE = "再见。"

# ---------------------------------------------------------------------------
# Settings (bot/settings.py): a bad value in the environment or .env
# ---------------------------------------------------------------------------
SETTING_BAD = "设置 {name} 的值不正确，应为{form}。请修改环境变量或 .env 后重试。"
SETTING_FORMS = {
    "TELEGRAM_BOT_TOKEN": "BotFather 给出的令牌（数字:字母串）",
    "TELEGRAM_API_BASE_URL": " http(s):// 开头的地址", "TELEGRAM_API_FILE_URL": " http(s):// 开头的地址",
    "DUBAN_ADMINS": "逗号分隔的用户 ID，例如 1001,1002",
    "DUBAN_ALLOWED_CHATS": "逗号分隔的会话 ID，例如 -1001234567890",
    "DUBAN_WEBHOOK_URL": " https:// 开头的地址", "DUBAN_WEBHOOK_PORT": " 1 到 65535 之间的端口号",
    "DUBAN_WEBHOOK_SECRET": " 1 到 256 个字母、数字、_ 或 -",
    "DUBAN_TIMEZONE": "时区名称，例如 Asia/Shanghai",
    "DUBAN_QUIET_HOURS": "“开始-结束”，例如 21:00-08:00（off 表示不设）",
    "DUBAN_REMINDER_OFFSETS_DAYS": "逗号分隔的天数，例如 3,1", "DUBAN_NUDGE_TIME": "时:分，例如 09:00",
    "DUBAN_MAX_DOCUMENT_MB": "大于 0 的兆字节数，例如 20", "DUBAN_DOCUMENT_MEMORY_MB": " 64 到 65536 之间的兆字节数",
    "DUBAN_DOCUMENT_TIMEOUT_SECONDS": "大于 0 的秒数，例如 30", "DUBAN_DOCUMENT_MAX_CHARS": "大于 0 的字数",
    "DUBAN_MAX_ITEMS_PER_SPEECH": " 1 到 100000 之间的整数", "DUBAN_MERGE_WINDOW_SECONDS": " 0 到 60 之间的秒数",
    "DUBAN_LOG_LEVEL": " DEBUG、INFO、WARNING、ERROR 或 CRITICAL", "DATABASE_URL": "数据库地址",
}

# ---------------------------------------------------------------------------
# The office's views (bot/core/report/): colour grades, the 通报 (text, chart, Word), the .ics feed,
# the xlsx 台账. Keys of GRADE_* are bot.core.report.model.Grade values, of STAGE_TEXT its Stage values.
# ---------------------------------------------------------------------------
GRADE_MARK = {"overdue": "🔴", "behind": "🟡", "due_soon": "🔵", "done": "✅", "waiting": "⏳", "open": ""}
GRADE_NAME = {"overdue": "逾期", "behind": "滞后", "due_soon": "临期", "done": "办结", "waiting": "待触发",
              "open": "正常推进"}
STAGE_TEXT = {"open": "办理中", "waiting": "待触发", "review": "待审核", "done": "已办结", "closed": "已销号",
              "cancelled": "已撤销"}
STATUS_OVERDUE_DAYS = "已逾期{days}天"
STATUS_DUE_SOON = "临期（还有{days}天）"
STATUS_DUE_TODAY = "临期（今天到期）"
STATUS_STAGNANT = "滞后（{days}天无进展）"
REPORT_STATUS_MISSED = "滞后（漏报{missed}期）"
REPORT_DAY = "{month}月{day}日"
REPORT_DATE = "{year}年{month}月{day}日"
REPORT_PERIOD_WEEK = "本周（{start}—{end}）"
REPORT_PERIOD_LAST_WEEK = "上周（{start}—{end}）"
REPORT_PERIOD_MONTH = "本月（{start}—{end}）"
REPORT_PERIOD_ALL = "全部（截至{end}）"
REPORT_TITLE = "督办通报"
REPORT_HEAD = "{period}督办通报"
REPORT_AS_OF = ("截至{when}，共有督办事项{total}项：办理中{open}项（其中逾期{overdue}项），待审核{review}项，"
                "待触发{waiting}项，已办结{done}项。")
REPORT_NUMERALS = "一二三四五六七八九十"
REPORT_SECTION = "{numeral}、{title}"
REPORT_SECTION_NEW = "新交办事项{count}项"
REPORT_SECTION_DONE = "办结事项{count}项（按时办结{on_time}项，超期办结{late}项）"
REPORT_SECTION_OVERDUE = "逾期未办结事项{count}项（单位按名称音序排列，不作排名）"
REPORT_SECTION_PENDING = "待审核事项{review}项，待触发事项{waiting}项"
REPORT_SECTION_MISSED = "周期性报送未按时报送{count}项"
REPORT_SECTION_ESCALATED = "逾期满7天、需重点督办的事项{count}项"
REPORT_NONE = "无。"
REPORT_ITEM = "{ref}{owner}：{task}（时限：{due}）"
REPORT_ITEM_LATE = "{ref}{owner}：{task}（时限：{due}，{done}办结）"
REPORT_OWNER_OVERDUE = "{owner}（{count}项）：{refs}"
REPORT_ITEM_OVERDUE = "{ref}{task}（时限：{due}，已逾期{days}天）"
REPORT_ITEM_REVIEW = "{ref}{owner}：{task}（{done}报办结，待审核）"
REPORT_ITEM_WAITING = "{ref}{owner}：{task}（{limit}）"
REPORT_ITEM_MISSED = "{ref}{owner}：{task}（{recurrence}，漏报{missed}期）"
REPORT_ITEM_ESCALATED = "{ref}{owner}：{task}（时限：{due}，已逾期{days}天）"
REPORT_REVIEW_LABEL = "待审核："
REPORT_WAITING_LABEL = "待触发："
REPORT_ON_TIME_LABEL = "按时办结："
REPORT_LATE_LABEL = "超期办结："
REPORT_REF_SEPARATOR = "、"
REPORT_DOCX_FILENAME = "督办通报-{day}.docx"
REPORT_CHART_FILENAME = "督办通报图表-{day}.png"
REPORT_DOCX_DATE = "{date}"
REPORT_DOCX_TABLE_TITLE = "各单位办理情况（单位按名称音序排列）"
REPORT_DOCX_TABLE_HEADER = ("责任单位", "按时办结", "超期办结", "办理中", "逾期", "合计")
REPORT_DOCX_TABLE_TOTAL = "合计"
REPORT_DOCX_CHART_CAPTION = "图　各单位督办事项办理情况"
CHART_TITLE = "{period}各单位督办事项办理情况"
CHART_SERIES = {"done_on_time": "按时办结", "done_late": "超期办结", "open": "办理中", "overdue": "逾期"}
CHART_AXIS = "事项数（项）"
CHART_EMPTY = "本期没有督办事项"
CHART_OTHERS = "其他{count}个单位"
ICS_CALENDAR_NAME = "督办事项"
ICS_CALENDAR_NAME_OWNER = "督办事项（{owner}）"
ICS_SUMMARY = "{ref}{owner}：{task}"
ICS_OWNER = "责任单位：{owner}"
ICS_CO_OWNERS = "配合单位：{owners}"
ICS_LIMIT = "时限：{limit}"
ICS_SOURCE = "来源：{source}"
ICS_QUOTE = "原文：{quote}"
ICS_FILENAME = "督办事项-{day}.ics"
ICS_CAPTION = "督办事项日历（{count} 个日程），可导入手机或电脑的日历。"
ICS_CAPTION_OWNER = "{owner}的督办事项日历（{count} 个日程），可导入手机或电脑的日历。"
REPORT_DOCX_CAPTION = "{period}督办通报（Word 文档，可编辑后转发）"
REPORT_USAGE = "用法：/report [本周|本月|全部|上周]，加 docx 发送 Word 文档，例如 /report 本月 docx"
REPORT_SAVED_CHART = "图表已保存到 {path}"
CONSOLE_SAVED = "已保存到 {path}"
LEDGER_SHEET = "督办台账"
LEDGER_HEADER = ("序号", "事项来源", "工作任务", "责任单位", "完成时限", "进展情况", "状态", "办结/销号日期")
LEDGER_PRINT_HEADER = "督办台账"
LEDGER_PRINT_FOOTER = "第 &P 页，共 &N 页"
LEDGER_SOURCE = "{title}（{date}）"
LEDGER_LEAD = "牵头：{owner}"
LEDGER_CO_OWNERS = "配合：{owners}"
LEDGER_DUE_ORIGINAL = "原定：{date}"
LEDGER_DUE_APPROVED = "延期至：{date}（已批准）"
LEDGER_DUE_PERIOD = "本期：{date}"
DUE_EXTENDED = "{date}（已延期）"
LEDGER_PROGRESS = "{date}：{text}"
LEDGER_DONE = "办结：{date}"
LEDGER_CLOSED = "销号：{date}"
LEDGER_FILENAME = "督办台账-{day}.xlsx"
