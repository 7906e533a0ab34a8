"""The xlsx 台账 read back with openpyxl: columns, contents, status fills, freeze panes, page setup."""

from __future__ import annotations

import io

import openpyxl
import pytest

from bot.core.report.ledger_xlsx import FILLS, LINE_POINTS, WIDTHS, ledger_xlsx
from bot.core.report.model import Grade
from tests.bot.core.report.rows import EXPECTED_GRADES, NOW, TZ, ledger, row

HEADER = ["序号", "事项来源", "工作任务", "责任单位", "完成时限", "进展情况", "状态", "办结/销号日期"]


@pytest.fixture(scope="module")
def sheet():
    book = openpyxl.load_workbook(io.BytesIO(ledger_xlsx(ledger(), now=NOW, tz=TZ)))
    return book.active


def by_number(sheet) -> dict[int, dict[str, object]]:
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return {values[0]: dict(zip(HEADER, values)) for values in rows}


def test_columns_and_one_row_per_item_in_number_order(sheet):
    assert sheet.title == "督办台账"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == list(range(1, 14))


def test_cells_say_what_offices_file(sheet):
    rows = by_number(sheet)
    assert rows[3]["事项来源"] == "全市重点工作推进会讲话（2026-10-20）"
    assert rows[3]["工作任务"] == "完成预算执行情况分析"
    assert rows[3]["责任单位"] == "牵头：市财政局\n配合：市审计局、市税务局"
    assert rows[4]["责任单位"] == "市教育局"
    assert rows[13]["完成时限"] == "原定：2026-11-20\n延期至：2026-12-20（已批准）"
    assert rows[6]["完成时限"] == "每月10日前\n本期：2026-12-10"
    assert rows[7]["完成时限"] == "发生险情后2小时内"
    assert rows[1]["进展情况"] == "2026-11-19：资金已拨付"
    assert rows[3]["状态"] == "已逾期3天"
    assert rows[4]["状态"] == "临期（还有2天）"
    assert rows[5]["状态"] == "滞后（22天无进展）"
    assert rows[6]["状态"] == "滞后（漏报1期）"
    assert rows[8]["状态"] == "待审核"
    assert rows[11]["状态"] == "已撤销"
    assert rows[12]["办结/销号日期"] == "办结：2026-11-17\n销号：2026-11-18"
    assert rows[1]["办结/销号日期"] == "办结：2026-11-19"
    assert rows[8]["办结/销号日期"] is None  # a claim awaiting review is not a 办结 date


def test_the_status_cell_carries_its_colour(sheet):
    for cells in sheet.iter_rows(min_row=2):
        number, status = cells[0].value, cells[6]
        expected = FILLS.get(EXPECTED_GRADES[number])
        if expected:
            assert status.fill.fill_type == "solid"
            assert status.fill.fgColor.rgb.endswith(expected), number
        else:
            assert status.fill.fill_type is None, number
    colours = {cells[6].fill.fgColor.rgb[-6:] for cells in sheet.iter_rows(min_row=2) if cells[6].fill.fill_type}
    assert colours == {FILLS[g] for g in (Grade.OVERDUE, Grade.BEHIND, Grade.DUE_SOON, Grade.DONE, Grade.WAITING)}


def test_layout_freezes_the_header_and_prints_on_a4_landscape_fitted_to_width(sheet):
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"] == list(WIDTHS)
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.auto_filter.ref == "A1:H14"
    assert sheet.oddHeader.center.text == "督办台账"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["C2"].alignment.wrap_text


def test_an_empty_ledger_still_has_its_header():
    sheet = openpyxl.load_workbook(io.BytesIO(ledger_xlsx([], now=NOW, tz=TZ))).active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 1


def test_rows_are_tall_enough_for_their_wrapped_lines(sheet):
    heights = {cells[0].value: sheet.row_dimensions[cells[0].row].height for cells in sheet.iter_rows(min_row=2)}
    assert heights[13] > heights[10]  # 原定 and 延期至 on two lines
    assert heights[3] >= heights[13]  # 牵头 and 配合 on two lines
    long_task = row(1, "市财政局", "推进" * 60)  # 240 columns of text in a 42-wide cell: 6 lines
    tall = openpyxl.load_workbook(io.BytesIO(ledger_xlsx([long_task], now=NOW, tz=TZ))).active
    assert tall.row_dimensions[2].height == 6 * LINE_POINTS + 3
