"""Import templates (issue 18, item 10): the header sheet first, 填表说明 second with an example
row, ID and code columns as text, drop-downs for enumerated columns and the user's units; and a
dry run lists every error of a file at once."""
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.importing import KINDS
from app.people.models import Officer
from tests.conftest import id_number

KIND_NAMES = ("units", "officers", "training", "questions", "certificates", "talent")


def download(auth, kind):
    response = auth.client.get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def drop_downs(book) -> dict[str, list[str]]:
    """Header -> the values its drop-down offers (read from the hidden list sheet)."""
    sheet = book.worksheets[0]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        sheet_name, cells = validation.formula1.lstrip("=").split("!")
        source = book[sheet_name.strip("'")]
        values = [c.value for row in source[cells.replace("$", "")] for c in row]
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[headers[column]] = values
    return found


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_every_template_has_its_headers_first_and_instructions_second(auth, db, province,
                                                                      make_user, kind):
    auth.login(make_user("admin").username)
    book = download(auth, kind)
    data, instructions = book.worksheets[:2]
    assert [c.value for c in data[1]] == list(KINDS[kind].headers)
    assert instructions.title == "填表说明"
    rows = [[c.value for c in row] for row in instructions.iter_rows()]
    example_header = rows.index(list(KINDS[kind].headers))
    example = rows[example_header + 1]
    assert sum(1 for v in example if v) >= 3, example
    for index, header in enumerate(KINDS[kind].headers, start=1):
        letter = data.cell(row=1, column=index).column_letter
        if header in ("身份证号", "单位编码", "证件编号", "主办单位编码", "上级单位编码"):
            assert data.column_dimensions[letter].number_format == "@", header
    assert data.max_row == 1          # nothing to import by mistake


def test_enumerated_columns_have_drop_downs_and_units_are_the_users_scope(auth, db, province,
                                                                          make_user):
    auth.login(make_user("hr", province["360100"]).username)
    lists = drop_downs(download(auth, "officers"))
    assert lists["执法岗位"] == ["是", "否"]
    assert lists["人员状态"] == ["在岗", "调离执法岗位", "退休", "辞职", "其他"]
    assert "本科" in lists["学历"]
    assert sorted(lists["单位编码"]) == ["360100", "360102", "360103"]
    training = drop_downs(download(auth, "training"))
    assert training["培训类别"] == ["公共法律知识", "业务知识和行政执法技能", "政治理论"]
    assert sorted(training["主办单位编码"]) == ["360100", "360102", "360103"]


def test_a_filled_template_imports(auth, db, province, make_user, tmp_path, runner):
    auth.login(make_user("admin").username)
    book = download(auth, "officers")
    book.worksheets[0].append(["范　然", id_number(3), "360102", "是", "在岗", None, None, None,
                               None, "大学本科", "否"])
    path = tmp_path / "filled.xlsx"
    book.save(path)
    result = runner.invoke(args=["import", "officers", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Officer.name)) == "范然"


def test_the_example_row_is_never_imported_even_when_columns_are_removed(
        auth, db, province, make_user, tmp_path, runner):
    auth.login(make_user("admin").username)
    book = download(auth, "officers")
    data = book.worksheets[0]
    data.delete_cols(5, 7)            # only the four required columns are kept
    data.append(["甲", id_number(3), "360102", "是"])
    book.save(tmp_path / "filled.xlsx")
    result = runner.invoke(args=["import", "officers", str(tmp_path / "filled.xlsx")])
    assert "新增 1 条" in result.output, result.output
    assert list(db.session.scalars(select(Officer.name))) == ["甲"]


def test_a_dry_run_lists_every_error_of_the_file_at_once(runner, db, province, tmp_path):
    lines = ["姓名,身份证号,单位编码,执法岗位,学历",
             f"甲,{id_number(1)},360102,是,本科",
             "乙,360102198001010011,360102,是,本科",     # check digit
             f"丙,{id_number(3)},360102,也许,本科",       # 执法岗位
             f",{id_number(4)},360102,是,研究生",          # name and 学历
             f"丁,{id_number(1)},360102,是,本科",          # repeats row 2
             f"戊,{id_number(5)},999999,是,本科"]          # unknown unit
    path = tmp_path / "o.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "officers", str(path), "--dry-run"])
    assert result.exit_code != 0
    rows = [line.split(":")[0] + ":" + line.split(":")[1] for line in result.output.splitlines()
            if line.startswith("第")]
    assert rows == ["第3行: 身份证号", "第4行: 执法岗位", "第5行: 姓名", "第5行: 学历",
                    "第6行: 身份证号", "第7行: 单位编码"]
    assert db.session.scalar(select(Officer)) is None
