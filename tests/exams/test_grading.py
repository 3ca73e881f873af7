"""Objective scoring rules (app/exams/grading.py), one rule at a time."""
from decimal import Decimal

import pytest

from app.exams.grading import fold, score_answer

D = Decimal


def test_fold_compares_loosely():
    assert fold(" ＡＢ Ｃ。") == "abc"
    assert fold("Seven days.") == "sevendays"
    assert fold(None) == ""


@pytest.mark.parametrize(("qtype", "key", "response", "expected"), [
    ("single", "B", "B", D(2)), ("single", "B", "C", D(0)), ("single", "", "", D(0)),
    ("truefalse", "正确", "正确", D(2)), ("truefalse", "正确", "错误", D(0)),
])
def test_single_and_truefalse_are_all_or_nothing(qtype, key, response, expected):
    assert score_answer(qtype, key, response, D(2), True) == (expected, False)


@pytest.mark.parametrize(("key", "response", "points", "partial", "expected"), [
    ("ACD", "ACD", 3, False, "3"), ("ACD", "DCA", 3, False, "3"),
    ("ACD", "", 3, True, "0"), ("ACD", "ACDB", 3, True, "0"), ("ACD", "B", 3, True, "0"),
    ("ACD", "A", 3, False, "0"),
    ("ACD", "A", 3, True, "1.00"), ("ACD", "AC", 2, True, "1.33"), ("ACD", "AD", 5, True, "3.33"),
    ("ACD", "A", 5, True, "1.67"),
    ("ABCDEFGH", "A", 1, True, "0.13"),   # 0.125 rounds half up
])
def test_multiple_choice_scoring(key, response, points, partial, expected):
    assert score_answer("multiple", key, response, D(points), partial) == (D(expected), False)


@pytest.mark.parametrize(("key", "response", "expected"), [
    ("七日/7日|十五日", "7 日|十五日", ("4.00", False)),     # alternatives, spaces folded
    ("七日/7日|十五日", "七天|十五日", ("2.00", True)),       # one blank unmatched: review
    ("七日/7日|十五日", "七日", ("2.00", True)),             # a blank left empty: a person looks
    ("七日/7日|十五日", "", ("0.00", False)),
    ("七日/7日|十五日", "|", ("0.00", False)),
    ("七日/7日|十五日", "十五日|七日", ("0.00", True)),       # blanks count in order
    ("甲|乙|丙", "甲|x|y", ("1.33", True)),
    ("甲|乙|丙", "甲|乙|y", ("2.67", True)),
])
def test_fill_in_scores_each_blank(key, response, expected):
    score, review = score_answer("fill", key, response, D(4), False)
    assert (score, review) == (D(expected[0]), expected[1])


@pytest.mark.parametrize(("response", "review"), [("我的回答", True), ("   ", False), ("", False)])
def test_a_short_answer_waits_for_a_person_only_when_answered(response, review):
    assert score_answer("short", "参考", response, D(10), False) == (None, review)


def test_fill_in_shares_round_half_up():
    # 1 point over 8 blanks, one right: 0.125 -> 0.13 (not 0.12).
    assert score_answer("fill", "a|b|c|d|e|f|g|h", "a", D(1), False) == (D("0.13"), True)


@pytest.mark.parametrize("scoring", ["partial", "all_or_nothing"])
def test_grading_an_attempt_follows_the_exams_multiple_choice_rule(db, make_exam, candidate,
                                                                   scoring):
    from app.exams.models import Answer, Attempt
    from app.extensions import db as _db
    from tests.results.conftest import paper, sit

    officer = candidate().officer
    exam = make_exam(officers=[officer], **({"multiple_scoring": scoring}
                                            if scoring == "partial" else {}))
    attempt = sit(exam, officer, lambda items: {
        i.position: i.version.answer[0] for i in items if i.version.type == "multiple"})
    multiples = {i.id: i for i in paper(attempt) if i.version.type == "multiple"}
    scores = {a.item_id: (a.auto_score, a.score) for a in _db.session.query(Answer).filter(
        Answer.attempt_id == attempt.id, Answer.item_id.in_(multiples))}
    expected = {item_id: (i.points / len(i.version.answer)).quantize(D("0.01"))
                if scoring == "partial" else D(0) for item_id, i in multiples.items()}
    assert scores == {item_id: (s, s) for item_id, s in expected.items()}
    attempt = _db.session.get(Attempt, attempt.id)
    assert (attempt.score, attempt.objective_score, attempt.pending_manual, attempt.passed) == (
        sum(expected.values(), D(0)), sum(expected.values(), D(0)), 0, False)


def test_every_text_answer_waiting_for_a_person_is_counted(db, make_exam, candidate):
    from app.exams.models import Attempt
    from app.extensions import db as _db
    from tests.results.conftest import sit

    officer = candidate().officer
    exam = make_exam(officers=[officer])
    attempt = sit(exam, officer, lambda items: {
        i.position: {"short": "一段回答", "fill": ["写法不同"], "single": i.version.answer}[
            i.version.type] for i in items if i.version.type in ("short", "fill", "single")})
    attempt = _db.session.get(Attempt, attempt.id)
    assert (attempt.pending_manual, attempt.passed) == (2, None)
    assert attempt.score == attempt.objective_score > 0


def test_exactly_the_pass_mark_passes_and_the_grading_is_audited(db, make_exam, candidate):
    from app.core.audit import AuditEntry
    from app.exams.models import Attempt
    from app.extensions import db as _db
    from tests.results.conftest import sit

    officer = candidate().officer
    exam = make_exam(officers=[officer])          # pass mark 30; three singles of 10 points
    attempt = sit(exam, officer, lambda items: {
        i.position: i.version.answer for i in items if i.version.type == "single"})
    attempt = _db.session.get(Attempt, attempt.id)
    assert (attempt.score, attempt.passed) == (D(30), True)
    assert attempt.graded_at is not None
    entry = _db.session.query(AuditEntry).filter(AuditEntry.action == "exam.grade").one()
    assert (entry.actor_name, entry.entity_type, entry.entity_id, entry.entity_label,
            entry.unit_id) == ("cli", "exam_attempt", attempt.id,
                               f"{exam.name} · {officer.name}", attempt.unit_id)
    assert entry.after == {"score": "30.00", "pending_manual": 0, "passed": True,
                           "submitted_by": "candidate"}
