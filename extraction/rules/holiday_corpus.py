"""Corpus of the festival family (rules in holiday.py). REF: Monday 2026-11-23.

Festival days at that reference: 元旦 2027-01-01, 春节 2027-02-06 (lunar 1/1), 元宵 2027-02-20,
清明 2027-04-05 (solar term), 五一 2027-05-01, 端午 2027-06-09, 中秋 2027-09-15, 国庆 2026-10-01
(passed) and 2027-10-01.
"""

READS = [
    # the first working day after the holiday is the day 节后 names
    ("国庆节后第一个工作日", {"kind": "date", "due": "2027-10-04"}),
    ("节后上班第一天", {"kind": "date", "due": "2027-01-04"}),
    ("五一节以前", {"kind": "deadline", "due": "2027-04-30"}),
    ("元旦节以前", {"kind": "deadline", "due": "2026-12-31"}),
    ("元旦前", {"kind": "deadline", "due": "2026-12-31"}),
    ("春节前", {"kind": "deadline", "due": "2027-02-05"}),
    ("春节之前", {"kind": "deadline", "due": "2027-02-05"}),
    ("清明节前", {"kind": "deadline", "due": "2027-04-04"}),
    ("五一前", {"kind": "deadline", "due": "2027-04-30"}),
    ("“五一”前", {"kind": "deadline", "due": "2027-04-30"}),
    ("劳动节前", {"kind": "deadline", "due": "2027-04-30"}),
    ("端午节前", {"kind": "deadline", "due": "2027-06-08"}),
    ("中秋前", {"kind": "deadline", "due": "2027-09-14"}),
    # 国庆 of 2026 has passed: the next one
    ("国庆节前", {"kind": "deadline", "due": "2027-09-30"}),
    ("国庆前", {"kind": "deadline", "due": "2027-09-30"}),
    ("明年春节前", {"kind": "deadline", "due": "2027-02-05"}),
    ("2028年春节前", {"kind": "deadline", "due": "2028-01-25"}),
    ("今年国庆节前", {"kind": "deadline", "due": "2026-09-30", "past": True}),
    ("春节前一周", {"kind": "deadline", "due": "2027-01-30"}),
    ("国庆节前3天", {"kind": "deadline", "due": "2027-09-28"}),
    # 节前 with no name: the next statutory holiday (元旦)
    ("节前", {"kind": "deadline", "due": "2026-12-31"}),
    ("节前一天", {"kind": "deadline", "due": "2026-12-31"}),
    ("节前两天", {"kind": "deadline", "due": "2026-12-30"}),
    ("节假日前", {"kind": "deadline", "due": "2026-12-31"}),
    # after a festival: the first working day after its holiday (2027 is not on the calendar)
    ("春节后", {"kind": "date", "due": "2027-02-08", "confirmed": False}),
    ("国庆节后", {"kind": "date", "due": "2027-10-04", "confirmed": False}),
    ("节后", {"kind": "date", "due": "2027-01-04", "confirmed": False}),
    ("春节后一周内", {"kind": "deadline", "due": "2027-02-15"}),
    # the festival day itself (timex)
    ("春节", {"kind": "date", "due": "2027-02-06"}),
    ("中秋节", {"kind": "date", "due": "2027-09-15"}),
    ("端午", {"kind": "date", "due": "2027-06-09"}),
    ("元宵节", {"kind": "date", "due": "2027-02-20"}),
    ("除夕", {"kind": "date", "due": "2027-02-05"}),
    ("清明", {"kind": "date", "due": "2027-04-05"}),
    ("元旦", {"kind": "date", "due": "2027-01-01"}),
    ("国庆节", {"kind": "date", "due": "2027-10-01"}),
    ("2029年中秋节", {"kind": "date", "due": "2029-09-22"}),
    # the official holiday around a festival: its last day (2027 is not on the calendar yet)
    ("国庆期间", {"kind": "date", "due": "2027-10-01", "confirmed": False}),
    ("春节假期", {"kind": "date", "due": "2027-02-06", "confirmed": False}),
    # lunar dates: 农历 / 正月 / 腊月 / 初N
    ("农历八月十五", {"kind": "date", "due": "2027-09-15"}),
    ("正月十五", {"kind": "date", "due": "2027-02-20"}),
    ("正月初八", {"kind": "date", "due": "2027-02-13"}),
    ("腊月二十三", {"kind": "date", "due": "2027-01-30"}),
    ("腊月三十", {"kind": "date", "due": "2027-02-05", "confirmed": False}),
    ("八月十五", {"kind": "date", "due": "2027-08-15"}),
    # more festivals: lunar (七夕, 腊八, 小年) and a solar term (冬至)
    ("七夕", {"kind": "date", "due": "2027-08-08"}),
    ("腊八节", {"kind": "date", "due": "2027-01-15"}),
    ("小年前", {"kind": "deadline", "due": "2027-01-29"}),
    ("冬至", {"kind": "date", "due": "2026-12-22"}),
    ("冬至前", {"kind": "deadline", "due": "2026-12-21"}),
    ("后年春节", {"kind": "date", "due": "2028-01-26"}),
    ("大年初一", {"kind": "date", "due": "2027-02-06"}),
    ("年三十", {"kind": "date", "due": "2027-02-05"}),
    ("每年春节前", {"kind": "recurring", "every": {"n": 1, "unit": "year"}}),
    # 年前 / 年后 alone: the Spring Festival (not 三年前, 多年后, 青年前来)
    ("年前", {"kind": "deadline", "due": "2027-02-05"}),
    ("年后", {"kind": "date", "due": "2027-02-08", "confirmed": False}),
    ("春节放假前", {"kind": "deadline", "due": "2027-02-05"}),
    ("三年前", {"kind": "date", "due": "2023-11-23", "past": True}),
    ("多年后", {"kind": None}),
    ("青年前来报名", {"kind": None}),
    # not festivals
    ("细节前后", {"kind": None}),
    ("季节", {"kind": None}),
    ("春节前后", {"kind": "date", "due": "2027-02-06"}),
]

NOT_OBLIGATIONS = [
    "把好每个环节前的审核关。",
    "春节前后人员流动大，要注意防范。",
    "去年春节前已经全部发放到位。",
    "中秋节是团圆的日子。",
    "元旦前召开的座谈会听取了意见。",
    "十多年前这里还是一片荒地。",
    "成年后要自立。",
]

OBLIGATIONS = [
    ("各乡镇要在春节前完成欠薪清零。",
     [{"kind": "deadline", "due": "2027-02-05", "owner": "各乡镇"}]),
    ("区住建局务必于国庆节前完成验收。",
     [{"kind": "deadline", "due": "2027-09-30", "owner": "区住建局"}]),
    ("欠薪问题年前要全部清零，各乡镇是第一责任人。",
     [{"kind": "deadline", "due": "2027-02-05"}]),
    ("请各单位节前一天报送值班表。",
     [{"kind": "deadline", "due": "2026-12-31", "owner": "各单位"}]),
]
