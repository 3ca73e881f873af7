"""A paper takes only questions whose cited version is in force on the exam's first day."""
import random
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.core.actor import CLI
from app.core.clock import to_utc
from app.exams import drawing, services
from app.extensions import db as _db
from app.laws.models import Law, LawVersion
from app.org.models import Unit
from app.questions import queries as bank
from app.specialties.models import find
from tests.laws.conftest import BANK

TRADEMARK = "中华人民共和国商标法"


@pytest.fixture
def ip_bank(runner, library, make_unit):
    for name in ("shangbiao_zhuanli.yaml", "shangbiao_fa_2026.yaml"):
        result = runner.invoke(args=["import", "questions", str(BANK / "ip" / name)])
        assert result.exit_code == 0, result.output
    return make_unit("36")


def _exam(unit: Unit, opens: datetime, count: int):
    data = services.ExamData(
        name="商标法考试", specialty=find("ip"), unit=unit, year=opens.year, quarter=1,
        opens_at=to_utc(opens), closes_at=to_utc(opens.replace(hour=18)),
        sections=[services.SectionData("single", count, Decimal(10))])
    exam = services.create_exam(CLI, data)
    _db.session.flush()
    return exam


def _trademark_years(versions) -> list[str]:
    years = {v.id: v.year for v in _db.session.scalars(
        select(LawVersion).join(Law).where(Law.name == TRADEMARK))}
    return sorted(years[v.law_version_id] for v in versions if v.law_version_id in years)


def _drawn(exam) -> list:
    return [v for _s, v in drawing.draw_versions(exam, random.Random(1), set())]


def test_from_2027_no_2019_trademark_question_is_drawn_and_2026_ones_are(ip_bank):
    on = datetime(2027, 1, 5, 9)
    pool = bank.candidates(find("ip").id, "single", on=on.date())
    assert "2019" not in _trademark_years(pool) and "2026" in _trademark_years(pool)
    exam = _exam(ip_bank, on, len(pool))
    drawn = _drawn(exam)
    assert len(drawn) == len(pool) and set(_trademark_years(drawn)) == {"2026"}


def test_in_december_2026_the_reverse(ip_bank):
    on = datetime(2026, 12, 10, 9)
    pool = bank.candidates(find("ip").id, "single", on=on.date())
    assert "2026" not in _trademark_years(pool) and "2019" in _trademark_years(pool)
    drawn = _drawn(_exam(ip_bank, on, len(pool)))
    assert set(_trademark_years(drawn)) == {"2019"}


def test_the_blueprint_check_counts_what_is_available_on_the_first_day(ip_bank):
    winter = bank.count_candidates(find("ip").id, "single", on=datetime(2026, 12, 10).date())
    exam = _exam(ip_bank, datetime(2026, 12, 10, 9), winter + 1)
    assert drawing.shortages(exam) == [f"第1行：题库中符合条件的题目只有 {winter} 道，"
                                       f"少于需要的 {winter + 1} 道"]


def test_a_question_revised_to_the_new_version_keeps_its_old_version_until_then(ip_bank, db):
    """The latest version whose law is in force is drawn: a citation moved to 2026 early
    does not take the question out of 2026 papers."""
    from app.laws.models import Article
    from app.laws.services import _cite
    from app.questions.models import QuestionVersion

    old = db.session.scalar(select(QuestionVersion).where(
        QuestionVersion.stem == "根据商标法，注册商标的有效期为："))
    new_article = db.session.scalar(select(Article).join(LawVersion).join(Law).where(
        Law.name == TRADEMARK, LawVersion.year == "2026", Article.number == 43))
    _cite(CLI, old.question, new_article)
    ids = lambda day: {v.question_id: v.number for v in bank.candidates(  # noqa: E731
        find("ip").id, "single", on=day)}
    assert ids(datetime(2026, 12, 10).date())[old.question_id] == 1
    assert ids(datetime(2027, 1, 5).date())[old.question_id] == 2
