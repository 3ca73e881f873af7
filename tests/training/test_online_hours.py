"""`flask import online-hours`: platform courses count like sessions, once, in their year."""
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.scoping import Scope
from app.importing import import_file
from app.training import queries, reports
from app.training.models import Attendance, TrainingSession
from app.training.online.models import OnlineCourse
from app.training.services import TrainingError, add_attendance
from tests.conftest import id_number
from tests.training.test_pdf import text_of

HEADER = "身份证号,课程名称,培训类别,学时,完成日期,平台,证书编号"


def write_csv(path, lines):
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    return path


def hours_of(runner, year: int, name: str) -> dict:
    rows = json.loads(runner.invoke(args=["report", "compliance", "--year", str(year),
                                          "--format", "json"]).output)
    return next(r for r in rows if r["name"] == name)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_courses_count_in_the_year_of_completion_and_only_once(runner, db, province,
                                                               make_officer, tmp_path):
    a = make_officer(province["360102"], "甲")
    path = write_csv(tmp_path / "o.csv", [
        HEADER,
        f"{a.id_number},行政处罚法解读,公共法律知识,6,2026-03-05,学习强国,C-001",
        f"{a.id_number},行政处罚法解读,公共法律知识,6,2026-03-05,江西干部网络学院,",
        f"{a.id_number},食品抽检实务,业务知识和行政执法技能,4.5,2025-12-31,学习强国,",
    ])
    first = runner.invoke(args=["import", "online-hours", str(path)])
    assert first.exit_code == 0, first.output
    assert "新增 3 条, 更新 0 条, 未变 0 条" in first.output
    row = hours_of(runner, 2026, "甲")
    assert (row["public_law_hours"], row["business_hours"]) == (12.0, 0.0)
    assert hours_of(runner, 2025, "甲")["business_hours"] == 4.5
    again = runner.invoke(args=["import", "online-hours", str(path)])
    assert "新增 0 条, 更新 0 条, 未变 3 条" in again.output
    # The same course on the same platform, now with another date and hours: moved, not added.
    moved = write_csv(tmp_path / "m.csv", [
        HEADER, f"{a.id_number},行政处罚法解读,公共法律知识,8,2026-04-01,学习强国,"])
    assert "更新 1 条" in runner.invoke(args=["import", "online-hours", str(moved)]).output
    assert hours_of(runner, 2026, "甲")["public_law_hours"] == 14.0
    assert count(db, OnlineCourse) == 3 and count(db, Attendance) == 3
    # The blank 证书编号 kept the stored one.
    assert db.session.scalar(select(OnlineCourse.certificate_no).where(
        OnlineCourse.platform == "学习强国", OnlineCourse.course == "行政处罚法解读")) == "C-001"


def test_bad_rows_are_named_and_nothing_is_written(runner, db, province, make_officer, tmp_path):
    a = make_officer(province["360102"], "甲")
    lines = [HEADER,
             f"{a.id_number},课程甲,公共法律知识,2,2026-03-05,学习强国,",      # row 2: fine
             "360102198001010011,课程乙,公共法律知识,2,2026-03-05,学习强国,",   # 3: check digit
             f"{id_number(901)},课程丙,公共法律知识,2,2026-03-05,学习强国,",   # 4: not on roster
             f"{a.id_number},课程丁,食品,2,2026-03-05,学习强国,",               # 5: category
             f"{a.id_number},课程戊,公共法律知识,0.8,2026-03-05,学习强国,",     # 6: half hours
             f"{a.id_number},课程己,公共法律知识,25,2026-03-05,学习强国,",      # 7: over 24
             f"{a.id_number},课程庚,公共法律知识,2,2026-13-05,学习强国,",       # 8: date
             f"{a.id_number},课程辛,公共法律知识,2,2026-03-05,,",               # 9: no platform
             f"{a.id_number},课程甲,公共法律知识,3,2026-04-05,学习强国,",       # 10: repeats 2
             f"{a.id_number},课程壬,公共法律知识,2,2099-01-01,学习强国,"]       # 11: future
    result = runner.invoke(args=["import", "online-hours",
                                 str(write_csv(tmp_path / "o.csv", lines))])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("第")]
    assert [e.split(":")[0:2] for e in errors] == [
        ["第3行", " 身份证号"], ["第4行", " 身份证号"], ["第5行", " 培训类别"], ["第6行", " 学时"],
        ["第7行", " 学时"], ["第8行", " 完成日期"], ["第9行", " 平台"], ["第10行", " 课程名称"],
        ["第11行", " 完成日期"]]
    assert "第10行: 课程名称: 与第2行重复" in errors
    assert "第7行: 学时: 学时不能超过每天24学时（共1天）" in errors
    assert count(db, OnlineCourse) == count(db, TrainingSession) == count(db, Attendance) == 0


