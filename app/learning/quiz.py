"""The end-of-course quiz: objective questions drawn from the bank by the laws the course
covers, graded at once with the exam grading's own rule."""
import random
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.exams.grading import score_answer
from app.extensions import db
from app.learning.models import Course, Enrolment, QuizAttempt
from app.questions.models import Question, QuestionVersion

OBJECTIVE = ("single", "multiple", "truefalse")


class QuizError(ValueError):
    """The quiz cannot be taken now; the message is for the user."""


def available(course: Course) -> list[int]:
    """Ids of current, active, objective versions citing one of the course's laws."""
    names = [law.name for law in course.laws]
    if not names:
        return []
    return list(db.session.scalars(
        select(QuestionVersion.id).join(Question, db.and_(
            Question.id == QuestionVersion.question_id,
            Question.current_number == QuestionVersion.number))
        .where(Question.status == "active", QuestionVersion.type.in_(OBJECTIVE),
               QuestionVersion.basis_law.in_(names)).order_by(QuestionVersion.id)))


def open_attempt(enrolment: Enrolment, now: datetime, rng: random.Random | None = None
                 ) -> QuizAttempt:
    """The attempt waiting for answers, or a new paper drawn for it."""
    waiting = db.session.scalar(select(QuizAttempt).where(
        QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.submitted_at.is_(None)))
    if waiting is not None:
        return waiting
    pool = available(enrolment.course)
    size = enrolment.course.quiz_size
    if len(pool) < size:
        raise QuizError("题库中该课程涉及法律的试题不足，请联系课程负责人")
    attempt = QuizAttempt(enrolment_id=enrolment.id, started_at=now,
                          version_ids=(rng or random).sample(pool, size), answers={})
    db.session.add(attempt)
    db.session.flush()
    return attempt


def versions(attempt: QuizAttempt) -> list[QuestionVersion]:
    by_id = {v.id: v for v in db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.id.in_(attempt.version_ids)))}
    return [by_id[i] for i in attempt.version_ids]


def submit(enrolment: Enrolment, attempt: QuizAttempt, answers: dict[str, str],
           now: datetime) -> QuizAttempt:
    """Grade every question (one point each); passing marks the enrolment."""
    if attempt.submitted_at is not None or attempt.enrolment_id != enrolment.id:
        raise QuizError("该测验已提交")
    right = 0
    for version in versions(attempt):
        given = "".join(sorted(answers.get(str(version.id), "")))
        if version.type == "truefalse":
            given = answers.get(str(version.id), "")
        score, _ = score_answer(version.type, version.answer, given, Decimal(1), False)
        right += int(score == 1)
    total = len(attempt.version_ids)
    attempt.answers = {k: v for k, v in answers.items() if k in map(str, attempt.version_ids)}
    attempt.score = round(100 * right / total) if total else 100
    attempt.passed = attempt.score >= enrolment.course.pass_percent
    attempt.submitted_at = now
    if attempt.passed and enrolment.quiz_passed_at is None:
        enrolment.quiz_passed_at = now
    return attempt


def best_score(enrolment: Enrolment) -> int | None:
    return db.session.scalar(select(db.func.max(QuizAttempt.score)).where(
        QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.passed.is_(True)))
