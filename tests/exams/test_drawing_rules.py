"""The paper-drawing rules that need no database (app/exams/drawing.py)."""
import random
from types import SimpleNamespace

import pytest

from app.exams.drawing import _allocate, _pick


@pytest.mark.parametrize(("count", "available", "mix"), [
    (4, {}, {}),
    (4, {"1": 5, "2": 5}, {"1": 2, "2": 2}),
    (5, {"1": 1, "2": 9}, {"1": 1, "2": 4}),                 # equal remainders: first wins
    (5, {"1": 2, "2": 1, "3": 7}, {"1": 1, "2": 1, "3": 3}),  # largest remainder first
    (2, {"1": 10, "2": 1}, {"1": 2}),                         # a level with none is left out
    (3, {"1": 1, "2": 1}, {"1": 1, "2": 1}),                  # never more than the bank has
    (6, {"1": 3, "2": 3}, {"1": 3, "2": 3}),
    (3, {"1": 1}, {"1": 1}),                                  # a bank of one question
])
def test_difficulty_mix_is_proportional_by_largest_remainder(count, available, mix):
    assert _allocate(count, available) == mix


def versions(*ids):
    return [SimpleNamespace(question_id=i) for i in ids]


def test_unseen_questions_come_first_and_seen_ones_fill_up():
    pool = versions(1, 2, 3, 4, 5)
    for seed in range(20):
        picked = {v.question_id for v in _pick(pool, 3, random.Random(seed), {1, 2})}
        assert picked == {3, 4, 5}
        picked = [v.question_id for v in _pick(pool, 4, random.Random(seed), {1, 2, 3})]
        assert len(picked) == len(set(picked)) == 4 and {4, 5} <= set(picked)
    assert len(_pick(pool, 9, random.Random(0), {1})) == 5


def test_shuffling_keeps_each_line_together_and_the_lines_in_order():
    from app.exams.drawing import _shuffle_within_sections

    base = [(2, "b1"), (1, "a1"), (2, "b2"), (1, "a2"), (3, "c1"), (1, "a3"), (2, "b3")]
    orders = set()
    for seed in range(10):
        out = _shuffle_within_sections(list(base), random.Random(seed))
        assert [line for line, _ in out] == [1, 1, 1, 2, 2, 2, 3]
        assert sorted(out) == sorted(base)
        orders.add(tuple(out))
    assert len(orders) > 1                    # within a line the order does change


def test_draw_all_writes_a_paper_for_each_candidate_still_without_one(db, make_exam,
                                                                      make_officer,
                                                                      province_bank):
    from collections import Counter

    from sqlalchemy import select

    from app.exams import drawing
    from app.exams.models import ExamCandidate, PaperItem
    from app.questions.models import Question

    officers = [make_officer(province_bank["360102"]) for _ in range(3)]
    exam = make_exam(officers=officers)
    candidates = list(db.session.scalars(select(ExamCandidate).where(
        ExamCandidate.exam_id == exam.id).order_by(ExamCandidate.id)))
    assert drawing.draw_paper(exam, candidates[0]) == 9          # 3 + 2 + 2 + 1 + 1
    assert drawing.draw_paper(exam, candidates[0]) == 0
    assert drawing.draw_all(exam, candidates) == 2
    assert drawing.draw_all(exam, candidates) == 0
    written = Counter(db.session.scalars(select(PaperItem.candidate_id).where(
        PaperItem.exam_id == exam.id)))
    assert written == {c.id: 9 for c in candidates}
    used = db.session.scalars(select(Question.use_count).where(Question.use_count > 0)).all()
    assert used and set(used) == {1}                              # once per exam
    available = drawing.available(exam)
    assert set(available) == {s.id for s in exam.sections}
    assert available[next(s.id for s in exam.sections if s.qtype == "single")] == 6


def test_the_fixed_paper_is_the_exams_own_drawn_once_from_position_one(db, make_exam,
                                                                       make_officer,
                                                                       province_bank):
    from sqlalchemy import select

    from app.exams import drawing
    from app.exams.models import ExamCandidate

    officer = make_officer(province_bank["360102"])
    first = make_exam(mode="fixed", officers=[officer])
    second = make_exam(mode="fixed", name="第二场")
    second.seed = first.seed
    paper = drawing.fixed_paper(first)
    candidate = db.session.scalar(select(ExamCandidate).where(ExamCandidate.exam_id == first.id))
    drawing.draw_paper(first, candidate)              # the candidate's copy, in its own order
    assert [i.position for i in paper] == list(range(1, 10))
    assert all(i.exam_id == first.id and i.candidate_id is None for i in paper)
    assert all(i.option_order == sorted((i.version.options or {}).keys()) for i in paper)
    assert any(i.option_order for i in paper)
    again = drawing.fixed_paper(first)
    assert [(i.id, i.position) for i in again] == [(i.id, i.position) for i in paper]
    other = drawing.fixed_paper(second)
    assert not {i.id for i in other} & {i.id for i in paper}
    assert [i.version_id for i in other] == [i.version_id for i in paper]   # same seed, same draw


def test_seen_questions_are_the_officers_own_from_exactly_a_year_before_until_now(
        db, make_exam, make_officer, province_bank):
    from datetime import timedelta
    from decimal import Decimal

    from sqlalchemy import select

    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.exams import services, taking
    from app.exams.drawing import AVOID_WINDOW, seen_questions
    from app.exams.models import PaperItem

    def sat(exam, who, at):
        attempt = taking.start(CLI, exam, who, at)
        db.session.flush()
        return set(db.session.scalars(select(PaperItem.version_id).where(
            PaperItem.candidate_id == attempt.candidate_id)))

    def question_ids(version_ids):
        from app.questions.models import QuestionVersion
        return set(db.session.scalars(select(QuestionVersion.question_id).where(
            QuestionVersion.id.in_(version_ids))))

    officer, other = (make_officer(province_bank["360102"]) for _ in range(2))
    opens = utcnow() - timedelta(minutes=5)
    line = services.SectionData
    current = make_exam(officers=[officer], name="本季度", opens=opens,
                        sections=[line("fill", 1, Decimal(30))])
    seen = set()
    for name, back, qtype in (("一年整", AVOID_WINDOW, "truefalse"),
                              ("同时", timedelta(0), "single")):
        exam = make_exam(name=name, opens=opens - back, closes=opens - back + timedelta(hours=3),
                         sections=[line(qtype, 2, Decimal(20))])
        services.add_candidates(CLI, exam, [officer, other], opens - back)
        seen |= question_ids(sat(exam, officer, opens - back + timedelta(minutes=1)))
    too_old = make_exam(name="一年零一秒", opens=opens - AVOID_WINDOW - timedelta(seconds=1),
                        closes=opens - AVOID_WINDOW + timedelta(hours=3),
                        sections=[line("multiple", 2, Decimal(20))])
    services.add_candidates(CLI, too_old, [officer], opens - AVOID_WINDOW - timedelta(seconds=1))
    sat(too_old, officer, opens - AVOID_WINDOW)
    only_other = make_exam(name="别人的", opens=opens, sections=[line("short", 1, Decimal(30))])
    services.add_candidates(CLI, only_other, [other], opens)
    sat(only_other, other, opens + timedelta(minutes=1))
    sat(current, officer, opens + timedelta(minutes=1))
    assert seen and seen_questions(officer.id, current) == seen
