"""Exams as the legal section runs them: papers, freezing, the sweeper, accommodations, plan, make-up."""
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.exams import accommodations, grading, plan, queries, services, taking, tasks
from app.exams.models import Answer, Attempt, ExamCandidate, PaperItem
from app.questions.models import Question
from app.specialties.models import all_specialties, find
from tests.exams.conftest import seed_bank

S = services.SectionData


def _start(exam, officer, now=None):
    attempt = taking.start(CLI, exam, officer, now or utcnow())
    taking.db.session.commit()
    return attempt


def _paper(attempt):
    return list(taking.db.session.scalars(select(PaperItem).where(
        PaperItem.candidate_id == attempt.candidate_id).order_by(PaperItem.position)))


def test_drawn_papers_differ_but_match_in_type_and_difficulty(db, make_exam, make_officer,
                                                              province_bank):
    seed_bank("food", single=12, multiple=0, truefalse=0, fill=0, short=0, difficulty=2)
    seed_bank("food", single=0, multiple=0, truefalse=8, fill=0, short=0, difficulty=4)
    officers = [make_officer(province_bank["360102"]) for _ in range(6)]
    exam = make_exam(specialty="food", officers=officers,
                     sections=[S("single", 4, Decimal(5)), S("truefalse", 3, Decimal(5))])
    papers = [_paper(_start(exam, o)) for o in officers]
    mixes = {tuple(sorted(Counter((i.version.type, i.version.difficulty) for i in p).items()))
             for p in papers}
    assert mixes == {((("single", 2), 4), (("truefalse", 4), 3))}
    assert len({tuple(i.version_id for i in p) for p in papers}) > 1
    used = db.session.scalars(select(Question).where(Question.use_count > 0)).all()
    assert used and all(q.use_count == 1 for q in used)    # once per exam, not per paper


def test_a_candidate_avoids_questions_seen_before(db, make_exam, make_officer, province_bank):
    officer = make_officer(province_bank["360102"])
    sections = [S("single", 3, Decimal(10))]     # the bank has 6 singles
    first = make_exam(officers=[officer], sections=sections)
    seen = {i.version.question_id for i in _paper(_start(first, officer))}
    second = make_exam(officers=[officer], sections=sections, name="第二场")
    again = {i.version.question_id for i in _paper(_start(second, officer))}
    assert not seen & again


def test_only_the_previous_four_quarters_are_avoided(db, make_exam, make_officer, province_bank):
    from app.exams.drawing import seen_questions

    officer = make_officer(province_bank["360102"])
    now = utcnow()
    ids = []
    # Different question types, so that the two papers share no question.
    for name, days, qtype in (("两年前", 730, "truefalse"), ("上季度", 90, "single")):
        exam = make_exam(sections=[S(qtype, 3, Decimal(10))], name=name,
                         opens=now - timedelta(days=days),
                         closes=now - timedelta(days=days - 1))
        services.add_candidates(CLI, exam, [officer], now - timedelta(days=days))
        attempt = _start(exam, officer, now - timedelta(days=days, minutes=-1))
        ids.append({i.version.question_id for i in _paper(attempt)})
    current = make_exam(officers=[officer], sections=[S("single", 3, Decimal(10))], name="本季度")
    assert ids[0] and not ids[0] & ids[1]
    assert seen_questions(officer.id, current) == ids[1]     # the exam of two years ago is not


def test_fixed_paper_is_the_same_questions_in_each_candidates_order(db, make_exam, make_officer,
                                                                    province_bank):
    officers = [make_officer(province_bank["360102"]) for _ in range(4)]
    exam = make_exam(officers=officers, mode="fixed")
    papers = [_paper(_start(exam, o)) for o in officers]
    assert len({frozenset(i.version_id for i in p) for p in papers}) == 1
    assert len({tuple(i.version_id for i in p) for p in papers}) > 1


def test_content_is_frozen_once_the_exam_opens(db, make_exam):
    exam = make_exam()
    data = services.ExamData(name="改名", specialty=exam.specialty, unit=exam.unit, year=2026,
                             quarter=4, opens_at=exam.opens_at, closes_at=exam.closes_at,
                             sections=[S("single", 1, Decimal(60))])
    with pytest.raises(services.ExamError, match="冻结"):
        services.update_exam(CLI, exam, data, utcnow())


def test_schedule_refuses_a_blueprint_the_bank_cannot_fill(db, make_exam):
    exam = make_exam(schedule=False, sections=[S("single", 50, Decimal(2))])
    with pytest.raises(services.ExamError, match="只有 6 道"):
        services.schedule(CLI, exam, utcnow())


def test_grading_rules():
    score = grading.score_answer
    assert score("single", "B", "B", Decimal(2), False) == (2, False)
    assert score("multiple", "ACD", "AC", Decimal(3), False) == (0, False)
    assert score("multiple", "ACD", "AC", Decimal(3), True) == (Decimal("2.00"), False)
    assert score("multiple", "ACD", "AB", Decimal(3), True) == (0, False)
    assert score("multiple", "ACD", "ACD", Decimal(3), False) == (3, False)
    assert score("fill", "七日/7日|十五日", "7 日|十五日", Decimal(4), False) == (4, False)
    assert score("fill", "七日/7日|十五日", "七天|十五日", Decimal(4), False) == (2, True)
    assert score("short", "参考", "我的回答", Decimal(10), False) == (None, True)


