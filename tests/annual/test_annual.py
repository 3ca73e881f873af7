"""The yearly report: figures per unit on the hand-computed year of tests/assessment
(甲 and 乙 in 360102, 丙 in 360702), `flask report annual`, the page, the reminders."""
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from app.annual import tasks
from app.core import clock
from app.notifications.models import Notification
from app.scheduling import JOBS
from app.training.models import PlanItem


@pytest.fixture(autouse=True)
def in_december(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 6))


def _annual(runner, *args):
    result = runner.invoke(args=["report", "annual", "--year", "2026", *args])
    assert result.exit_code == 0, result.output
    return result


def test_json_per_unit_then_the_whole(runner, year_2026):
    lines = json.loads(_annual(runner, "--format", "json").output)
    assert [(x["unit_code"], x["total"]) for x in lines] == [
        ("360100", False), ("360700", False), ("360000", True)]
    nanchang, other, whole = lines
    assert list(nanchang) == ["unit_code", "unit_name", "total", "training", "exams",
                              "certificates", "rotation"]
    assert nanchang["rotation"] == {"participants": 0, "completed": 0, "checked": 0,
                                    "passed": 0, "pass_rate": None}
    # 甲 30 + 30 and political 10, 乙 20 + 20 and political 10: 1 of 2 compliant, hours 100
    assert nanchang["training"] == {"officers": 2, "compliant": 1, "compliance_rate": 50.0,
                                    "political_done": 2, "hours": 100.0, "sessions": 3}
    # Q1: 甲, 乙 sat and passed; Q2: 甲 passed, 乙 absent (the make-up is not counted)
    assert nanchang["exams"] == {"exams": 2, "seats": 4, "sat": 3, "participation_rate": 75.0,
                                 "graded": 3, "passed": 3, "pass_rate": 100.0}
    # three valid certificates at the end of the year; 乙's was withheld once this year
    assert nanchang["certificates"] == {"holders": 2, "without": 0, "issued": 0,
                                        "suspended": 1, "revoked": 0, "cancelled": 0}
    assert other["training"]["compliant"] == 1 and other["exams"]["seats"] == 0
    assert other["exams"]["pass_rate"] is None
    assert whole["training"] == {"officers": 3, "compliant": 2, "compliance_rate": 66.7,
                                 "political_done": 2, "hours": 160, "sessions": 3}
    assert whole["exams"]["pass_rate"] == 100.0 and whole["certificates"]["holders"] == 3


def test_unit_narrows_to_the_units_below_it(runner, year_2026):
    lines = json.loads(_annual(runner, "--unit", "360100", "--format", "json").output)
    # 360103 has nobody in it: left out
    assert [x["unit_code"] for x in lines] == ["360102", "360100"]
    assert lines[0]["training"]["officers"] == 2 and lines[1]["training"]["officers"] == 2


def test_xlsx_and_pdf(runner, year_2026, tmp_path):
    out = tmp_path / "r.xlsx"
    _annual(runner, "--format", "xlsx", "--out", str(out))
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位编码", "单位", "培训·应参训人数", "培训·学时达标人数")
    assert rows[-1][1] == "江西省市场监督管理局（合计）" and rows[-1][2] == 3
    pdf = tmp_path / "r.pdf"
    _annual(runner, "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes()[:4] == b"%PDF"
    assert runner.invoke(args=["report", "annual", "--format", "xlsx"]).exit_code != 0


def test_page_is_scoped(client, auth, make_user, province, year_2026):
    auth.login(make_user("leader", province["360702"]).username)
    page = client.get("/annual/?year=2026").get_data(as_text=True)
    assert "360702县局" in page and "360102县局" not in page
    assert client.get(f"/annual/?year=2026&unit={province['360100'].id}").status_code == 404
    assert client.get("/annual/report.pdf?year=2026").data[:4] == b"%PDF"
    assert client.get("/annual/report.xlsx?year=2026").status_code == 200
    auth.logout()
    auth.login(make_user("officer", province["360102"]).username)
    assert client.get("/annual/").status_code == 403


def test_january_reminders_go_to_the_legal_section_once(db, province, make_user):
    legal = make_user("legal", province["360100"])
    make_user("hr", province["360100"])
    assert tasks.remind_annual_report(date(2026, 12, 6)) == 0     # not in January
    assert tasks.remind_annual_report(date(2027, 1, 5)) == 1
    assert tasks.remind_annual_report(date(2027, 1, 6)) == 0      # same stage: nobody twice
    assert tasks.remind_annual_report(date(2027, 1, 20)) == 1
    db.session.commit()
    texts = db.session.scalars(db.select(Notification.text).where(
        Notification.user_id == legal.id)).all()
    assert len(texts) == 2 and "2026年度" in texts[0] and "2027年1月31日前" in texts[0]
    assert "还有 26 天" in texts[0] and "还有 11 天" in texts[1]


def test_training_plan_reminder_in_the_first_quarter_for_units_without_a_plan(db, province,
                                                                              make_user):
    waiting = make_user("hr", province["360102"])
    planned = make_user("hr", province["360702"])
    db.session.add(PlanItem(unit_id=province["360702"].id, year=2027, title="行政处罚法",
                            category="public_law", planned_hours=8, month=3))
    db.session.commit()
    assert tasks.remind_training_plan(date(2027, 4, 10)) == 0
    assert tasks.remind_training_plan(date(2027, 1, 10)) == 1
    assert tasks.remind_training_plan(date(2027, 1, 10)) == 0     # re-run: nobody twice
    assert tasks.remind_training_plan(date(2027, 2, 10)) == 1
    db.session.commit()
    assert {n.user_id for n in db.session.scalars(db.select(Notification))} == {waiting.id}
    assert planned.id not in {n.user_id for n in db.session.scalars(db.select(Notification))}


def test_both_jobs_are_in_the_scheduler_table():
    jobs = {j.id: j for j in JOBS}
    assert jobs["annual-report-reminder"].trigger["month"] == 1
    assert jobs["training-plan-reminder"].trigger["month"] == "1,2,3"


def test_the_scheduled_job_runs_through_the_table_and_twice_changes_nothing(db, province,
                                                                            make_user,
                                                                            monkeypatch):
    from app.scheduling import job_by_id, run_job

    legal = make_user("legal", province["360100"])
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 28))
    for _ in range(2):
        run_job(job_by_id("annual-report-reminder"))
    notes = db.session.scalars(db.select(Notification).where(
        Notification.user_id == legal.id)).all()
    assert len(notes) == 1 and "还有 3 天" in notes[0].text and notes[0].link == "/annual/?year=2026"
