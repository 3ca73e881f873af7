"""Factories for exam tests: a small bank, an exam open now, a candidate with an account."""
import itertools
from datetime import timedelta
from decimal import Decimal

import pytest

from app.core.actor import CLI
from app.core.models import utcnow
from app.exams import services
from app.extensions import db as _db
from app.questions.models import Question, QuestionVersion, question_key
from app.specialties.models import find

# Secrets no page may show before grading: in fill answers, short answers and explanations.
SECRET = "密钥答案"
_serial = itertools.count(1)


def seed_bank(code: str = "basic", *, single: int = 6, multiple: int = 4, truefalse: int = 4,
              fill: int = 2, short: int = 1, difficulty: int | None = 3) -> dict[str, list]:
    """Questions of each type in a category; every key and explanation carries SECRET."""
    specialty = find(code)
    made: dict[str, list] = {}
    for qtype, n in (("single", single), ("multiple", multiple), ("truefalse", truefalse),
                     ("fill", fill), ("short", short)):
        for i in range(n):
            stem = f"{specialty.name}{qtype}题{next(_serial)}：____"
            options = {"A": f"甲{i}", "B": f"乙{i}", "C": f"丙{i}", "D": f"丁{i}"} \
                if qtype in ("single", "multiple") else {}
            answer = {"single": "B", "multiple": "AC", "truefalse": "正确",
                      "fill": f"{SECRET}{i}/别名{SECRET}{i}|第二空{SECRET}",
                      "short": f"{SECRET}参考"}[qtype]
            q = Question(specialty=specialty, key_hash=question_key(qtype, stem),
                         current_number=1)
            q.versions.append(QuestionVersion(
                number=1, type=qtype, stem=stem, options=options, answer=answer,
                difficulty=difficulty, explanation=f"解析{SECRET}", basis_law=f"法{SECRET}",
                search_text=stem))
            _db.session.add(q)
            made.setdefault(qtype, []).append(q)
    _db.session.commit()
    return made


SECTIONS = [services.SectionData("single", 3, Decimal(10)),
            services.SectionData("multiple", 2, Decimal(10)),
            services.SectionData("truefalse", 2, Decimal(5)),
            services.SectionData("fill", 1, Decimal(10)),
            services.SectionData("short", 1, Decimal(10))]


@pytest.fixture
def province_bank(db, province):
    seed_bank("basic")
    return province


@pytest.fixture
def make_exam(db, province_bank):
    """An exam of the basic category organised by the province, open now, scheduled."""
    def make(*, minutes: int = 60, opens=None, closes=None, sections=None, schedule=True,
             officers=(), **settings):
        now = utcnow()
        data = services.ExamData(
            name=settings.pop("name", "2026年第4季度基本法律法规知识考试"),
            specialty=find(settings.pop("specialty", "basic")), unit=province_bank["top"],
            year=2026, quarter=4, opens_at=opens or now - timedelta(minutes=5),
            closes_at=closes or now + timedelta(hours=3), time_limit_minutes=minutes,
            pass_mark=Decimal(30), sections=list(sections or SECTIONS), **settings)
        exam = services.create_exam(CLI, data)
        if schedule:
            services.schedule(CLI, exam, min(now, exam.opens_at - timedelta(seconds=1)))
        if officers:
            services.add_candidates(CLI, exam, list(officers), now)
        _db.session.commit()
        return exam
    return make


@pytest.fixture
def candidate(db, province_bank, make_user):
    """An officer's account in a county of the province."""
    def make(unit_code: str = "360102"):
        return make_user("officer", province_bank[unit_code])
    return make
