"""Accommodations in bulk: extra time or a later window for a group across several exams.

Each changed seat is audited with its reason; an attempt already under way gets
its deadline moved at once (never before now); a submitted one is left alone.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.core import audit
from app.exams.models import Attempt, Exam, ExamCandidate
from app.exams.services import ExamError
from app.extensions import db


@dataclass
class Outcome:
    changed: int = 0
    submitted: int = 0      # already handed in: nothing to change
    not_candidates: int = 0


def accommodate(actor, exams: list[Exam], officer_ids: list[int], *, extra_minutes: int,
                window_opens_at: datetime | None, window_closes_at: datetime | None,
                reason: str, now: datetime) -> Outcome:
    reason = (reason or "").strip()
    if not reason:
        raise ExamError("请填写调整原因")
    if extra_minutes < 0 or extra_minutes > 600:
        raise ExamError("延长时间须在0至600分钟之间")
    if window_opens_at and window_closes_at and window_closes_at <= window_opens_at:
        raise ExamError("单独考试时段的结束时间须晚于开始时间")
    if not extra_minutes and not window_opens_at and not window_closes_at:
        raise ExamError("请填写延长时间或单独的考试时段")
    outcome, rows = Outcome(), []
    for exam in exams:
        if exam.status == "cancelled":
            raise ExamError(f"《{exam.name}》已取消")
        seats = {c.officer_id: c for c in db.session.scalars(select(ExamCandidate).where(
            ExamCandidate.exam_id == exam.id, ExamCandidate.officer_id.in_(officer_ids)))}
        outcome.not_candidates += len(set(officer_ids) - seats.keys())
        for seat in seats.values():
            if seat.attempt is not None and seat.attempt.state == "submitted":
                outcome.submitted += 1
                continue
            before = seat.accommodation()
            seat.extra_minutes = extra_minutes
            seat.window_opens_at = window_opens_at
            seat.window_closes_at = window_closes_at
            seat.accommodation_reason = reason[:200]
            _move_deadline(seat.attempt, seat, now)
            outcome.changed += 1
            rows.append(audit.entry(actor, "exam.accommodate", "exam_candidate", seat.id,
                                    label=f"{exam.name} · {seat.officer.name}",
                                    unit_id=seat.unit_id, before=before,
                                    after=seat.accommodation()))
    db.session.flush()
    audit.record_many(rows)
    return outcome


def _move_deadline(attempt: Attempt | None, seat: ExamCandidate, now: datetime) -> None:
    if attempt is not None and attempt.state == "in_progress":
        attempt.deadline_at = max(seat.deadline_from(attempt.started_at), now)
