"""Corpus of clock times (rules in clock.py; times after a date are read by the date rules).
REF: Monday 2026-11-23 09:00."""

READS = [
    ("下午3点", {"kind": "date", "due": "2026-11-23", "due_time": "15:00"}),
    ("15:30", {"kind": "date", "due": "2026-11-23", "due_time": "15:30"}),
    ("晚上8点半", {"kind": "date", "due": "2026-11-23", "due_time": "20:30"}),
    ("上午十点", {"kind": "date", "due": "2026-11-23", "due_time": "10:00"}),
    ("中午12点", {"kind": "date", "due": "2026-11-23", "due_time": "12:00"}),
    ("中午1点", {"kind": "date", "due": "2026-11-23", "due_time": "13:00"}),
    ("凌晨2点", {"kind": "date", "due": "2026-11-23", "due_time": "02:00"}),
    ("下午5点前", {"kind": "deadline", "due": "2026-11-23", "due_time": "17:00"}),
    ("17时30分", {"kind": "date", "due": "2026-11-23", "due_time": "17:30"}),
    ("下午四点一刻", {"kind": "date", "due": "2026-11-23", "due_time": "16:15"}),
    ("今晚8点", {"kind": "date", "due": "2026-11-23", "due_time": "20:00"}),
    ("明早9点前", {"kind": "deadline", "due": "2026-11-24", "due_time": "09:00"}),
    ("晚上12点", {"kind": "date", "due": "2026-11-24", "due_time": "00:00"}),
    ("3点前", {"kind": "deadline", "due": "2026-11-23", "due_time": "03:00"}),
    # attached to a date (read by the date rules)
    ("明天下午3点", {"kind": "date", "due": "2026-11-24", "due_time": "15:00"}),
    ("下周三上午10点", {"kind": "date", "due": "2026-12-02", "due_time": "10:00"}),
    ("12月5日14:00", {"kind": "date", "due": "2026-12-05", "due_time": "14:00"}),
    ("2026-12-20 18:00前", {"kind": "deadline", "due": "2026-12-20", "due_time": "18:00"}),
    ("本周五下午5点前", {"kind": "deadline", "due": "2026-11-27", "due_time": "17:00"}),
    # not clock times
    ("3点意见", {"kind": None}),
    ("比例为1:10000", {"kind": None}),
    ("25:61", {"kind": None}),
    ("9点整", {"kind": "date", "due": "2026-11-23", "due_time": "09:00"}),
]

NOT_OBLIGATIONS = [
    "下午3点召开会议。",
    "提出3点意见。",
]
