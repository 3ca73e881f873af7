"""The streaming xlsx writer: Excel (openpyxl) reads back what it wrote, formulas neutralised."""
import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from app.core.tables import write_xlsx


def test_round_trip():
    data = write_xlsx(["姓名", "学时", "日期", "备注"],
                      [["王堃<&>", 12.5, date(2026, 3, 1), "=HYPERLINK(\"x\")"],
                       ["李喆", 30, None, True]], title="2026年度学时达标")
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["2026年度学时达标"]
    assert list(book.worksheets[0].iter_rows(values_only=True)) == [
        ("姓名", "学时", "日期", "备注"),
        ("王堃<&>", 12.5, "2026-03-01", "'=HYPERLINK(\"x\")"),
        ("李喆", 30, None, "是")]


def test_decimals_stay_numbers_times_become_beijing_time_and_control_characters_go():
    data = write_xlsx(["分数", "时间", "备注"],
                      [[Decimal("87.50"), datetime(2026, 3, 1, 9, 30), "第一行\x00\x07第二行"]])
    rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
                .iter_rows(values_only=True))
    assert rows[1] == (87.5, "2026-03-01 17:30", "第一行第二行")


def test_header_row_is_frozen_and_widths_follow_the_longest_cell_cjk_counted_double():
    data = write_xlsx(["姓名", "单位", "学时"],
                      [["王堃", "南昌市东湖区市场监督管理局", 12.5], ["Li", "x", 3]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    widths = {c: sheet.column_dimensions[c].width for c in "ABC"}
    assert widths["B"] == 13 * 2 + 2            # 13 CJK characters, two each, and a margin
    assert widths["A"] == 6                      # short columns keep a minimum
    assert widths["C"] == 6


def test_a_very_long_cell_caps_the_width():
    data = write_xlsx(["备注"], [["长" * 200]])
    assert load_workbook(io.BytesIO(data)).active.column_dimensions["A"].width == 60


def test_rows_past_the_width_sample_are_still_written():
    from app.core import xlsx_writer

    rows = [[i] for i in range(xlsx_writer.WIDTH_SAMPLE + 3)]
    sheet = load_workbook(io.BytesIO(write_xlsx(["序号"], rows)), read_only=True).worksheets[0]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == list(range(len(rows)))
