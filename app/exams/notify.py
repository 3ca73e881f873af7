"""Notifications the exams send: to candidates when an exam is published and when results are."""
from flask import url_for
from sqlalchemy import select

from app.auth.models import User
from app.core import clock
from app.exams.models import Exam, ExamCandidate
from app.extensions import db
from app.notifications.services import notify


def _candidate_users(exam: Exam) -> list[int]:
    return list(db.session.scalars(select(User.id).join(
        ExamCandidate, ExamCandidate.officer_id == User.officer_id).where(
        ExamCandidate.exam_id == exam.id, User.active.is_(True))))


def _link() -> str | None:
    try:
        return url_for("exams.mine")
    except RuntimeError:    # outside a request (commands, jobs)
        return "/exams/mine"


def results_published(exam: Exam) -> int:
    return notify(_candidate_users(exam), f"《{exam.name}》成绩已公布", link=_link(),
                  key=f"exam-results-{exam.id}")


def exam_scheduled(exam: Exam) -> int:
    """Tell every candidate of a published exam once (those added later too)."""
    window = f"{clock.shown(exam.opens_at)} 至 {clock.shown(exam.closes_at)}（北京时间）"
    return notify(_candidate_users(exam),
                  f"您已被列为《{exam.name}》的考生，考试时间 {window}，请按时参加",
                  link=_link(), key=f"exam-scheduled-{exam.id}")
