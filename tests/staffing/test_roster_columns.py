"""The roster's optional 法制审核人员 and 法律职业资格 columns: old files keep working."""
from app.extensions import db
from app.people.models import Officer
from tests.conftest import id_number

OLD = "姓名,身份证号,单位编码,执法岗位,人员状态,状态变更日期,执法岗位起始日期,专业特长,手机号,学历,法律专业"
NEW = OLD + ",法制审核人员,法律职业资格"


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_new_columns_import_and_an_old_file_leaves_them_alone(runner, make_unit, tmp_path):
    make_unit("360102", "东湖区局")
    n1, n2 = id_number(501), id_number(502)
    result = runner.invoke(args=["import", "officers", write(tmp_path / "n.csv", [
        NEW, f"甲,{n1},360102,否,在岗,,,,,本科,是,是,是", f"乙,{n2},360102,是,在岗,,,,,,,否,"])])
    assert result.exit_code == 0, result.output
    a = db.session.query(Officer).filter_by(name="甲").one()
    b = db.session.query(Officer).filter_by(name="乙").one()
    assert (a.legal_reviewer, a.legal_qualification) == (True, True)
    assert (b.legal_reviewer, b.legal_qualification) == (False, False)   # blank: default
    # The old format, without the two columns: nothing about them changes.
    result = runner.invoke(args=["import", "officers", write(tmp_path / "o.csv", [
        OLD, f"甲,{n1},360102,否,在岗,,,,,本科,是"])])
    assert "未变 1 条" in result.output, result.output
    db.session.expire_all()
    assert (a.legal_reviewer, a.legal_qualification) == (True, True)


def test_export_has_the_columns_last_and_reimports_unchanged(runner, make_unit, make_officer,
                                                            tmp_path):
    unit = make_unit("360102", "东湖区局")
    make_officer(unit, "丙", legal_reviewer=True, legal_qualification=False)
    out = tmp_path / "e.csv"
    assert runner.invoke(args=["export", "officers", "--format", "csv", "--out", str(out)]
                         ).exit_code == 0
    header, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header == NEW and row.endswith(",是,否")
    again = runner.invoke(args=["import", "officers", str(out)])
    assert "未变 1 条" in again.output, again.output
