"""When an officer may see what: scores after publishing, the keys only after every window closed.

The review (correct answers, explanations, legal basis) opens when the results
are published AND the last window of the exam has closed — the exam's own and
every candidate's accommodated one — so that nobody still sitting the exam can
be handed the key. Graders see papers under an opaque code, never a name.
"""
import hashlib
import hmac
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from app.exams.models import Attempt, Exam, ExamCandidate
from app.extensions import db


def last_window_closes(exam: Exam) -> datetime:
    """The exam's closing time, or the latest accommodated window's, whichever is later."""
    return last_windows_close([exam])[exam.id]


def last_windows_close(exams: list[Exam]) -> dict[int, datetime]:
    """last_window_closes for several exams in one query."""
    latest = dict(db.session.execute(
        select(ExamCandidate.exam_id, func.max(ExamCandidate.window_closes_at))
        .where(ExamCandidate.exam_id.in_([e.id for e in exams]))
        .group_by(ExamCandidate.exam_id)).all())
    return {e.id: max(e.closes_at, latest.get(e.id) or e.closes_at) for e in exams}


def review_opens_at(exam: Exam) -> datetime | None:
    """When candidates may see keys and explanations; None while results are unpublished."""
    if exam.results_published_at is None or exam.status != "scheduled":
        return None
    return max(exam.results_published_at, last_window_closes(exam))


def review_open(exam: Exam, now: datetime) -> bool:
    opens = review_opens_at(exam)
    return opens is not None and now >= opens


def score_visible(attempt: Attempt | None) -> bool:
    """The officer sees score and pass/fail once published and fully graded."""
    return attempt is not None and attempt.exam.results_published_at is not None and \
        attempt.state == "submitted" and attempt.passed is not None


def paper_code(attempt_id: int) -> str:
    """An anonymous, stable code for a paper (答卷编号) that reveals neither name nor id."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"paper:{attempt_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:8].upper()
