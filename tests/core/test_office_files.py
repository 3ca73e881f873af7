"""Spreadsheets made the way offices make them (issue 18): read as the user sees them, or refused
with the cause named; never stored as another value. Files are built here with openpyxl."""
import re
import zipfile
from datetime import date, datetime

from openpyxl import Workbook
from sqlalchemy import select

from app.core.tables import read_rows
from app.people.models import Officer
from app.questions.models import Question
from app.training.models import Attendance, TrainingSession
from tests.conftest import id_number

OFFICER_HEADERS = ["姓名", "身份证号", "单位编码", "执法岗位", "人员状态", "学历"]
TRAINING_HEADERS = ["培训名称", "培训类别", "开始日期", "结束日期", "身份证号", "学时", "主办单位编码"]


def save(book, path):
    book.save(path)
    return path


def sheet_with(rows, *, title=None, formats=None):
    """A workbook whose first sheet holds `rows`, under a merged title row when `title`."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    for ref, fmt in (formats or {}).items():
        sheet[ref].number_format = fmt
    return book


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("第")]


def imported(runner, kind, path, *args):
    return runner.invoke(args=["import", kind, str(path), *args])


# 1. An ID typed into a number cell -----------------------------------------------------------

def test_an_id_number_in_a_number_cell_is_refused_with_the_text_format_advice(
        runner, db, province, tmp_path):
    truncated = 360102198808012992          # what Excel keeps of 360102198808013178
    book = sheet_with([OFFICER_HEADERS, ["范然", truncated, "360102", "是", "在岗", "本科"]])
    result = imported(runner, "officers", save(book, tmp_path / "o.xlsx"))
    assert result.exit_code != 0
    [line] = errors(result)
    assert line.startswith("第2行: 身份证号: 身份证号以数字格式保存") and "文本格式" in line
    assert db.session.scalar(select(Officer)) is None


def test_a_unit_code_in_a_number_cell_is_refused_too(runner, db, province, tmp_path):
    book = sheet_with([OFFICER_HEADERS, ["范然", id_number(1), 360102, "是", "在岗", "本科"]])
    [line] = errors(imported(runner, "officers", save(book, tmp_path / "o.xlsx")))
    assert line.startswith("第2行: 单位编码: 以数字格式保存") and "文本格式" in line


# 2. Cells read as the user sees them -----------------------------------------------------------

QUESTION_HEADERS = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "专业类别"]


def test_percent_and_fraction_cells_read_as_shown(tmp_path):
    book = sheet_with([QUESTION_HEADERS,
                       ["单选", "罚款比例?", 0.03, 0.05, 0.1, 0.2, "A", "食品安全"],
                       ["填空", "利率为____", 0.0003, 0.5, 1.5, None, "0.03%", "食品安全"]],
                      formats={"C2": "0%", "D2": "0%", "E2": "0%", "F2": "0%",
                               "C3": "0.00%", "D3": "# ?/?", "E3": "# ?/?"})
    rows = dict(read_rows(save(book, tmp_path / "q.xlsx"), headers=QUESTION_HEADERS))
    assert [str(rows[2][f"选项{x}"]) for x in "ABCD"] == ["3%", "5%", "10%", "20%"]
    assert [str(rows[3][f"选项{x}"]) for x in "ABC"] == ["0.03%", "1/2", "1 1/2"]


def test_a_question_with_percent_options_is_stored_as_shown(runner, db, tmp_path):
    book = sheet_with([QUESTION_HEADERS, ["单选", "罚款比例?", 0.03, 0.05, 0.1, 0.2, "A", "食品安全"]],
                      formats={"C2": "0%", "D2": "0%", "E2": "0%", "F2": "0%"})
    result = imported(runner, "questions", save(book, tmp_path / "q.xlsx"))
    assert result.exit_code == 0, result.output
    question = db.session.scalar(select(Question))
    assert [question.current.options[x] for x in "ABCD"] == ["3%", "5%", "10%", "20%"]


def test_a_fraction_excel_turned_into_a_date_comes_back_only_when_shown_as_typed(tmp_path):
    book = sheet_with([QUESTION_HEADERS,
                       ["单选", "一半是?", datetime(2026, 1, 2), "1/3", "1/4", "1/5", "A", "食品安全"]],
                      formats={"C2": "m/d"})
    [(_n, row)] = read_rows(save(book, tmp_path / "q.xlsx"), headers=QUESTION_HEADERS)
    assert str(row["选项A"]) == "1/2"


def test_a_fraction_shown_as_a_chinese_date_is_refused_not_stored(runner, db, tmp_path):
    book = sheet_with([QUESTION_HEADERS,
                       ["单选", "一半是?", datetime(2026, 1, 2), "1/3", "1/4", "1/5", "A", "食品安全"]],
                      formats={"C2": 'm"月"d"日"'})
    result = imported(runner, "questions", save(book, tmp_path / "q.xlsx"))
    assert result.exit_code != 0
    [line] = errors(result)
    assert line.startswith("第2行: 选项A: Excel 已把输入的内容转换为日期（显示为1月2日）")
    assert db.session.scalar(select(Question)) is None


# 4. Names padded with spaces --------------------------------------------------------------------

def test_spaces_inside_a_chinese_name_are_removed_before_comparing_and_storing(
        runner, db, province, make_officer, tmp_path):
    make_officer(province["360102"], "范然", id_number=id_number(5))
    book = sheet_with([OFFICER_HEADERS, ["范　然", id_number(5), "360102", "是", "在岗", None],
                       ["欧阳 明 ", id_number(6), "360102", "是", "在岗", None]])
    result = imported(runner, "officers", save(book, tmp_path / "o.xlsx"))
    assert "新增 1 条, 更新 0 条, 未变 1 条" in result.output, result.output
    assert set(db.session.scalars(select(Officer.name))) == {"范然", "欧阳明"}


# 8. Office layouts ------------------------------------------------------------------------------

def training_row(number, start="2026-03-05", end="2026-03-05", hours=4):
    return ["执法培训", "公共法律知识", start, end, number, hours, "360102"]


def test_a_merged_title_row_above_the_header_is_passed_over(runner, db, province, make_officer,
                                                            tmp_path):
    make_officer(province["360102"], "甲", id_number=id_number(1))
    book = sheet_with([TRAINING_HEADERS, training_row(id_number(1))],
                      title="2026年度执法人员培训签到表")
    result = imported(runner, "training", save(book, tmp_path / "t.xlsx"))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Attendance.hours)) == 4


def test_merged_data_cells_are_named_as_merged(runner, db, province, make_officer, tmp_path):
    for n in (1, 2, 3):
        make_officer(province["360102"], f"人{n}", id_number=id_number(n))
    book = sheet_with([TRAINING_HEADERS, *(training_row(id_number(n)) for n in (1, 2, 3))])
    for column in ("A", "B"):   # 培训名称 and 培训类别 written once for the three rows
        book.active.merge_cells(f"{column}2:{column}4")
    result = imported(runner, "training", save(book, tmp_path / "t.xlsx"))
    assert errors(result) == [
        f"第{row}行: {column}: 合并单元格：请取消合并，在每一行填写完整"
        for row in (3, 4) for column in ("培训名称", "培训类别")]


def test_dates_in_every_documented_form(runner, db, province, make_officer, tmp_path):
    for n in range(1, 6):
        make_officer(province["360102"], f"人{n}", id_number=id_number(n))
    book = sheet_with([TRAINING_HEADERS,
                       ["甲", "公共法律知识", datetime(2026, 3, 5), datetime(2026, 3, 5),
                        id_number(1), 4, "360102"],
                       ["乙", "公共法律知识", "2026/3/5", "２０２６／３／５", id_number(2), 4, "360102"],
                       ["丙", "公共法律知识", "2026.3.5", "2026年3月5日", id_number(3), "４", "３６０１０２"]],
                      formats={"C2": 'yyyy"年"m"月"d"日"', "D2": 'yyyy"年"m"月"d"日"'})
    result = imported(runner, "training", save(book, tmp_path / "t.xlsx"))
    assert result.exit_code == 0, result.output
    assert set(db.session.scalars(select(TrainingSession.start_date))) == {date(2026, 3, 5)}
    assert set(db.session.scalars(select(TrainingSession.end_date))) == {date(2026, 3, 5)}


def test_a_chinese_builtin_date_format_excel_writes_by_id_is_a_date(runner, db, province,
                                                                    make_officer, tmp_path):
    """Chinese Excel writes 2026年3月5日 as built-in format 31, which openpyxl reads as a number."""
    make_officer(province["360102"], "甲", id_number=id_number(1))
    book = sheet_with([TRAINING_HEADERS, training_row(id_number(1), datetime(2026, 3, 5),
                                                      datetime(2026, 3, 6))],
                      formats={"C2": 'yyyy"年"m"月"d"日"', "D2": 'yyyy"年"m"月"d"日"'})
    path = _as_builtin_format(save(book, tmp_path / "t.xlsx"), 'yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;', 31)
    result = imported(runner, "training", path)
    assert result.exit_code == 0, result.output
    session = db.session.scalar(select(TrainingSession))
    assert (session.start_date, session.end_date) == (date(2026, 3, 5), date(2026, 3, 6))


def _as_builtin_format(path, code, builtin_id):
    """Rewrite the custom number format `code` as Excel's built-in id (no numFmt entry)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    styles = parts["xl/styles.xml"].decode()
    custom = re.search(rf'<numFmt numFmtId="(\d+)" formatCode="{re.escape(code)}"\s*/>', styles)
    styles = styles.replace(custom.group(0), "").replace(
        f'numFmtId="{custom.group(1)}"', f'numFmtId="{builtin_id}"')
    parts["xl/styles.xml"] = styles.encode()
    fixed = path.with_name("builtin.xlsx")
    with zipfile.ZipFile(fixed, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return fixed


def test_full_width_id_numbers_and_codes_are_normalised(runner, db, province, tmp_path):
    wide = id_number(9).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)} | {0x58: 0xFF38})
    book = sheet_with([OFFICER_HEADERS, ["甲", wide, "３６０１０２", "是", "在岗", None]])
    result = imported(runner, "officers", save(book, tmp_path / "o.xlsx"))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Officer.id_number)) == id_number(9)


def test_an_instructions_sheet_first_is_passed_over(runner, db, province, tmp_path):
    book = Workbook()
    book.active.title = "填表说明"
    book.active.append(["列名", "说明"])
    book.active.append(["姓名", "必填"])
    data = book.create_sheet("人员名册")
    data.append(OFFICER_HEADERS)
    data.append(["甲", id_number(9), "360102", "是", "在岗", None])
    result = imported(runner, "officers", save(book, tmp_path / "o.xlsx"))
    assert result.exit_code == 0, result.output
    assert "新增 1 条" in result.output


def test_gb18030_csv_with_a_title_row_and_office_dates(runner, db, province, make_officer,
                                                      tmp_path):
    make_officer(province["360102"], "甲", id_number=id_number(1))
    text = ("2026年度执法人员培训签到表,,,,,,\n" + ",".join(TRAINING_HEADERS) + "\n"
            f"执法培训,公共法律知识,2026/3/5,2026年3月6日,{id_number(1)},4,360102\n")
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("gb18030"))
    result = imported(runner, "training", path)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(TrainingSession.end_date)) == date(2026, 3, 6)
