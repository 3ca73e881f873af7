"""`flask import training`, `flask export training` and the sign-in sheet: all or nothing."""
import csv
from decimal import Decimal

from sqlalchemy import func, select

from app.core.actor import CLI
from app.core.imports import run_import
from app.core.scoping import Scope
from app.training.importer import HEADERS, SignInImporter
from app.training.models import Attendance, TrainingSession


def write(path, rows, headers=HEADERS):
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def row(officer, title="行政处罚法培训", hours="8", start="2026-03-10", end="2026-03-10",
        unit="360102", category="公共法律知识"):
    return [title, category, start, end, officer.id_number, hours, unit, "线下", "讲授"]


def test_import_then_reimport_changes_nothing(db, runner, province, make_officer, tmp_path):
    a, b = make_officer(province["360102"], "甲"), make_officer(province["360103"], "乙")
    path = write(tmp_path / "t.csv", [row(a), row(b, hours="4"),
                                      row(a, title="执法技能", category="业务知识和行政执法技能",
                                          start="2026-05-06", end="2026-05-07", hours="16")])
    result = runner.invoke(args=["import", "training", str(path)])
    assert result.exit_code == 0, result.output
    assert "新增 3 条" in result.output
    assert (count(db, TrainingSession), count(db, Attendance)) == (2, 3)
    session = db.session.scalar(select(TrainingSession).where(TrainingSession.title == "执法技能"))
    assert (session.hours, session.year, session.category) == (Decimal(16), 2026, "business")
    again = runner.invoke(args=["import", "training", str(path)])
    assert "新增 0 条, 更新 0 条, 未变 3 条" in again.output


