"""The streaming xlsx writer: Excel (openpyxl) reads back what it wrote, formulas neutralised."""
import io
from datetime import date

from openpyxl import load_workbook

from app.training import xlsx


def test_round_trip():
    data = xlsx.write(["姓名", "学时", "日期", "备注"],
                      [["王堃<&>", 12.5, date(2026, 3, 1), "=HYPERLINK(\"x\")"],
                       ["李喆", 30, None, True]], title="2026年度学时达标")
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["2026年度学时达标"]
    assert list(book.worksheets[0].iter_rows(values_only=True)) == [
        ("姓名", "学时", "日期", "备注"),
        ("王堃<&>", 12.5, "2026-03-01", "'=HYPERLINK(\"x\")"),
        ("李喆", 30, None, "是")]
