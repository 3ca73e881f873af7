"""Completing a course: every chapter's minimum time met and the quiz passed credit the course's
hours once, to the officer's training record, as a 线上 session the compliance counts unchanged;
the study log goes into the session's content, which the archive PDF prints."""
from datetime import datetime

from sqlalchemy import func, select

from app.core import audit
from app.core.clock import local_date, shown
from app.extensions import db
from app.learning.models import Enrolment, StudyBeat
from app.learning.quiz import best_score
from app.training.access import attended
from app.training.online.importer import record_completion

PLATFORM = "本系统在线课程"


def chapters_done(enrolment: Enrolment) -> bool:
    done = {p.chapter_id for p in enrolment.progress if p.completed_at is not None}
    return all(c.id in done for c in enrolment.course.chapters)


def quiz_done(enrolment: Enrolment) -> bool:
    return enrolment.course.quiz_size == 0 or enrolment.quiz_passed_at is not None


def complete_if_due(actor, enrolment: Enrolment, now: datetime) -> bool:
    """Mark the enrolment complete and credit its hours when both conditions hold; idempotent."""
    if enrolment.completed_at is not None or not (chapters_done(enrolment)
                                                  and quiz_done(enrolment)):
        return False
    enrolment.completed_at = now
    course = enrolment.course
    if course.source_session and attended(enrolment.officer_id, course.source_session):
        return True     # credited when they sat the lecture: never twice
    stored = record_completion(enrolment.officer_id, course.title[:150], PLATFORM,
                               course.category, course.hours, local_date(now),
                               study_log(enrolment))
    if stored is not None:
        enrolment.credited_session_id = stored.session_id
        audit.record(actor, "learning.credit", "learning_enrolment", enrolment.id,
                     label=course.title, unit_id=enrolment.unit_id,
                     after={"hours": float(course.hours), "category": course.category,
                            "session_id": stored.session_id})
    return True


def study_log(enrolment: Enrolment) -> str:
    """The evidence in words: when, how many days, counted minutes, beats, the quiz score."""
    first, last, counted, beats = db.session.execute(select(
        func.min(StudyBeat.at), func.max(StudyBeat.at), func.sum(StudyBeat.credited),
        func.count(StudyBeat.id)).where(StudyBeat.enrolment_id == enrolment.id)).one()
    days = len({local_date(at) for at in db.session.scalars(
        select(StudyBeat.at).where(StudyBeat.enrolment_id == enrolment.id,
                                   StudyBeat.credited > 0))})
    score = best_score(enrolment)
    quiz = f"结业测验{score}分（及格{enrolment.course.pass_percent}分）" if score is not None \
        else "无结业测验"
    return (f"平台：{PLATFORM}；学习记录（佐证）：{shown(first)}至{shown(last)}，"
            f"{days}天，服务器计时有效学习{round((counted or 0) / 60)}分钟，"
            f"心跳记录{beats}条；{quiz}")
