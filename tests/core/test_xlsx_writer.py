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
