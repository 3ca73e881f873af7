"""The exam form and the quarterly plan show, per blueprint line, the questions available on the
window's first day. Hand count from question_bank/ip: single choice cites 商标法 2019 (12),
专利法 2020 (6) and 商标法 2026 (3); true/false 5, 3 and 1. 商标法 2026 is in force from
2027-01-01, 2019 until then: 18 single / 8 true-false on 2026-12-10, 9 / 4 on 2027-01-05."""
import re
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.core.actor import CLI
from app.core.clock import to_utc
from app.exams import services
from app.exams.models import Exam
from app.extensions import db as _db
from app.specialties.models import find
from tests.laws.conftest import BANK


@pytest.fixture
def ip_bank(runner, library, make_unit):
    for name in ("shangbiao_zhuanli.yaml", "shangbiao_fa_2026.yaml"):
        result = runner.invoke(args=["import", "questions", str(BANK / "ip" / name)])
        assert result.exit_code == 0, result.output
    return make_unit("36")


@pytest.fixture
def manager(auth, ip_bank, make_user):
    auth.login(make_user("legal", ip_bank).username)
    return auth


def _counts(auth, day: str) -> list:
    query = {"day": day, "specialty_id": find("ip").id, "qtype-0": "single", "qtype-1": "truefalse",
             "qtype-2": "truefalse", "difficulty-2": "5", "qtype-3": ""}
    response = auth.client.get("/exams/available.json", query_string=query)
    assert response.status_code == 200
    return response.get_json()["counts"]


def test_the_form_asks_per_line_for_the_first_day(manager):
    assert _counts(manager, "2026-12-10") == [18, 8, 0, None]
    assert _counts(manager, "2027-01-05") == [9, 4, 0, None]


def test_counts_need_the_manage_permission(auth, ip_bank, make_user):
    auth.login(make_user("officer", ip_bank).username)
    assert auth.client.get("/exams/available.json?day=2027-01-05").status_code == 403


def test_edit_page_shows_the_counts_and_marks_a_short_line(manager, ip_bank):
    exam = services.create_exam(CLI, services.ExamData(
        name="知识产权考试", specialty=find("ip"), unit=ip_bank, year=2027, quarter=1,
        opens_at=to_utc(datetime(2027, 1, 5, 9)), closes_at=to_utc(datetime(2027, 1, 5, 18)),
        sections=[services.SectionData("single", 10, Decimal(5)),
                  services.SectionData("truefalse", 2, Decimal(5))]))
    _db.session.commit()
    page = manager.client.get(f"/exams/{exam.id}/edit").get_data(as_text=True)
    assert "2027-01-05（考试时间窗第一天）" in page
    cells = re.findall(r'data-available="(\d)"><span( class="text-danger fw-semibold")?>([^<]*)<',
                       page)
    # 10 single choice wanted, 9 available: marked; 2 true/false of 4: not; empty rows show —.
    assert cells[:3] == [("0", ' class="text-danger fw-semibold"', "9"), ("1", "", "4"),
                         ("2", "", "—")]


def test_the_plan_lists_each_line_with_its_first_day_count(manager, ip_bank):
    response = manager.post("/exams/plan", {"year": "2027", "unit_id": str(ip_bank.id),
                                            "day": "15", "open_days": "7",
                                            "time_limit_minutes": "90"})
    page = response.get_data(as_text=True)
    exam = _db.session.scalar(select(Exam).where(Exam.year == 2027, Exam.quarter == 1,
                                                 Exam.specialty_id == find("ip").id))
    assert exam is not None and exam.status == "draft"
    item = page[page.index(exam.name):]
    item = item[:item.index("</ul>")]
    # The standard paper wants 20 single, 10 multiple, 15 true/false; on 2027-03-15:
    # 9 single, 3 multiple (专利法 3, 商标法 2019 ones not in force), 4 true/false.
    assert "第1行 单选：需要 20 道，2027-03-15 可用 9 道" in item
    assert "第2行 多选：需要 10 道，2027-03-15 可用 3 道" in item
    assert "第3行 判断：需要 15 道，2027-03-15 可用 4 道" in item
