"""Corpus of the keep-or-drop step (decision.py and trigger.py). REF: Monday 2026-11-23.

For each word list: phrases it must read — the candidate `expression` in `phrase` gets `reason`
from it — and look-alikes it must not read, with the reason they get instead. `reason` is the
name `--explain` prints (decision.KEPT / decision.DROPPED, or a trigger's "limit after an event
(…)"). `tests/extraction/test_engine_corpus.py` gives every phrase its own test id.
"""

CORPUS = {
    # a date names a task's limit only after a cut-off word or before a task
    "CUTOFF_LEAD": (
        [("请各乡镇于12月5日将名册报县民政局。", "12月5日", "cut-off date"),
         ("报名截止日期为12月18日。", "12月18日", "cut-off date"),
         ("材料最迟12月9日交齐。", "12月9日", "cut-off date")],
        [("12月5日，县里开展了消防演练。", "12月5日", "date only"),
         ("12月5日是国际志愿者日。", "12月5日", "date only")],
    ),
    # two dates before one 前: the first is a cut-off too
    "COORDINATED_CUTOFF": (
        [("两份材料分别于12月18日和1月8日以前报办公室。", "12月18日", "cut-off date")],
        [("定于12月18日和1月8日两天集中办理。", "12月18日", "date only")],
    ),
    # a line holding only a short key and a numeric date is page furniture
    "_furniture_line": (
        [("征集意见\n截止：2027-06-18\n", "2027-06-18", "date only"),
         ("发布时间：2026-11-02\n", "2026-11-02", "date only")],
        [("报名截止：2027-01-18，请抓紧报名。", "2027-01-18", "cut-off date")],
    ),
    # a period from one date to another binds only when someone is told to act in it
    "RANGE_RULES": (
        [("2019年3月4日至4月30日，市里抽调干部开展专项检查。", "2019年3月4日至4月30日", "date only"),
         ("10月9日到11月20日巡察组进驻各乡镇。", "10月9日到11月20日", "date only")],
        [("各街道要于12月1日至12月25日完成楼道清理。", "12月1日至12月25日", "cut-off date"),
         ("12月1日至12月25日，各街道要完成楼道清理。", "12月1日至12月25日", "period date with a task")],
    ),
    "PERIOD_FOLLOW": (
        [("县交通局明年3月份拿出改造方案。", "明年3月份", "period date with a task")],
        [("明年3月份的天气较为干燥。", "明年3月份", "date only"),
         ("从明年3月份开始执行新标准。", "明年3月份", "period start")],
    ),
    "MEETING": (
        [("在12月8日召开的常务会议上，县长作了部署。", "12月8日", "meeting date"),
         ("定于12月15日举行全县表彰大会。", "12月15日", "meeting date")],
        [("请于12月15日前将表彰名单报县委办。", "12月15日前", "deadline")],
    ),
    "PAST": (
        [("截至10月底，全县新建基站120个。", "10月底", "past fact"),
         ("上周各镇已经在3天内完成排查。", "3天内", "past fact"),
         ("这批问题5个工作日内就整改了。", "5个工作日内", "past fact")],
        [("各镇要了解情况，3天内上报。", "3天内", "deadline"),
         ("办结后1天内申请销号。", "办结后1天内", "limit after an event")],
    ),
    # a status taken on a day already past
    "STATUS_LEAD": (
        [("截止2025年9月30日，全县已完成改造86户。", "2025年9月30日", "past fact")],
        [("报名截止时间为12月20日。", "12月20日", "cut-off date")],
    ),
    # a task quoted by name in a progress report
    "QUOTED_TASK": (
        [("县交通局负责的“农村公路年底前全部完成提档升级”，目前完成七成。", "年底前", "rhetorical quote")],
        [("县里要求“各村年底前完成提档升级”。", "年底前", "deadline")],
    ),
    "FORECAST": (
        [("该项目预计明年6月底前建成投产。", "明年6月底前", "forecast"),
         ("新院区有望在年底前投入使用。", "年底前", "forecast"),
         ("这座大桥计划于明年9月底前建成通车。", "明年9月底前", "forecast")],
        [("施工单位要在明年6月底前建成投产。", "明年6月底前", "deadline"),
         ("各镇计划于12月底前完成摸底。", "12月底前", "deadline")],
    ),
    "PAST_SENTENCE": (
        [("过去一年，我们坚持每周召开一次碰头会。", "每周", "past fact"),
         ("近年来，全县坚持每月开展一次联合执法。", "每月", "past fact")],
        [("过去的问题要在年底前全部清零。", "年底前", "deadline"),
         ("近年来问题较多，各村要每月排查一次。", "每月", "recurrence")],
    ),
    "PENALTY": (
        [("交办后5个工作日内仍未回复的，予以通报。", "交办后5个工作日内", "penalty condition"),
         ("期满后3天内仍未整改的，由县纪委约谈。", "期满后3天内", "penalty condition")],
        [("各单位须在5个工作日内回复，逾期未回复的予以通报。", "5个工作日内", "deadline")],
    ),
    "EXCEPTION": (
        [("确有困难不能在10日内办结的，可申请延期。", "10日内", "exception clause")],
        [("一般事项应在10日内办结。", "10日内", "deadline")],
    ),
    "CONDITION": (
        [("自受理之日起60日内情况发生变化的，应当补充材料。", "受理之日起60日内", "condition"),
         ("30日内（节假日顺延）申请人撤回的，不再受理。", "30日内", "condition"),
         ("自立案之日起30日内（简易案件自立案之日起10日内），当事人撤诉的，不再审理。",
          "立案之日起10日内", "condition")],
        [("受理后60日内作出决定。", "受理后60日内", "limit after an event")],
    ),
    # a period exempted from a schedule
    "EXEMPT": (
        [("季报于季后10日前报送，第四季度免报。", "第四季度", "exception clause"),
         ("月报次月5日前报送（1月免报）。", "1月", "exception clause")],
        [("请于第四季度末前报送全年总结。", "第四季度末前", "deadline")],
    ),
    "EXTENSION": (
        [("情况复杂的，经批准可延长至30个工作日内办结。", "30个工作日内", "permission-extension"),
         ("确需延期的，可顺延7日内答复。", "7日内", "permission-extension")],
        [("复杂事项须在30个工作日内办结。", "30个工作日内", "deadline")],
    ),
    "PERMISSION_LEAD": (
        [("申请人可在15日内提出复核。", "15日内", "permission-extension")],
        [("县信访局应在15日内作出答复。", "15日内", "deadline")],
    ),
    "STANDARD": (
        [("营业执照办理时间压缩至1个工作日内。", "1个工作日内", "service standard"),
         ("群众诉求3天内可办结。", "3天内", "service standard"),
         ("热线来电24小时内回访率达到95%以上。", "24小时内", "service standard")],
        [("县审批局要在1个工作日内发放执照。", "1个工作日内", "deadline")],
    ),
    "STANDARD_WORDS": (
        [("便民服务大厅每周开放，全年无休。", "每周", "service standard"),
         ("政务大厅每天受理，窗口轮流值守。", "每天", "service standard")],
        [("值班人员每周报送一次值班记录。", "每周", "recurrence")],
    ),
    "DURATION_SUBJECT": (
        [("县长讲话不超过20分钟。", "不超过20分钟", "duration norm"),
         ("每个单位汇报发言一般不超过8分钟等。", "不超过8分钟", "duration norm"),
         ("会期原则上不超过1天。", "不超过1天", "duration norm"),
         ("交流时间控制在5分钟以内。", "5分钟以内", "duration norm")],
        [("讲话材料要在3天内送审。", "3天内", "deadline"),
         ("办理时限不超过15个工作日。", "不超过15个工作日", "deadline")],
    ),
    "QUANTITY": (
        [("全县性会议每年不超过2次。", "每年", "quantity norm"),
         ("县级领导调研每月1-2次为宜。", "每月", "quantity norm"),
         ("村级台账每季度增加不少于3项。", "每季度", "quantity norm"),
         ("门岗保安每人每周轮休1天。", "每周", "quantity norm"),
         ("全区每年新增城镇就业5000人。", "每年", "quantity norm"),
         ("全县河长每年巡河1500余次。", "每年", "quantity norm")],
        [("各村每月至少开展一次巡查。", "每月", "recurrence"),
         ("每季度不少于2次实地督导。", "每季度", "recurrence")],
    ),
    "ATTRIBUTIVE": (
        [("年底前完成的项目要及时验收。", "年底前", "attributive"),
         ("10日以内的短期出差由科长审批。", "10日以内", "attributive"),
         ("当年6月底以前结案的信访件不再复查。", "当年6月底以前", "attributive")],
        [("各校要在年底前完成校舍排查。", "年底前", "deadline"),
         ("各村须在收到通知后3日内的下午5点前报送回执。", "收到通知后3日内", "limit after an event")],
    ),
    "OBJECT_LEAD": (
        [("会议对年底前的重点任务再作安排。", "年底前", "object")],
        [("会议要求年底前完成重点任务。", "年底前", "deadline")],
    ),
    "FIRST_PERSON": (
        [("他常说：“给我三天，我3天内准能拿出初稿。”", "3天内", "rhetorical quote"),
         ("老话讲“如果每周都复盘，进步就快”。", "每周", "rhetorical quote")],
        [("县里明确“各单位每周报送一次动态”。", "每周", "recurrence")],
    ),
    # a speech's title names when the meeting was held
    "SPEECH_TITLE": (
        [("2、在国庆节前全区安全生产大会上的讲话 同志们：", "国庆节前", "heading")],
        [("国庆节前，各街道要在大会上报告排查情况。", "国庆节前", "deadline")],
    ),
    # each year's / each month's …: a recurrence qualifying a noun is no schedule
    "ATTRIBUTIVE_RECURRING": (
        [("县政府办公室将结合每年的工作要点拟定督查计划。", "每年", "attributive")],
        [("各科室每月的10号前报送考勤表。", "每月的10号前", "recurrence")],
    ),
    # a date a meeting is fixed for, its place written out before 召开
    "SCHEDULED": (
        [("兹定于12月8日上午在镇政府二楼会议室召开专题会。", "12月8日", "meeting date")],
        [("各村定于12月8日前完成自查。", "12月8日前", "deadline")],
    ),
    "TITLE": (
        [("县政府关于每月通报一次项目进度的通知\n各乡镇：\n请按要求做好有关工作。", "每月", "heading")],
        [("各乡镇要每月通报一次项目进度。\n请按要求落实。", "每月", "recurrence")],
    ),
    # triggers (trigger.py): the limit counts from an event named earlier in the sentence
    "AFTER": (
        [("接到转办件后，先行核实，须在7日内答复。", "7日内", "limit after an event (trigger earlier in the sentence)"),
         ("县应急局收到报告后立即核查并在2小时内上报。", "2小时内",
          "limit after an event (trigger earlier in the sentence)")],
        [("今后，各单位要在5日内报送月度小结。", "5日内", "deadline"),
         ("明年1月1日后，各校要在10日内完成登记。", "10日内", "deadline")],
    ),
    "EVENT_WORDS": (
        [("对处理结果不满意的，承办单位要重新办理，并在2个月内再次答复。", "2个月内",
          "limit after an event (conditional trigger)"),
         ("一旦发现险情，须在30分钟内报告县防指。", "30分钟内", "limit after an event (conditional trigger)")],
        [("认为不属于本部门职责的，应当在5日内退回。", "5日内", "deadline"),
         ("如发现不属于本单位职责的，要在2个工作日内退回督查室。", "2个工作日内", "deadline")],
    ),
    "ONCE": (
        [("如遇暴雨红色预警，各村须在1小时内转移危险区群众。", "1小时内",
          "limit after an event (conditional trigger)")],
        [("如有疑问，请在3日内来电咨询。", "3日内", "deadline")],
    ),
    "NOT_EVENT_END": (
        [("验收合格后，施工单位要在15日内提交结算资料。", "15日内",
          "limit after an event (trigger earlier in the sentence)")],
        [("此后，各单位要在15日内报送结果。", "15日内", "deadline"),
         ("春节前后，各镇要在3天内完成慰问。", "3天内", "deadline")],
    ),
    "MODAL": (
        [("申请人在30日内补正材料的，视为按时申报。", "30日内", "condition")],
        [("各单位在30日内补正材料的同时，要抄送县司法局。", "30日内", "deadline")],
    ),
    # an incident opening the clause starts the count: 较大险情1小时内报告
    "EVENT_NOUN": (
        [("一般安全事故2小时内报区应急局。", "2小时内", "limit after an event (trigger earlier in the sentence)"),
         ("较大森林火情半小时内电话报告县指挥部。", "半小时内",
          "limit after an event (trigger earlier in the sentence)")],
        [("各村对排查出的隐患要在10日内整改。", "10日内", "deadline"),
         ("信访事件的调查报告3日内报县委。", "3日内", "deadline")],
    ),
    # a clause opening on what happened names whom it concerns: 发生险情的村，…1小时内报告
    "HAPPENED_OF": (
        [("出现内涝的小区，物业公司须在1小时内组织抽排。", "1小时内", "limit after an event (conditional trigger)"),
         ("2、发生塌方的路段，养护站要做好警示，2小时内报县交通局。", "2小时内",
          "limit after an event (conditional trigger)")],
        [("各小区物业公司须在1小时内完成巡查。", "1小时内", "deadline")],
    ),
    # a receipt right before the limit: 在接到交办件的10日内
    "INLINE_RECEIPT": (
        [("承办科室应在收到建议、提案的5个工作日内反馈。", "5个工作日内",
          "limit after an event (trigger earlier in the sentence)")],
        [("承办科室应在5个工作日内反馈，不得拖延。", "5个工作日内", "deadline")],
    ),
    # a clause naming only who saw the incident: 护林员发现火情，…，10分钟内报告
    "DISCOVERED": (
        [("护林员发现火情，第一时间报告村委会，村委会在10分钟内报镇防火办。", "10分钟内",
          "limit after an event (conditional trigger)"),
         ("值班室接到报警，30分钟内赶到现场。", "30分钟内", "limit after an event (conditional trigger)")],
        [("今年以来多次发生险情，各村要在10日内完成排查。", "10日内", "deadline"),
         ("各村要排查隐患，在10日内完成整改。", "10日内", "deadline")],
    ),
    # met with in the limit's own clause
    "INLINE_MET": (
        [("职工遇家中急事须当天向科长报告。", "当天", "limit after an event (conditional trigger)")],
        [("职工须当天向科长报告考勤。", "当天", "deadline")],
    ),
    "SAME_TRIGGER": (
        [("险情发生后20分钟内电话报告、50分钟内书面报告。", "50分钟内",
          "limit after an event (same trigger as the previous limit)")],
        [("险情发生后20分钟内电话报告。各村5日内完成复查。", "5日内", "deadline"),
         ("来电受理后1个工作日内转办，承办单位须在5个工作日内办结。", "5个工作日内", "deadline")],
    ),
}
