"""Corpus of the structure pass (structure.py): owners and limits that sit outside the sentence.

DOCUMENTS: (text, [(expression, expected), …]) where `expected` checks, for the obligation read
from `expression`: owner, co_owners, the owner's source, the decision reason, due / within, action.
REF: Monday 2026-11-23. `tests/extraction/test_engine_corpus.py` gives every document its own id.
"""

DOCUMENTS = [
    # labels after the task's sentence on its own line, a leader named first
    ("3.更新防汛物资台账。责任领导：李某；责任单位：县水利局；完成时限：12月底前\n",
     [("12月底前", {"owner": "县水利局", "source": "label", "due": "2026-12-31",
                   "action": "更新防汛物资台账"})]),
    # blocks of label lines without numbering: the owner line and the time line label one task
    ("问题：食堂台账不全。\n责任单位：县教体局\n整改时限：2027年1月10日前\n"
     "问题：消防通道堵塞。\n责任单位：县消防救援大队\n整改时限：每月检查一次\n",
     [("2027年1月10日前", {"owner": "县教体局", "source": "label", "due": "2027-01-10"}),
      ("每月", {"owner": "县消防救援大队", "source": "label"})]),
    # a .docx table reaches the engine as tab-separated rows; a bare month in 完成时限 is its last day
    ("序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
     "1\t建成智慧停车平台\t县城管局\t县公安局、县大数据中心\t6月\n"
     "2\t完成河道清淤疏浚\t县水利局\t各乡镇\t2027年3月底前\n",
     [("6月", {"owner": "县城管局", "co_owners": ["县公安局", "县大数据中心"], "source": "table column",
               "reason": "table column", "due": "2027-06-30", "action": "建成智慧停车平台"}),
      ("2027年3月底前", {"owner": "县水利局", "co_owners": ["各乡镇"], "source": "table column",
                        "due": "2027-03-31", "action": "完成河道清淤疏浚"})]),
    # the task cell says the time its 完成时限 column gives: the row is one item, from its columns
    ("序号\t工作任务\t责任单位\t完成时限\n"
     "1\t每周五前上报巡查记录\t县林业局\t每周五前\n"
     "2\t6月底前完成护林员培训\t各乡镇\t2027年6月底前\n",
     [("每周五前", {"owner": "县林业局", "source": "table column", "reason": "table column",
                   "action": "每周五前上报巡查记录"}),
      ("2027年6月底前", {"owner": "各乡镇", "source": "table column", "due": "2027-06-30"})]),
    # an empty cell left out of a row: its cells are named by what they hold
    ("序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
     "1\t修订应急预案\t县应急局\t2027年4月\n",
     [("2027年4月", {"owner": "县应急局", "co_owners": [], "source": "table column", "due": "2027-04-30",
                    "action": "修订应急预案"})]),
    # a pasted table: columns separated by runs of spaces
    ("工作任务        责任单位        完成时间\n"
     "更新应急物资储备台账    县应急局    12月\n",
     [("12月", {"owner": "县应急局", "source": "table column", "due": "2026-12-31",
                "action": "更新应急物资储备台账"})]),
    # a web page's table: cells split by |, no leading bar; 责任清单 / 时限清单 headers; a row
    # spanning the table; rows whose first cells merge with the rows above (right-aligned)
    ("任务名称 | 具体内容 | 时限清单 | 责任清单 |\n"
     "一、队伍建设 |\n"
     "组建抢险队 | 每村不少于10人 | 5月 | 各村（社区） |\n"
     "配齐救生衣和冲锋舟 | 6月 | 县应急局 |\n",
     [("5月", {"owner": "各村（社区）", "source": "table column", "reason": "table column", "due": "2027-05-31"}),
      ("6月", {"owner": "县应急局", "source": "table column", "due": "2027-06-30"})]),
    # header words: 项目名称 / 表名 (task), 责任单位及联系人 (owner)
    ("项目名称 | 责任单位及联系人 | 完成时间 |\n"
     "老旧管网改造 | 县水务局 | 2027年5月 |\n",
     [("2027年5月", {"owner": "县水务局", "source": "table column", "due": "2027-05-31",
                    "action": "老旧管网改造"})]),
    # a web page's table pasted one cell per line, each cell closed by |; more bars close a row
    # or make a row spanning the table; 同上 repeats the cell above (报送单位 names the owner)
    ("序号 |\n报表名称 |\n填报单位 |\n上报时限 |\n"
     "一、月度报表 | |||\n"
     "用电量快报 |\n县供电公司 |\n次月3日前 | |\n"
     "用水量快报 |\n县水务集团 |\n同 上 | |\n"
     "燃气用量快报 |\n同上 |\n同上 | |\n",
     [("次月3日前", {"owner": "县供电公司", "source": "table column", "reason": "table column",
                    "action": "用电量快报"}),
      ("同 上", {"owner": "县水务集团", "source": "table column", "action": "用水量快报"}),
      ("同上", {"owner": "县水务集团", "source": "table column"})]),
    # cells one per line, no closing bars: a row is as many cells as the header has
    ("序号 |\n工作事项 |\n责任单位 |\n完成时限 |\n"
     "1 |\n修缮村级文化广场 |\n各村委会 |\n2027年5月 |\n"
     "2 |\n更换破损路灯 |\n县城管局 |\n2027年3月底前 |\n",
     [("2027年5月", {"owner": "各村委会", "source": "table column", "due": "2027-05-31",
                    "action": "修缮村级文化广场"}),
      ("2027年3月底前", {"owner": "县城管局", "source": "table column", "due": "2027-03-31",
                        "action": "更换破损路灯"})]),
    # label lines after an item
    ("（三）推进农贸市场改造提升。\n责任单位：县商务局\n完成时限：2027年6月底前\n"
     "（四）开展燃气管道排查。\n牵头单位：县住建局\n配合单位：县市场监管局、各镇\n完成时限：2027年1月\n",
     [("2027年6月底前", {"owner": "县商务局", "source": "label", "reason": "time label",
                         "due": "2027-06-30", "action": "推进农贸市场改造提升"}),
      ("2027年1月", {"owner": "县住建局", "co_owners": ["县市场监管局", "各镇"], "source": "label",
                    "due": "2027-01-31", "action": "开展燃气管道排查"})]),
    # a key that names what it is for (问题整改责任单位), two labels on one line split by one space
    ("1.东门菜市场\n（1）排水沟堵塞。\n（2）摊位占道经营。\n问题整改责任单位：区城管局 整改时限：7天\n"
     "2.西湖公园\n（1）垃圾桶破损。\n问题整改责任单位：区园林中心 整改时限：5天\n",
     [("时限：7天", {"owner": "区城管局", "source": "label", "within": (7, "day")}),
      ("时限：5天", {"owner": "区园林中心", "source": "label", "within": (5, "day")})]),
    ("（二）完善夜间照明设施。\n整改牵头单位：县住建局  反馈时限：2027年2月底前\n",
     [("2027年2月底前", {"owner": "县住建局", "source": "label", "reason": "time label",
                         "due": "2027-02-28", "action": "完善夜间照明设施"})]),
    # a trailing parenthesis that also times the item
    ("1.完成县域物流分拨中心建设。（牵头单位：县交通局；完成时限：2027年9月）\n",
     [("2027年9月", {"owner": "县交通局", "source": "trailing label", "reason": "time label",
                    "due": "2027-09-30", "action": "完成县域物流分拨中心建设"})]),
    # labels separated by commas in one parenthesis
    ("（一）建设社区养老服务站。（牵头单位：县民政局，配合单位：县财政局、各街道，完成时限：2027年6月）\n",
     [("2027年6月", {"owner": "县民政局", "co_owners": ["县财政局", "各街道"], "source": "trailing label",
                    "reason": "time label", "due": "2027-06-30", "action": "建设社区养老服务站"})]),
    # one recurrence said twice (the rule, then its schedule) is one item spanning both
    ("各乡镇实行每日报告制度，每日报送当日巡查情况。\n",
     [("每日", {"owner": "各乡镇", "reason": "recurrence"})]),
    ("1.建立每周例会制度。原则上每周召开一次例会，听取进展汇报。\n",
     [("每周", {"reason": "recurrence"})]),
    # a 完成时限 that repeats the deadline in the item's text adds no second item
    ("（五）2027年6月底前建成城乡供水一体化工程。（牵头单位：县水务局；完成时限：2027年6月底）\n",
     [("2027年6月底前", {"owner": "县水务局", "source": "trailing label", "reason": "deadline",
                         "action": "建成城乡供水一体化工程"})]),
    # the owner in a lead-in that ends with a colon, for the sub-items
    ("第五条 对群众来信，县信访局按以下方式办理：\n（一）一般来信应在15日内答复；\n"
     "（二）复杂来信须在30日内答复。\n",
     [("15日内", {"owner": "县信访局", "source": "item head", "within": (15, "day")}),
      ("30日内", {"owner": "县信访局", "source": "item head", "within": (30, "day")})]),
    # a body's own item head: （二）县卫健委：…
    ("（二）县卫健委：每月通报一次疫苗接种进度；12月20日前完成冷链设备检修。\n",
     [("每月", {"owner": "县卫健委", "reason": "recurrence"}),
      ("12月20日前", {"owner": "县卫健委", "due": "2026-12-20"})]),
    # a title is a heading, not an item; the addressee owns what the body asks
    ("关于每周报送防汛值班信息的通知\n各乡镇人民政府、县防指各成员单位：\n"
     "请于每周五报送本周值班信息。\n",
     [("每周五", {"owner": "各乡镇人民政府、县防指各成员单位", "source": "addressee",
                 "reason": "recurrence"})]),
]
