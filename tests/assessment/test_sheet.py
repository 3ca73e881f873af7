"""The sheet measured from the data, `flask report assessment`, confirming and its scope."""
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from app.assessment import queries, services
from app.assessment.models import AssessmentDecision
from app.core import clock
from app.core.audit import AuditEntry
from app.core.scoping import Scope


@pytest.fixture(autouse=True)
def in_december(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 6))


EVERYTHING = Scope(everything=True)


def _rows(year=2026, scope=EVERYTHING):
    _scheme, rows = queries.sheet(year, scope)
    return {r.row.name: r for r in rows}


def test_indicators_and_proposals_hand_computed(year_2026):
    rows = _rows()
    # None of them is in a rotation programme: that indicator does not apply.
    assert rows["甲"].values == {"hours": 1.0, "political": 1.0, "exams_sat": 1.0,
                                 "exams_passed": 1.0, "certificate": 1.0, "rotation": None}
    assert rows["乙"].values == {"hours": 0.0, "political": 1.0, "exams_sat": 1.0,
                                 "exams_passed": 0.5, "certificate": 0.0, "rotation": None}
    assert rows["丙"].values == {"hours": 1.0, "political": 0.0, "exams_sat": None,
                                 "exams_passed": None, "certificate": 1.0, "rotation": None}
    assert [(n, str(rows[n].proposal.score), rows[n].proposal.grade) for n in "甲乙丙"] == [
        ("甲", "100.0", "优秀"), ("乙", "35.0", "不合格"), ("丙", "84.6", "合格")]
    assert rows["乙"].proposal.capped_by == ("培训学时达标", "执法证全年有效且未被暂扣")


def test_unpublished_results_are_left_out_of_passed(year_2026, db):
    from app.exams.models import Exam
    for exam in db.session.scalars(db.select(Exam).where(Exam.quarter == 2)):
        exam.results_published_at = None
    db.session.commit()
    rows = _rows()
    # 乙: only Q1 is published and passed: 1 of 1; 甲 the same
    assert rows["乙"].values["exams_passed"] == 1.0 and rows["甲"].values["exams_passed"] == 1.0


def _report(runner, *args):
    result = runner.invoke(args=["report", "assessment", "--year", "2026", *args])
    assert result.exit_code == 0, result.output
    return result


def test_cli_json_as_interfaces_writes_it(runner, year_2026, province, make_user, db):
    leader = make_user("leader", province["360102"])
    services.confirm(leader, year_2026["乙"], 2026, "基本合格", "补考后已整改")
    db.session.commit()
    rows = json.loads(_report(runner, "--format", "json").output)
    assert [r["name"] for r in rows] == ["乙", "甲", "丙"]   # by unit code, then name
    assert all(list(r) == ["id_number_masked", "name", "unit_code", "indicators",
                           "proposed_grade", "confirmed_grade", "confirmed_by"] for r in rows)
    assert rows[0] == {"id_number_masked": year_2026["乙"].id_number_masked, "name": "乙",
                      "unit_code": "360102",
                      "indicators": {"hours": 0.0, "political": 1.0, "exams_sat": 1.0,
                                     "exams_passed": 0.5, "certificate": 0.0,
                                     "rotation": None},
                      "proposed_grade": "不合格", "confirmed_grade": "基本合格",
                      "confirmed_by": leader.username}
    assert rows[2]["indicators"]["exams_sat"] is None and rows[2]["confirmed_grade"] is None
    only = json.loads(_report(runner, "--unit", "360700", "--format", "json").output)
    assert [r["name"] for r in only] == ["丙"]


