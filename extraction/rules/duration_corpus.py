"""Corpus of bare durations (rules in duration.py), read by timex only. REF: Monday 2026-11-23."""

READS = [
    ("三天", {"kind": "duration", "within": (3, "day"), "due": None}),
    ("两个月", {"kind": "duration", "within": (2, "month")}),
    ("一个星期", {"kind": "duration", "within": (1, "week")}),
    ("48小时", {"kind": "duration", "within": (48, "hour")}),
    ("半小时", {"kind": "duration", "within": (30, "minute")}),
    ("十五天", {"kind": "duration", "within": (15, "day")}),
    ("两年", {"kind": "duration", "within": (2, "year")}),
    ("一个季度", {"kind": "duration", "within": (1, "quarter")}),
    ("5个工作日", {"kind": "duration", "within": (5, "workday")}),
    ("２周", {"kind": "duration", "within": (2, "week")}),
    ("二十分钟", {"kind": "duration", "within": (20, "minute")}),
    ("半个月", {"kind": "duration", "within": (15, "day")}),
    ("两天半", {"kind": "duration", "within": (60, "hour")}),
    ("一年半", {"kind": "duration", "within": (18, "month")}),
    ("一刻钟", {"kind": "duration", "within": (15, "minute")}),
    ("三刻钟", {"kind": "duration", "within": (45, "minute")}),
    ("开会研究", {"kind": None}),
    ("🙂👍", {"kind": None}),
]

NOT_OBLIGATIONS = [
    "三天",
    "我们用两个月时间完成了调研。",
]