def test_a_city_clerk_cannot_add_hours_to_another_citys_officer(db, province, make_officer,
                                                                make_user, tmp_path):
    ours = make_officer(province["360102"], "本市")
    theirs = make_officer(province["360702"], "外市")
    clerk = make_user("hr", province["360100"])
    unknown = id_number(902)

    def run(number):
        path = write_csv(tmp_path / "o.csv", [HEADER, f"{number},课程,公共法律知识,2,2026-03-05,学习强国,"])
        return import_file("online-hours", path, clerk)

    refused, never_seen = run(theirs.id_number), run(unknown)
    assert [str(e) for e in refused.errors] == \
        ["第2行: 身份证号: 人员名册中没有该身份证号，或不在您的管理范围内"]
    # The same words whether the ID exists in another city or nowhere.
    assert [str(e) for e in refused.errors] == [str(e) for e in never_seen.errors]
    assert count(db, OnlineCourse) == 0
    assert run(ours.id_number).created == 1


def test_the_web_import_page_takes_the_file(auth, db, province, make_officer, make_user):
    officer = make_officer(province["360102"], "甲")
    auth.login(make_user("hr", province["360100"]).username)
    listing = auth.client.get("/training/sessions").get_data(as_text=True)
    assert "/imports/online-hours" in listing and "导入网络学习学时" in listing
    data = "\n".join([HEADER, f"{officer.id_number},课程,业务知识和行政执法技能,3,2026-03-05,学习强国,"])
    page = auth.post("/imports/online-hours", {"file": (io.BytesIO(data.encode()), "o.csv")},
                     content_type="multipart/form-data", follow_redirects=True)
    assert "新增 1 条" in page.get_data(as_text=True)
    # The officer's page lists it, without a link to a session page it has none of.
    year = auth.client.get(f"/training/officers/{officer.id}?year=2026").get_data(as_text=True)
    assert "课程（学习强国）" in year
    session = db.session.scalar(select(TrainingSession))
    assert f"/training/sessions/{session.id}" not in year


def test_the_export_reimports_unchanged_and_stays_out_of_the_training_export(
        runner, db, province, make_officer, tmp_path):
    a, b = make_officer(province["360102"], "甲"), make_officer(province["360702"], "乙")
    path = write_csv(tmp_path / "o.csv", [
        HEADER, f"{a.id_number},课程一,公共法律知识,2.5,2026-03-05,学习强国,C1",
        f"{b.id_number},课程二,政治理论,1,2026-01-02,平台B,"])
    assert runner.invoke(args=["import", "online-hours", str(path)]).exit_code == 0
    out = tmp_path / "o.xlsx"
    assert runner.invoke(args=["export", "online-hours", "--format", "xlsx", "--out", str(out)]
                         ).exit_code == 0
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER.split(",")) and len(rows) == 3
    assert "新增 0 条, 更新 0 条, 未变 2 条" in runner.invoke(
        args=["import", "online-hours", str(out)]).output
    csv_path = tmp_path / "o2.csv"
    csv_path.write_text(runner.invoke(args=["export", "online-hours", "--format", "csv"]).output,
                        encoding="utf-8")
    assert "未变 2 条" in runner.invoke(args=["import", "online-hours", str(csv_path)]).output
    training = json.loads(runner.invoke(args=["export", "training", "--format", "json"]).output)
    assert training == []


def test_the_officers_year_and_archive_show_the_course(db, province, make_officer, tmp_path):
    officer = make_officer(province["360102"], "赵甲")
    path = write_csv(tmp_path / "o.csv", [
        HEADER, f"{officer.id_number},反不正当竞争法新解,公共法律知识,3,2026-05-06,学习强国,"])
    assert import_file("online-hours", path, _admin()).created == 1
    year = queries.officer_year(officer, 2026)
    assert year.hours["public_law"] == 3
    assert [a.session.title for a in year.attendances] == ["反不正当竞争法新解（学习强国）"]
    data, _missing = reports.archive_pdf(year, "360102县局")
    text = text_of(data)
    assert "反不正当竞争法新解" in text and "网络学习平台/线上" in text


def _admin():
    from app.core.actor import CLI

    assert Scope.of(CLI).everything
    return CLI


def test_nobody_else_is_added_to_a_platform_course(db, province, make_officer, tmp_path):
    a, b = make_officer(province["360102"], "甲"), make_officer(province["360102"], "乙")
    path = write_csv(tmp_path / "o.csv", [HEADER, f"{a.id_number},课程,公共法律知识,2,2026-03-05,学习强国,"])
    import_file("online-hours", path, _admin())
    session = db.session.scalar(select(TrainingSession))
    with pytest.raises(TrainingError):
        add_attendance(_admin(), session, b)
