"""Item statistics on a known small data set, every expected value worked out by hand.

Candidates A..E (see conftest.STATS_ANSWERS) score 40, 25, 35, 20, 20. Ranked by total
(ties by attempt id): A 40, C 35, B 25, D 20, E 20. n = 5, so g = round(0.27 × 5) = 1:
the upper group is A, the lower group is E.
"""
from decimal import Decimal

import pytest

from app.core.scoping import Scope
from app.results import stats
from app.results.queries import rows, summary

ALL = Scope(everything=True)


def by_position(exam):
    """Item stats keyed by the paper position of their question (fixed paper: same for all)."""
    from sqlalchemy import select

    from app.exams.models import Attempt
    from app.extensions import db
    from tests.results.conftest import paper
    attempt = db.session.scalars(select(Attempt).where(Attempt.exam_id == exam.id)).first()
    positions = {i.version_id: i.position for i in paper(attempt)}
    return {positions[s.version.id]: s for s in stats.exam_items(exam, ALL)}


def test_scores_with_partial_credit(db, stats_exam):
    exam, _users, attempts = stats_exam()
    assert [a.score for a in attempts] == [40, 25, 35, 20, 20]
    assert [a.passed for a in attempts] == [True, False, True, False, False]


def test_facility_discrimination_choices_and_flags(db, stats_exam):
    exam, _users, _attempts = stats_exam()
    items = by_position(exam)
    # S1: everyone right. P = 5/5 = 1.0; D = A(1) − E(1) = 0 → too easy, low discrimination.
    assert items[1].facility == pytest.approx(1.0)
    assert items[1].discrimination == pytest.approx(0.0)
    assert items[1].flags == [stats.FLAG_EASY, stats.FLAG_LOW_D]
    # S2: A B C right, D E wrong. P = 3/5; D = 1 − 0 = 1; no flags.
    assert items[2].facility == pytest.approx(0.6)
    assert items[2].discrimination == pytest.approx(1.0)
    assert items[2].flags == []
    # S3 (key B): A, B chose C; C, D, E chose B. P = 3/5; D = A(0) − E(1) = −1 → key suspect.
    assert items[3].facility == pytest.approx(0.6)
    assert items[3].discrimination == pytest.approx(-1.0)
    assert items[3].flags == [stats.FLAG_KEY]
    assert dict(items[3].choices) == {"A": 0, "B": 3, "C": 2, "D": 0, "未作答": 0}
    # M1 (key AC, partial): A 1, B .5, C .5, D 0 (AD has a wrong letter), E 0 (blank).
    assert items[4].facility == pytest.approx(2 / 5)
    assert items[4].discrimination == pytest.approx(1.0)
    assert dict(items[4].choices) == {"A": 4, "B": 0, "C": 1, "D": 1, "未作答": 1}
    # M2: only A right. P = 1/5 = 0.2 < 0.3 → too hard; D = 1.
    assert items[5].facility == pytest.approx(0.2)
    assert items[5].flags == [stats.FLAG_HARD]


def test_exam_summary(db, stats_exam):
    exam, _users, _attempts = stats_exam()
    s = summary(exam, rows(exam, ALL), closed=True)
    assert (s["n"], s["candidates"], s["sat"], s["absent"], s["passed"]) == (5, 5, 5, 0, 2)
    assert s["mean"] == pytest.approx(28.0)      # (40 + 25 + 35 + 20 + 20) / 5
    assert s["pass_rate"] == pytest.approx(40.0)
    assert s["participation_rate"] == pytest.approx(100.0)
    assert summary(exam, rows(exam, ALL), closed=False)["pass_rate"] is None
    assert s["median"] == pytest.approx(25.0)
    # Bins of 5 points over 50: 20, 20 → bin 4; 25 → 5; 35 → 7; 40 → 8.
    assert s["bins"] == [0, 0, 0, 0, 2, 1, 0, 1, 1, 0]
    ranks = [(r.attempt.score, r.rank) for r in rows(exam, ALL)]
    assert ranks == [(40, 1), (35, 2), (25, 3), (20, 4), (20, 4)]


def test_discrimination_groups_are_27_percent():
    marks = [stats.Mark(i, Decimal(100 - i), f, "") for i, f in
             enumerate([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0, 0, 0])]
    # n = 10 → g = round(2.7) = 3: top three all right, bottom three all wrong.
    assert stats.discrimination(marks) == pytest.approx(1.0)
    assert stats.facility(marks) == pytest.approx(0.5)
    assert stats.discrimination(marks[:1]) is None
