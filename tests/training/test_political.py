"""Political theory beside the 60 (seed 004 (4)): a yearly floor, prorated like the others,
never counted in the 60; one function answers "done?" for every page and export."""
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.core import clock
from app.core.audit import AuditEntry
from app.training.models import TrainingPolicy
from app.training.rules import floors_for, political_done


@pytest.mark.parametrize("hours, required, done", [
    (12, 12, True), (11.5, 12, False), (0, 0, None), (5, 0, None), (0, 0.5, False),
    (8, 8, True)])
def test_political_done_hand_cases(hours, required, done):
    assert political_done(Decimal(str(hours)), Decimal(str(required))) is done


def test_a_year_without_a_row_requires_none(db):
    assert floors_for(2031).political == 0


@pytest.fixture
def year_2026(db, province, make_officer, make_session, attend):
    """Political floor 12 h in 2026. 甲 all year, 12 political -> done; 乙 all year, 4 political
    and 30 + 30 -> compliant with the 60 yet political not done; 丙 on post from 2026-05-01:
    8 whole months -> required 12 x 8/12 = 8, has 8 -> done. The political hours never enter
    total_hours (甲: 0, 乙: 60)."""
    db.session.add(TrainingPolicy(year=2026, public_law_hours=30, business_hours=30,
                                  total_hours=60, political_hours=12))
    db.session.commit()
    c102 = province["360102"]
    people = {"甲": make_officer(c102, "甲"), "乙": make_officer(c102, "乙"),
              "丙": make_officer(c102, "丙", post_since=date(2026, 5, 1))}
    party12 = make_session(c102, "党课十二", "political", hours=12)
    party4 = make_session(c102, "党课四", "political", hours=4)
    law = make_session(c102, "法律", "public_law", hours=30)
    business = make_session(c102, "业务", "business", hours=30)
    attend(party12, people["甲"])
    attend(party4, people["乙"])
    attend(law, people["乙"])
    attend(business, people["乙"])
    attend(party12, people["丙"], 8)
    return people


def _json(runner, year=2026):
    result = runner.invoke(args=["report", "compliance", "--year", str(year), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {r["name"]: r for r in json.loads(result.output)}


def test_compliance_json_shows_political_beside_the_60(runner, year_2026):
    rows = _json(runner)
    assert (rows["甲"]["political_hours"], rows["甲"]["required_political"],
            rows["甲"]["political_done"]) == (12.0, 12.0, True)
    assert rows["甲"]["total_hours"] == 0.0 and rows["甲"]["compliant"] is False
    assert (rows["乙"]["political_done"], rows["乙"]["compliant"],
            rows["乙"]["total_hours"]) == (False, True, 60.0)
    assert (rows["丙"]["required_political"], rows["丙"]["political_done"]) == (8.0, True)


def test_a_year_without_the_floor_says_not_required(runner, year_2026):
    rows = _json(runner, 2027)
    assert all(r["political_done"] is None and r["required_political"] == 0.0
               for r in rows.values())


def test_csv_and_xlsx_carry_the_same_answer(runner, year_2026, tmp_path):
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "csv"])
    header, *lines = result.output.strip().splitlines()
    assert header.split(",")[-2:] == ["required_political", "political_done"]
    done = {line.split(",")[1]: line.split(",")[-1] for line in lines}
    assert done == {"甲": "true", "乙": "false", "丙": "true"}
    out = tmp_path / "c.xlsx"
    assert runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "xlsx",
                               "--out", str(out)]).exit_code == 0
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "政治理论是否完成"
    assert {r[1]: r[-1] for r in rows[1:]} == {"甲": "已完成", "乙": "未完成", "丙": "已完成"}


def test_pages_show_it(client, auth, make_user, province, year_2026):
    legal = make_user("legal", province["360100"])
    auth.login(legal.username)
    page = client.get("/training/compliance?year=2026").get_data(as_text=True)
    assert page.count("政治理论已完成") == 2 and page.count("政治理论未完成") == 1
    officer_page = client.get(f"/training/officers/{year_2026['乙'].id}?year=2026")
    assert "政治理论未完成" in officer_page.get_data(as_text=True)


def test_officers_own_page_shows_it(client, auth, make_user, province, year_2026):
    user = make_user("officer", province["360102"], officer=year_2026["丙"])
    auth.login(user.username)
    page = client.get("/training/me?year=2026").get_data(as_text=True)
    assert "本年度应完成：8 学时" in page and "政治理论已完成" in page


def test_legal_sets_the_floor_audited_admin_too_officer_not(client, auth, make_user, province,
                                                             monkeypatch, db):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    legal = make_user("legal", province["360100"])
    auth.login(legal.username)
    response = auth.post("/training/policy/political", {"year": 2027, "political_hours": "10.5"})
    assert response.status_code == 302
    assert floors_for(2027).political == Decimal("10.5")
    assert floors_for(2027).total == 60   # the 60 stays as it was
    entry = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "training.policy.political")).one()
    assert entry.after["political_hours"] == 10.5
    refused = auth.post("/training/policy/political", {"year": 2025, "political_hours": "4"})
    assert "只能设置本年度及以后年度的标准" in refused.get_data(as_text=True)
    assert floors_for(2025).political == 0
    auth.logout()
    officer = make_user("officer", province["360102"])
    auth.login(officer.username)
    assert client.get("/training/policy/political").status_code == 403