def test_export_reimports_unchanged(db, runner, province, make_officer, tmp_path):
    a = make_officer(province["360102"], "甲")
    write(tmp_path / "t.csv", [row(a), row(a, title="党课", category="政治理论", hours="2.5")])
    runner.invoke(args=["import", "training", str(tmp_path / "t.csv")])
    out = tmp_path / "export.csv"
    result = runner.invoke(args=["export", "training", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as f:
        exported = list(csv.reader(f))
    assert exported[0] == list(HEADERS)
    assert exported[1][:6] == ["行政处罚法培训", "公共法律知识", "2026-03-10", "2026-03-10",
                               a.id_number, "8.0"]
    again = runner.invoke(args=["import", "training", str(out)])
    assert "未变 2 条" in again.output and "新增 0 条" in again.output


def test_bad_rows_write_nothing_and_name_each_row(db, runner, province, make_officer, tmp_path):
    a, b = make_officer(province["360102"], "甲"), make_officer(province["360102"], "乙")
    path = write(tmp_path / "bad.csv", [
        row(a),                                                  # 2: good
        row(b, hours="7.3"),                                     # 3: not a multiple of 0.5
        row(b, title="两天", start="2026-03-10", end="2026-03-11", hours="49"),   # 4: > 48
        row(b, title="倒序", start="2026-03-10", end="2026-03-09"),  # 5: end before start
        ["培训", "公共法律知识", "2026-03-10", "2026-03-10", "11010519491231002X", "2",
         "360102", "线下", ""],                                  # 6: unknown officer
        row(a),                                                  # 7: same attendance again
        row(b, unit="999999"),                                   # 8: unknown organiser
        row(b, title="零", hours="0"),                           # 9: not positive
    ])
    result = runner.invoke(args=["import", "training", str(path)])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.startswith("第")]
    assert lines == [
        "第3行: 学时: 应为0.5的正整数倍",
        "第4行: 学时: 学时不能超过每天24学时（共2天）",
        "第5行: 结束日期: 结束日期不能早于开始日期",
        "第6行: 身份证号: 人员名册中没有该身份证号，或不在您的管理范围内",
        "第7行: 身份证号: 与第2行重复",
        "第8行: 主办单位编码: 单位 999999 不存在或不在您的管理范围内",
        "第9行: 学时: 应为0.5的正整数倍",
    ]
    assert (count(db, TrainingSession), count(db, Attendance)) == (0, 0)


def test_rows_of_one_session_must_agree(db, runner, province, make_officer, tmp_path):
    a, b = make_officer(province["360102"]), make_officer(province["360102"])
    path = write(tmp_path / "t.csv", [row(a), row(b, category="政治理论")])
    result = runner.invoke(args=["import", "training", str(path)])
    assert "第3行: 培训类别: 同一培训的各行此项应一致" in result.output


def test_scoped_importer_refuses_other_counties(db, province, make_officer, make_user,
                                                tmp_path):
    from app.importing import KINDS

    clerk = make_user("hr", province["360102"])
    other = make_officer(province["360702"], "外县")
    path = write(tmp_path / "t.csv", [row(other, unit="360702")])
    report = run_import(KINDS["training"].importer(clerk), path, clerk)
    assert [str(e) for e in report.errors] == [
        "第2行: 身份证号: 人员名册中没有该身份证号，或不在您的管理范围内",
        "第2行: 主办单位编码: 单位 360702 不存在或不在您的管理范围内"]


def test_sign_in_sheet(db, province, make_officer, make_session, tmp_path):
    session = make_session(province["360102"], hours=6)
    a, b = make_officer(province["360102"], "甲"), make_officer(province["360102"], "乙")
    c, outsider = make_officer(province["360103"], "丁"), make_officer(province["360702"], "丙")
    headers = ("身份证号", "姓名", "学时")
    bad = write(tmp_path / "bad.csv", [[a.id_number, "甲", "6"], [b.id_number, "错名", "3"],
                                       [a.id_number.lower(), "甲", "6"],
                                       [outsider.id_number, "丙", "6"], [c.id_number, "丁", "7"]],
                headers)
    scope = Scope(unit_path=province["360100"].path)
    report = run_import(SignInImporter(session, scope), bad, CLI)
    assert [str(e) for e in report.errors] == [
        "第3行: 姓名: 姓名与人员名册不符",
        "第4行: 身份证号: 与第2行重复",
        "第5行: 身份证号: 人员名册中没有该身份证号，或不在您的管理范围内",
        "第6行: 学时: 个人学时不能超过培训学时（6.0）"]
    db.session.rollback()
    assert count(db, Attendance) == 0
    good = write(tmp_path / "good.csv", [[a.id_number, "甲", "6"], [b.id_number, "乙", "3.5"]],
                 headers)
    report = run_import(SignInImporter(session, scope), good, CLI)
    db.session.commit()
    assert (report.created, report.unchanged) == (2, 0)
    hours = dict(db.session.execute(select(Attendance.officer_id, Attendance.hours)).all())
    assert hours == {a.id: Decimal(6), b.id: Decimal("3.5")}
    db.session.expire_all()
    report = run_import(SignInImporter(db.session.get(TrainingSession, session.id), scope),
                        good, CLI)
    assert (report.created, report.unchanged) == (0, 2)


def test_sign_in_sheet_by_name_and_unit_code(db, province, make_officer, make_session,
                                             tmp_path):
    """Issue 19 item 5: names are looked up in their unit; a name two officers of the unit
    share is reported, not guessed; a blank 学时 is the session's hours."""
    session = make_session(province["360102"], hours=6)
    a = make_officer(province["360102"], "张 三")          # aligned with a space on the roster
    twin1, twin2 = make_officer(province["360102"], "李四"), make_officer(province["360102"], "李四")
    other = make_officer(province["360103"], "李四")       # the same name in another unit
    outsider = make_officer(province["360702"], "王五")
    headers = ("姓名", "单位编码", "身份证号", "学时")
    scope = Scope(unit_path=province["360100"].path)
    bad = write(tmp_path / "bad.csv", [["张三", "360102", "", ""], ["李四", "360102", "", "2"],
                                       ["王五", "360702", "", ""], ["赵六", "", "", ""],
                                       ["张三", "360102", a.id_number, ""]], headers)
    report = run_import(SignInImporter(session, scope), bad, CLI)
    assert [str(e) for e in report.errors] == [
        "第3行: 姓名: 单位 360102 中有2名李四，请填写身份证号以区分",
        "第4行: 姓名: 单位 360702 中没有名为王五的人员，或不在您的管理范围内",
        "第5行: 身份证号: 请填写身份证号，或填写单位编码以按姓名查找",
        "第6行: 身份证号: 与第2行重复"]
    db.session.rollback()
    assert count(db, Attendance) == 0
    good = write(tmp_path / "good.csv", [["张三", "360102", "", ""],
                                         ["李四", "360103", "", "2.5"],
                                         ["李四", "", twin2.id_number, ""]], headers)
    report = run_import(SignInImporter(session, scope), good, CLI)
    assert report.ok, [str(e) for e in report.errors]
    db.session.commit()
    hours = dict(db.session.execute(select(Attendance.officer_id, Attendance.hours)).all())
    assert hours == {a.id: Decimal(6), other.id: Decimal("2.5"), twin2.id: Decimal(6)}
    assert twin1.id not in hours and outsider.id not in hours
