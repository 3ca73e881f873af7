import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from app.core.tables import TableError, count_rows, read_rows, write_csv, write_xlsx


def _xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_formula_cells_are_neutralised_in_exports():
    data = write_xlsx(["姓名"], [["=HYPERLINK(\"http://x\")"], ["+1"], ["-2"], ["@SUM(A1)"], ["张三"]])
    sheet = load_workbook(io.BytesIO(data)).active
    values = [c.value for c in sheet["A"]][1:]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "张三"]
    assert all(c.data_type == "s" for c in sheet["A"])
    assert write_csv(["a"], [["=1+1"]]).splitlines()[1] == "'=1+1"


def test_xlsx_rows_carry_spreadsheet_row_numbers_and_skip_blank_rows(tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", [["姓名", "单位"], ["甲", "1"], [None, None], ["乙", " 2 "]])
    assert list(read_rows(path)) == [(2, {"姓名": "甲", "单位": "1"}),
                                     (4, {"姓名": "乙", "单位": "2"})]
    assert count_rows(path) == 3


def test_csv_in_gb18030_and_utf8_bom_read_alike(tmp_path):
    text = "姓名,单位\n张三,360102\n"
    (tmp_path / "gb.csv").write_bytes(text.encode("gb18030"))
    (tmp_path / "u8.csv").write_bytes(text.encode("utf-8-sig"))
    assert list(read_rows(tmp_path / "gb.csv")) == list(read_rows(tmp_path / "u8.csv")) == [
        (2, {"姓名": "张三", "单位": "360102"})]


def test_a_text_file_named_xlsx_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a spreadsheet")
    with pytest.raises(TableError, match="不是有效的 Excel"):
        list(read_rows(path))


def test_an_xlsx_that_inflates_past_the_limit_is_refused(tmp_path):
    path = _xlsx(tmp_path / "big.xlsx", [["a"], ["b"]])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/padding.bin", b"0" * 5_000_000, compress_type=zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 100_000
    with pytest.raises(TableError, match="过大"):
        list(read_rows(path, max_uncompressed=1_000_000))


def test_other_file_types_are_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    with pytest.raises(TableError, match="只接受"):
        list(read_rows(path))
