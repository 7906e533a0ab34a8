"""The 通报 as text and as a Word document: its sections, and numbers that match the ledger."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from bot.core.report.bulletin import bulletin_text, sections
from bot.core.report.bulletin_docx import bulletin_docx
from bot.core.report.chart import report_chart
from bot.core.report.model import FINISHED, Stage
from bot.core.report.period import last_week
from bot.core.report.summary import summarise
from tests.bot.core.report.rows import NOW, ledger

REF = re.compile(r"【#(\d+)】")


def refs(text: str) -> list[int]:
    return [int(n) for n in REF.findall(text)]


def test_the_text_has_every_section_with_counts_that_match_its_items():
    rows = ledger()
    data = summarise(rows, last_week(NOW), NOW, escalated=[9])
    text = bulletin_text(data)
    live = [r for r in rows if r.stage != Stage.CANCELLED]
    assert text.startswith("上周（11月16日—11月22日）督办通报\n")
    assert (f"截至2026年11月23日 09:00，共有督办事项{len(live)}项："
            f"办理中{sum(r.stage == Stage.OPEN for r in live)}项（其中逾期2项），待审核1项，待触发1项，"
            f"已办结{sum(r.stage in FINISHED for r in live)}项。") in text
    blocks = text.split("\n\n")[1:]
    titles = [block.splitlines()[0] for block in blocks]
    assert titles == ["一、新交办事项2项", "二、办结事项3项（按时办结2项，超期办结1项）",
                      "三、逾期未办结事项2项（单位按名称音序排列，不作排名）", "四、待审核事项1项，待触发事项1项",
                      "五、周期性报送未按时报送1项", "六、逾期满7天、需重点督办的事项1项"]
    items = [refs("\n".join(block.splitlines()[1:])) for block in blocks]
    assert items[0] == [4, 10]
    assert items[1] == [1, 12, 2]  # on time, then late
    assert items[2] == [3, 3, 9, 9]  # each owner's line names its items, then one line per item
    assert items[3] == [8, 7]
    assert items[4] == [6]
    assert items[5] == [9]
    assert "市财政局（1项）：【#3】" in blocks[2] and "市住建局（1项）：【#9】" in blocks[2]
    assert blocks[2].index("市财政局") < blocks[2].index("市住建局")  # name order, not by count
    assert "【#9】完成危房排查整治（时限：2026-11-10，已逾期13天）" in blocks[2]
    assert "【#2】市住建局：报送老旧小区改造方案（时限：2026-11-18，11月20日办结）" in blocks[1]
    assert "【#6】市统计局：报送主要经济指标（每月10日前，漏报1期）" in blocks[4]
    assert "【#7】市应急管理局：启动应急响应并报告（发生险情后2小时内）" in blocks[3]
    assert "排名第" not in text and "名次" not in text


def test_counts_follow_the_data_when_it_changes():
    """Counts are taken from the lists, not fixed: finish item #3 and the overdue section shrinks."""
    rows = [r for r in ledger() if r.number != 3]
    data = summarise(rows, last_week(NOW), NOW)
    text = bulletin_text(data)
    assert "三、逾期未办结事项1项" in text and "【#3】" not in text
    assert "（其中逾期1项）" in text


def test_an_empty_ledger_says_none_in_every_section_and_leaves_out_the_ladder():
    data = summarise([], last_week(NOW), NOW)
    text = bulletin_text(data)
    assert "共有督办事项0项" in text
    parts = sections(data)
    assert len(parts) == 5 and all(not part.lines for part in parts)
    assert text.count("无。") == 5
    assert "逾期满7天" not in text


def test_the_word_document_reads_back_with_title_sections_table_and_chart():
    data = summarise(ledger(), last_week(NOW), NOW, escalated=[9])
    png = report_chart(data)
    document = Document(io.BytesIO(bulletin_docx(data, png)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    texts = [text for _, text in paragraphs]
    assert paragraphs[0] == ("Title", "督办通报")
    assert texts[1:3] == ["上周（11月16日—11月22日）", "2026年11月23日"]
    assert texts[3].startswith("截至2026年11月23日 09:00，共有督办事项12项")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [part.title for part in sections(data)] + ["各单位办理情况（单位按名称音序排列）"]
    groups = [text for style, text in paragraphs if style == "Heading 2"]
    assert groups == ["按时办结：", "超期办结：", "市财政局（1项）：【#3】", "市住建局（1项）：【#9】", "待审核：",
                      "待触发："]
    assert "【#9】完成危房排查整治（时限：2026-11-10，已逾期13天）" in texts

    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["责任单位", "按时办结", "超期办结", "办理中", "逾期", "合计"]
    body = {row[0]: row[1:] for row in cells[1:-1]}
    assert [row[0] for row in cells[1:-1]] == [t.owner for t in data.tallies]
    assert body["市住建局"] == ["0", "1", "1", "1", "3"]
    assert cells[-1] == ["合计", "2", "1", "7", "2", "12"]

    (shape,) = document.inline_shapes
    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob == png
    assert Image.open(io.BytesIO(blob)).format == "PNG"
    assert texts[-1] == "图　各单位督办事项办理情况"


def test_the_word_document_uses_chinese_faces_and_a4():
    data = summarise(ledger(), last_week(NOW), NOW)
    document = Document(io.BytesIO(bulletin_docx(data, None)))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert not document.inline_shapes  # no chart given, none embedded
