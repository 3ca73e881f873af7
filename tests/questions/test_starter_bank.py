"""question_bank/: every question valid and cited, the floors met, and a quarterly exam drawn
for every category from this bank alone with no question twice on a paper (issue 9)."""
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.actor import CLI
from app.exams import drawing, services
from app.laws import numbers
from app.questions.formats import parse_yaml_path
from app.specialties.models import all_specialties

BANK = Path(__file__).resolve().parents[2] / "question_bank"
FLOORS = {"basic": 100}   # every other category: 25
# A quarterly paper every category can fill from the starter bank alone.
QUARTERLY = (("single", 10, 4), ("multiple", 3, 10), ("truefalse", 5, 6))   # 100 points


@pytest.fixture(scope="module")
def parsed():
    return parse_yaml_path(BANK)


def test_every_question_parses_and_cites_its_basis(parsed):
    assert parsed.errors == []
    for q in parsed.questions:
        assert q.basis_law and q.basis_version and q.basis_article, q.stem
        assert q.explanation and q.difficulty, q.stem


def test_no_stem_writes_an_article_number(parsed):
    """The citation carries the article; a stem that writes one goes stale when a law is
    renumbered (issue 15). Same pattern as the warning of `flask laws check`."""
    found = [f"{q.source}:{q.source_line}: {q.stem}" for q in parsed.questions
             if numbers.STEM_NUMBER.search(q.stem)]
    assert found == []


def test_no_question_appears_twice(parsed):
    keys = Counter((q.category, q.type, q.stem.strip()) for q in parsed.questions)
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_category_meets_its_floor_and_mixes_types(db, parsed):
    codes = {s.code for s in all_specialties()}
    by_category = Counter(q.category for q in parsed.questions)
    assert set(by_category) == codes
    for code in codes:
        assert by_category[code] >= FLOORS.get(code, 25), code
    assert len(parsed.questions) >= 400
    types = Counter(q.type for q in parsed.questions)
    assert all(types[t] > 0 for t in ("single", "multiple", "truefalse", "fill", "short"))


def test_a_quarterly_exam_draws_for_every_category_from_the_bank_alone(runner, db, province):
    result = runner.invoke(args=["import", "questions", str(BANK)])
    assert result.exit_code == 0, result.output
    now = datetime.now(UTC).replace(tzinfo=None)
    for specialty in all_specialties():
        exam = services.create_exam(CLI, services.ExamData(
            name=f"{specialty.name} 第四季度考试", specialty=specialty, unit=province["top"],
            year=2026, quarter=4, opens_at=now + timedelta(days=1),
            closes_at=now + timedelta(days=8),
            sections=[services.SectionData(t, n, Decimal(p)) for t, n, p in QUARTERLY]))
        assert drawing.shortages(exam) == [], specialty.code
        for seed in range(3):
            paper = drawing.draw_versions(exam, random.Random(seed), set())
            ids = [version.question_id for _section, version in paper]
            assert len(ids) == sum(n for _t, n, _p in QUARTERLY)
            assert len(set(ids)) == len(ids), specialty.code