def test_cli_xlsx_and_pdf(runner, year_2026, tmp_path):
    out = tmp_path / "a.xlsx"
    _report(runner, "--format", "xlsx", "--out", str(out))
    sheet = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert sheet[0][:5] == ("序号", "姓名", "身份证号", "单位", "培训学时达标")
    assert sheet[1][1] == "乙" and sheet[1][4:9] == ("否", "是", "是", "50%", "否")
    assert sheet[1][9] == "不适用"                       # in no rotation programme
    assert sheet[1][10:13] == (35, "不合格", "待确认")
    pdf = tmp_path / "a.pdf"
    _report(runner, "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes()[:4] == b"%PDF"
    refused = runner.invoke(args=["report", "assessment", "--format", "pdf"])
    assert refused.exit_code != 0


def test_confirming_another_grade_needs_a_reason_and_is_audited(year_2026, province,
                                                                 make_user, db):
    leader = make_user("leader", province["360102"])
    with pytest.raises(services.AssessmentError) as refused:
        services.confirm(leader, year_2026["乙"], 2026, "合格", "  ")
    assert "理由" in refused.value.errors["reason"]
    services.confirm(leader, year_2026["甲"], 2026, "优秀", "")     # the proposal: no reason
    services.confirm(leader, year_2026["乙"], 2026, "基本合格", "考试补考后已整改")
    db.session.commit()
    decision = db.session.scalars(db.select(AssessmentDecision).where(
        AssessmentDecision.officer_id == year_2026["乙"].id)).one()
    assert (decision.proposed_grade, decision.grade) == ("不合格", "基本合格")
    entries = db.session.scalars(db.select(AssessmentEntry := AuditEntry).where(
        AssessmentEntry.action == "assessment.confirm").order_by(AuditEntry.id)).all()
    assert [e.after["grade"] for e in entries] == ["优秀", "基本合格"]
    assert entries[1].after["reason"] == "考试补考后已整改"


def test_a_leader_of_one_county_cannot_confirm_anothers(year_2026, province, make_user, db,
                                                        auth, client):
    other = make_user("leader", province["360702"])
    with pytest.raises(services.AssessmentError):
        services.confirm(other, year_2026["甲"], 2026, "优秀", "")
    auth.login(other.username)
    url = f"/assessment/officers/{year_2026['甲'].id}?year=2026"
    assert client.get(url).status_code == 404
    assert auth.post(url, {"c-grade": "优秀", "c-confirm": "1"}).status_code == 404
    page = client.get("/assessment/?year=2026").get_data(as_text=True)
    assert "丙" in page and "甲" not in page
    assert db.session.scalar(db.select(db.func.count(AssessmentDecision.id))) == 0


def test_leader_confirms_through_the_page_others_may_not(year_2026, province, make_user, db,
                                                         auth, client):
    url = f"/assessment/officers/{year_2026['乙'].id}?year=2026"
    legal = make_user("legal", province["360100"])
    auth.login(legal.username)
    assert client.get(url).status_code == 200
    assert auth.post(url, {"c-grade": "合格", "c-confirm": "1"}).status_code == 403
    auth.logout()
    auth.login(make_user("officer", province["360102"]).username)
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(make_user("leader", province["360100"]).username)
    page = auth.post(url, {"c-grade": "合格", "c-reason": "", "c-confirm": "1"})
    assert "请填写理由" in page.get_data(as_text=True)
    done = auth.post(url, {"c-grade": "合格", "c-reason": "年中已整改", "c-confirm": "1"})
    assert done.status_code == 302
    assert "年中已整改" in client.get(url).get_data(as_text=True)
    assert client.get("/assessment/sheet.xlsx?year=2026").status_code == 200
    assert client.get("/assessment/sheet.pdf?year=2026").data[:4] == b"%PDF"


def test_legal_defines_the_scheme_with_a_manual_indicator(year_2026, province, make_user, db,
                                                          auth, client):
    auth.login(make_user("legal", province["360100"]).username)
    data = {"grades-0-name": "优秀", "grades-0-min_score": "85",
            "grades-1-name": "称职", "grades-1-min_score": "60",
            "grades-2-name": "不称职", "grades-2-min_score": "0",
            "indicators-0-kind": "hours", "indicators-0-name": "学时", "indicators-0-weight": "50",
            "indicators-0-cap_grade": "称职",
            "indicators-1-kind": "manual", "indicators-1-name": "工作实绩",
            "indicators-1-weight": "50"}
    assert auth.post("/assessment/scheme?year=2026", data).status_code == 302
    bad = auth.post("/assessment/scheme?year=2026", data | {"indicators-0-cap_grade": "合格"})
    assert "封顶等次须为已设置的等次" in bad.get_data(as_text=True)
    auth.logout()
    leader = make_user("leader", province["360102"])
    auth.login(leader.username)
    url = f"/assessment/officers/{year_2026['甲'].id}?year=2026"
    assert "单位尚未评分：工作实绩" in client.get(url).get_data(as_text=True)
    assert auth.post(url, {"s-code": "manual_1", "s-score": "70", "s-save": "1"}).status_code == 302
    rows = _rows()
    # 甲: hours 1 x 50 + 0.7 x 50 = 85 -> 优秀; 乙: hours missed, manual unscored: 0 -> 不称职
    assert (str(rows["甲"].proposal.score), rows["甲"].proposal.grade) == ("85.0", "优秀")
    assert rows["乙"].proposal.grade == "不称职"
    assert rows["丙"].values == {"hours": 1.0} and rows["丙"].proposal.pending == ("工作实绩",)


def test_only_legal_and_admin_define_the_scheme(year_2026, province, make_user, auth, client):
    auth.login(make_user("leader", province["360102"]).username)
    assert client.get("/assessment/scheme?year=2026").status_code == 403


def test_an_exam_without_a_quarter_counts_a_draft_does_not(year_2026, province, db):
    from tests.assessment.conftest import _exam, _seat
    basic = _exam(db, province["top"], 3)
    basic.quarter = None                    # a basic-law exam entered without a quarter
    draft = _exam(db, province["top"], 4)
    draft.status = "draft"
    db.session.flush()
    _seat(db, basic, year_2026["丙"], True)
    _seat(db, draft, year_2026["丙"], False)
    db.session.commit()
    row = _rows()["丙"]
    assert (row.values["exams_sat"], row.values["exams_passed"]) == (1.0, 1.0)
    # now every indicator but political theory (cap 合格): 90 -> 合格
    assert (str(row.proposal.score), row.proposal.grade) == ("90.0", "合格")


def test_the_sheet_page_pages_and_counts_the_whole(year_2026, province, make_user, auth, client,
                                                   app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    auth.login(make_user("admin").username)
    first = client.get("/assessment/?year=2026").get_data(as_text=True)
    second = client.get("/assessment/?year=2026&page=2").get_data(as_text=True)
    assert "参加考核 3" in first and "参加考核 3" in second
    assert ">乙<" in first and ">甲<" in first and ">丙<" not in first
    assert ">丙<" in second and ">甲<" not in second


def test_out_of_scope_as_an_attacker_would_try(year_2026, province, make_user, auth, client, db):
    services.save_scheme(make_user("admin"), 2026, [("合格", 60), ("不合格", 0)],
                         [services.IndicatorLine("manual", "工作实绩", 100)])
    db.session.commit()
    auth.login(make_user("hr", province["360702"]).username)
    a_county = province["360102"].id
    assert client.get(f"/assessment/sheet.xlsx?year=2026&unit={a_county}").status_code == 404
    assert client.get(f"/assessment/sheet.pdf?year=2026&unit={a_county}").status_code == 404
    assert client.get(f"/assessment/?year=2026&unit={a_county}").status_code == 404
    auth.logout()
    auth.login(make_user("leader", province["360702"]).username)
    url = f"/assessment/officers/{year_2026['甲'].id}?year=2026"
    assert auth.post(url, {"s-code": "manual_1", "s-score": "90", "s-save": "1"}).status_code == 404
    with pytest.raises(services.AssessmentError):
        services.score_manual(make_user("leader", province["360702"]), year_2026["甲"], 2026,
                              "manual_1", 90)
    auth.logout()
    auth.login(make_user("officer", province["360102"], officer=year_2026["甲"]).username)
    assert client.get("/assessment/?year=2026").status_code == 403
    assert client.get("/assessment/sheet.xlsx?year=2026").status_code == 403
    from app.assessment.models import AssessmentScore
    assert db.session.scalar(db.select(db.func.count(AssessmentScore.id))) == 0
