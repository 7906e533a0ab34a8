"""The structure pass: title, addressee, numbered items, label lines, trailing labels, table rows."""

from __future__ import annotations

from extraction.normalize import fold
from extraction.structure import read_structure

NOTICE = (
    "# source: https://example.invalid/notice\n"
    "关于开展冬季消防检查的通知\n"
    "各镇人民政府，县直有关单位：\n"
    "现将有关事项通知如下。\n"
    "一、检查范围\n"
    "（一）县消防救援大队：负责全县检查。\n"
    "1.商场超市。（牵头单位：县商务局；配合单位：县市场监管局、各镇；完成时限：12月底前）\n"
    "2.学校医院。\n"
    "责任单位：县教体局\n"
    "（二）其他场所。\n"
    "二、表格\n"
    "任务\t牵头单位\t完成时限\n"
    "更换灭火器\t县应急局\t1月\n"
)


def _text(st, span):
    return st.text[span.start:span.end]


def test_title_skips_page_furniture_and_addressee_is_found():
    st = read_structure(fold(NOTICE))
    assert _text(st, st.title) == "关于开展冬季消防检查的通知"
    assert _text(st, st.addressee) == "各镇人民政府,县直有关单位"


def test_items_nest_by_numbering_rank():
    st = read_structure(fold(NOTICE))
    text = st.text
    heads = [(item.rank, text[item.body:item.head_end]) for item in st.items]
    assert heads[:5] == [(3, "检查范围"), (4, "县消防救援大队"), (5, "商场超市"), (5, "学校医院"), (4, "其他场所")]
    pos = text.index("商场超市")
    chain = [text[i.body:i.head_end] for i in st.item_chain(pos)]
    assert chain == ["商场超市", "县消防救援大队", "检查范围"]


def test_trailing_labels_and_label_lines_belong_to_their_item():
    st = read_structure(fold(NOTICE))
    text = st.text
    labels = st.owner_labels_at(text.index("商场超市"))
    assert [_text(st, s) for s in labels.lead] == ["县商务局"]
    assert [_text(st, s) for s in labels.co] == ["县市场监管局", "各镇"]
    assert [_text(st, s) for s in labels.time] == ["12月底前"]
    assert labels.source == "trailing label"
    school = st.owner_labels_at(text.index("学校医院"))
    assert [_text(st, s) for s in school.owner] == ["县教体局"] and school.source == "label"
    assert st.owner_labels_at(text.index("其他场所")) is None
    deadline = text.index("12月底前")
    kind, block = st.time_label_at(deadline, deadline + 5)
    assert kind == "time label" and text[block.start:block.end].startswith("1.商场超市")


def test_table_rows_map_cells_to_header_columns():
    st = read_structure(fold(NOTICE))
    text = st.text
    row = st.row_at(text.index("更换灭火器"))
    assert [(c.column, text[c.start:c.end]) for c in row.cells] == [
        ("task", "更换灭火器"), ("lead", "县应急局"), ("time", "1月")]
    month = text.index("1月", row.start)
    assert st.time_label_at(month, month + 2)[0] == "table column"


def test_pasted_table_with_spaces_and_prose_with_a_gap():
    text = "重点任务    责任单位    完成时限\n修缮危桥    县交通局    2027年5月\n"
    st = read_structure(text)
    assert [(c.column, text[c.start:c.end]) for c in st.rows[0].cells] == [
        ("task", "修缮危桥"), ("owner", "县交通局"), ("time", "2027年5月")]
    assert read_structure("会议强调，各单位要抓紧落实。  下一步，要加强督查。\n另起一行。").rows == []


def test_a_single_line_message_has_no_title():
    assert read_structure("请各单位于12月20日前报送材料").title is None
    assert read_structure("请各单位于12月20日前报送材料\n谢谢").title is None