def test_the_sweeper_finishes_overdue_attempts_one_by_one(db, make_exam, make_officer,
                                                          province_bank, monkeypatch):
    officers = [make_officer(province_bank["360102"]) for _ in range(3)]
    exam = make_exam(officers=officers)
    attempts = [_start(exam, o) for o in officers]
    item = next(i for i in _paper(attempts[0]) if i.version.type == "truefalse")
    taking.save_answer(CLI, attempts[0], item.position, "正确", 1, utcnow())
    for a in attempts[:2]:
        a.deadline_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    broken = attempts[1].id
    real = grading.grade

    def grade(actor, attempt):
        if attempt.id == broken:
            raise RuntimeError("a broken attempt")
        real(actor, attempt)
    monkeypatch.setattr(grading, "grade", grade)
    assert tasks.finish_overdue() == (1, 1)
    db.session.expire_all()
    first, second, third = (db.session.get(Attempt, a.id) for a in attempts)
    assert (first.state, first.submitted_by, first.objective_score) == \
        ("submitted", "deadline", 5)
    assert second.state == "in_progress" and third.state == "in_progress"
    monkeypatch.setattr(grading, "grade", real)
    assert tasks.finish_overdue() == (1, 0)
    assert tasks.finish_overdue() == (0, 0)


def test_accommodations_in_bulk_move_deadlines_and_are_audited(db, make_exam, make_officer,
                                                               province_bank):
    field, desk = make_officer(province_bank["360102"]), make_officer(province_bank["360702"])
    one, two = make_exam(officers=[field, desk]), make_exam(officers=[field], name="第二场")
    attempt = _start(one, field)
    deadline = attempt.deadline_at
    outcome = accommodations.accommodate(CLI, [one, two], [field.id], extra_minutes=30,
                                         window_opens_at=None, window_closes_at=None,
                                         reason="外勤执法", now=utcnow())
    db.session.commit()
    assert (outcome.changed, outcome.submitted, outcome.not_candidates) == (2, 0, 0)
    assert db.session.get(Attempt, attempt.id).deadline_at == deadline + timedelta(minutes=30)
    rows = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "exam.accommodate")).all()
    assert len(rows) == 2 and rows[0].after["reason"] == "外勤执法"
    seat = db.session.scalar(select(ExamCandidate).where(ExamCandidate.officer_id == desk.id))
    assert seat.extra_minutes == 0
    with pytest.raises(services.ExamError, match="原因"):
        accommodations.accommodate(CLI, [one], [field.id], extra_minutes=5,
                                   window_opens_at=None, window_closes_at=None, reason=" ",
                                   now=utcnow())


def test_a_later_window_lets_a_candidate_start_after_closing(db, make_exam, make_officer,
                                                             province_bank):
    officer = make_officer(province_bank["360102"])
    now = utcnow()
    exam = make_exam(officers=[officer], opens=now - timedelta(hours=3))
    exam.closes_at = now - timedelta(hours=1)
    with pytest.raises(taking.TakingError):
        taking.start(CLI, exam, officer, now)
    accommodations.accommodate(CLI, [exam], [officer.id], extra_minutes=0,
                               window_opens_at=now - timedelta(minutes=1),
                               window_closes_at=now + timedelta(hours=2), reason="外勤",
                               now=now)
    attempt = taking.start(CLI, exam, officer, now)
    assert attempt.deadline_at == now + timedelta(minutes=60)


def test_quarterly_plan_makes_four_exams_per_category_once(db, province_bank):
    seed_bank("basic", single=25, multiple=12, truefalse=20, fill=0, short=0)
    now = utcnow().replace(year=2026, month=1, day=2)
    outcome = plan.create_year_plan(CLI, 2027, province_bank["top"], plan.PlanTemplate(), now)
    db.session.commit()
    others = len(all_specialties()) - 1
    assert len(outcome.scheduled) == 4          # basic: the bank can fill it
    assert len(outcome.drafts) == 4 * others    # other categories have no questions yet
    assert {e.quarter for e in outcome.scheduled} == {1, 2, 3, 4}
    again = plan.create_year_plan(CLI, 2027, province_bank["top"], plan.PlanTemplate(), now)
    assert (again.existing, len(again.scheduled), len(again.drafts)) == (4 * (others + 1), 0, 0)


def test_makeup_is_for_the_absent_and_the_failed(db, make_exam, make_officer, province_bank):
    passed, failed, absent = (make_officer(province_bank["360102"]) for _ in range(3))
    now = utcnow()
    exam = make_exam(officers=[passed, failed, absent], opens=now - timedelta(hours=2),
                     closes=now + timedelta(minutes=30))
    for officer, right in ((passed, True), (failed, False)):
        attempt = _start(exam, officer)
        for item in _paper(attempt):
            if item.version.type in ("single", "truefalse") and right:
                key = item.version.answer
                taking.save_answer(CLI, attempt, item.position, key if key in ("正确", "错误")
                                   else chr(65 + item.option_order.index(key)), 1, now)
        taking.submit(CLI, attempt, now)
    db.session.commit()
    later = now + timedelta(hours=1)
    makeup = services.create_makeup(CLI, exam, later, later + timedelta(hours=2), later)
    seats = {s.officer_id for s in db.session.scalars(select(ExamCandidate).where(
        ExamCandidate.exam_id == makeup.id))}
    assert seats == {failed.id, absent.id}
    assert makeup.kind == "makeup" and makeup.parent_id == exam.id


def test_two_failed_published_exams_in_a_row_flag_the_officer(db, make_exam, make_officer,
                                                              province_bank):
    officer = make_officer(province_bank["360102"])
    now = utcnow()
    for name in ("一", "二"):
        exam = make_exam(officers=[officer], name=name, closes=now + timedelta(minutes=10))
        attempt = _start(exam, officer)
        taking.submit(CLI, attempt, now)
        exam.results_published_at = now
    db.session.commit()
    attempt_short = db.session.scalars(select(Attempt)).all()
    assert all(a.passed is False for a in attempt_short)
    assert queries.failed_twice_in_a_row([officer.id]) == {officer.id}
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert find("basic") is not None
