"""Objective grading at submission: choices, true/false and fill-ins; short answers wait for a person.

Multiple choice is all-or-nothing, or (when the exam says so) partial: a wrong
letter scores nothing, missing letters score the share of the right ones
chosen. A fill-in scores each blank matched against its accepted answers; a
fill-in not fully matched is also put in the review queue (issue 6), since
people write the same answer in more ways than a key lists.
"""
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core import audit
from app.core.models import utcnow
from app.exams.models import Answer, Attempt, PaperItem
from app.extensions import db
from app.questions.formats.answers import split_fill

CENT = Decimal("0.01")


def fold(text: str) -> str:
    """Text compared loosely: NFKC, no spaces, lower case, no trailing full stop."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).lower().rstrip("。.")


def score_answer(qtype: str, key: str, response: str, points: Decimal,
                 partial: bool) -> tuple[Decimal | None, bool]:
    """(score, needs a person) for one response; None score for a short answer."""
    points = Decimal(points)
    if qtype in ("single", "truefalse"):
        return (points if response and response == key else Decimal(0)), False
    if qtype == "multiple":
        return _multiple(key, response, points, partial), False
    if qtype == "fill":
        return _fill(key, response, points)
    return None, bool(response.strip())


def _multiple(key: str, response: str, points: Decimal, partial: bool) -> Decimal:
    right, chosen = set(key), set(response)
    if not chosen or chosen - right:
        return Decimal(0)
    if chosen == right:
        return points
    return (points * len(chosen) / len(right)).quantize(CENT, ROUND_HALF_UP) if partial \
        else Decimal(0)


def _fill(key: str, response: str, points: Decimal) -> tuple[Decimal, bool]:
    blanks = split_fill(key)
    given = response.split("|") if response else []
    matched = sum(1 for i, accepted in enumerate(blanks)
                  if i < len(given) and fold(given[i]) in {fold(a) for a in accepted})
    score = (points * matched / len(blanks)).quantize(CENT, ROUND_HALF_UP)
    unmatched_given = any(fold(g) for g in given) and matched < len(blanks)
    return score, unmatched_given


def grade(actor, attempt: Attempt) -> None:
    """Score every item of a submitted attempt; unanswered items score zero (no row needed)."""
    partial = attempt.exam.multiple_scoring == "partial"
    rows = db.session.execute(
        select(PaperItem, Answer).options(joinedload(PaperItem.version)).outerjoin(
            Answer, (Answer.item_id == PaperItem.id) & (Answer.attempt_id == attempt.id))
        .where(PaperItem.candidate_id == attempt.candidate_id)).all()
    total, pending = Decimal(0), 0
    for item, answer in rows:
        if answer is None:
            continue
        v = item.version
        score, review = score_answer(v.type, v.answer, answer.response, item.points, partial)
        answer.auto_score = score
        answer.score = score
        answer.needs_review = review or score is None and bool(answer.response.strip())
        pending += answer.needs_review
        total += score or 0
    attempt.objective_score = total
    attempt.pending_manual = pending
    attempt.score = total
    attempt.passed = None if pending else total >= attempt.exam.pass_mark
    attempt.graded_at = utcnow()
    audit.record(actor, "exam.grade", "exam_attempt", attempt.id,
                 label=f"{attempt.exam.name} · {attempt.officer.name}", unit_id=attempt.unit_id,
                 after={"score": str(total), "pending_manual": pending,
                        "passed": attempt.passed, "submitted_by": attempt.submitted_by})
