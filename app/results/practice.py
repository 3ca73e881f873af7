"""Practice on the bank and the wrong-answer book (错题本): the officer's own, nobody else's.

Nothing here may hand out a key that an exam still needs secret: a question on
the paper of an exam whose review is not open yet is never served nor shown in
anyone's book (candidate or not), a version id sent back is checked again, and while
the officer has an exam window open and has not submitted their own attempt, practice
and the book's answers are closed to them. Short answers are left out
(nothing can check them automatically).
"""
import random
from datetime import datetime
from decimal import Decimal

from sqlalchemy import exists, func, or_, select

from app.core import clock
from app.exams.grading import score_answer
from app.exams.models import Answer, Attempt, Exam, ExamCandidate, PaperItem
from app.extensions import db
from app.questions.models import Question, QuestionVersion
from app.results.access import review_open, review_opens_at
from app.results.models import WrongBookEntry
from app.specialties.models import Specialty, find

PRACTISED = ("single", "multiple", "truefalse", "fill")


class PracticeError(ValueError):
    """Practice refused; the message is Chinese."""


def categories(officer_id: int) -> list[Specialty]:
    """The basic-law bank, the officer's approved talent-pool categories, and their exams'."""
    from app.talentpool.models import TalentMember
    ids = set(db.session.scalars(select(TalentMember.specialty_id).where(
        TalentMember.officer_id == officer_id, TalentMember.state == "approved")))
    ids |= set(db.session.scalars(select(Exam.specialty_id).join(
        ExamCandidate, ExamCandidate.exam_id == Exam.id).where(
        ExamCandidate.officer_id == officer_id)))
    basic = find("basic")
    if basic is not None:
        ids.add(basic.id)
    return list(db.session.scalars(select(Specialty).where(Specialty.id.in_(ids))
                                   .order_by(Specialty.sort_order)))


def in_exam(officer_id: int, now: datetime) -> bool:
    """The officer has an exam window open now and has not submitted (practice and keys
    are closed meanwhile)."""
    return locked_until(officer_id, now) is not None


def locked_until(officer_id: int, now: datetime) -> datetime | None:
    """When practice reopens at the latest, while an open window waits for the officer's
    own submission; None when nothing locks it. Submitting reopens it at once."""
    seats = db.session.scalars(select(ExamCandidate).join(Exam).where(
        ExamCandidate.officer_id == officer_id, Exam.status == "scheduled",
        Exam.opens_at <= now)).all()
    ends = [_lock_end(s) for s in seats
            if s.opens_at <= now < s.closes_at and not _submitted(s)]
    return max((end for end in ends if end > now), default=None)


def lock_message(until: datetime) -> str:
    return (f"考试期间暂停练习和错题本：交卷后即可使用，"
            f"最迟于 {clock.shown(until)}（北京时间）重新开放。")


def _submitted(seat: ExamCandidate) -> bool:
    return seat.attempt is not None and seat.attempt.state != "in_progress"


def _lock_end(seat: ExamCandidate) -> datetime:
    return seat.attempt.deadline_at if seat.attempt is not None else seat.closes_at


def locked_questions(now: datetime):
    """Ids of questions on a paper of an exam whose review is not open yet."""
    late_window = exists().where(ExamCandidate.exam_id == Exam.id,
                                 ExamCandidate.window_closes_at > now)
    secret = select(Exam.id).where(Exam.status != "cancelled", or_(
        Exam.results_published_at.is_(None), Exam.closes_at > now, late_window))
    return select(QuestionVersion.question_id).join(
        PaperItem, PaperItem.version_id == QuestionVersion.id).where(
        PaperItem.exam_id.in_(secret))


def _practicable(officer_id: int, now: datetime):
    specialty_ids = [s.id for s in categories(officer_id)]
    return (select(QuestionVersion).join(Question, Question.id == QuestionVersion.question_id)
            .where(Question.specialty_id.in_(specialty_ids), Question.status == "active",
                   QuestionVersion.number == Question.current_number,
                   QuestionVersion.type.in_(PRACTISED),
                   Question.id.not_in(locked_questions(now))))


def next_question(officer_id: int, specialty_id: int | None, now: datetime,
                  rng: random.Random | None = None) -> QuestionVersion | None:
    """A random question of the officer's categories (or one of them) that may be practised."""
    until = locked_until(officer_id, now)
    if until is not None:
        raise PracticeError(lock_message(until))
    stmt = _practicable(officer_id, now)
    if specialty_id:
        stmt = stmt.where(Question.specialty_id == specialty_id)
    ids = list(db.session.scalars(stmt.with_only_columns(QuestionVersion.id)))
    if not ids:
        return None
    return db.session.get(QuestionVersion, (rng or random.SystemRandom()).choice(ids))


def allowed(officer_id: int, version_id: int, now: datetime) -> QuestionVersion:
    """The version an answer is sent for, if this officer may see its key now; else 404-worthy."""
    until = locked_until(officer_id, now)
    if until is not None:
        raise PracticeError(lock_message(until))
    version = db.session.scalar(_practicable(officer_id, now).where(
        QuestionVersion.id == version_id))
    if version is None:
        entry = open_entry(officer_id, version_id, now)
        version = entry.version if entry is not None else None
    if version is None or version.type not in PRACTISED:
        raise PracticeError("没有找到这道练习题")
    return version


def response_from(version: QuestionVersion, values: list[str]) -> str:
    """The form's values as a stored response (original letters, 正确/错误, blanks by |)."""
    values = [v.strip() for v in values]
    if version.type == "single":
        return values[0] if values and values[0] in (version.options or {}) else ""
    if version.type == "multiple":
        return "".join(sorted({v for v in values if v in (version.options or {})}))
    if version.type == "truefalse":
        return values[0] if values and values[0] in ("正确", "错误") else ""
    return "|".join(v.replace("|", "/") for v in values) if any(values) else ""


def check(officer_id: int, version: QuestionVersion, response: str, now: datetime) -> bool:
    """Mark a practice answer, keep the book up to date; True when right."""
    score, _review = score_answer(version.type, version.answer, response, Decimal(1), False)
    right = score == 1
    entry = db.session.scalar(select(WrongBookEntry).where(
        WrongBookEntry.officer_id == officer_id,
        WrongBookEntry.question_id == version.question_id))
    if right and entry is not None and entry.cleared_at is None:
        entry.cleared_at = now
    elif not right:
        _record_wrong(entry, officer_id, version, response, now, "practice", None, now)
    db.session.flush()
    return right


def _record_wrong(entry, officer_id, version, response, at, source, exam_id, visible_from):
    if entry is None:
        db.session.add(WrongBookEntry(
            officer_id=officer_id, question_id=version.question_id, version_id=version.id,
            source=source, exam_id=exam_id, last_response=response, wrong_count=1,
            last_wrong_at=at, visible_from=visible_from))
        return
    entry.version_id, entry.source, entry.exam_id = version.id, source, exam_id
    entry.last_response, entry.last_wrong_at = response, at
    entry.wrong_count += 1
    entry.visible_from, entry.cleared_at = visible_from, None


def sync_exam_wrongs(officer_id: int, now: datetime) -> int:
    """Put into the book what the officer got wrong in exams whose review is open (idempotent:
    an attempt already recorded, or cleared since, is not added again)."""
    attempts = db.session.scalars(select(Attempt).join(Exam).where(
        Attempt.officer_id == officer_id, Attempt.state == "submitted",
        Exam.results_published_at.is_not(None))).all()
    added = 0
    for attempt in attempts:
        if review_open(attempt.exam, now):
            added += _sync_attempt(attempt)
    db.session.flush()
    return added


def _sync_attempt(attempt: Attempt) -> int:
    rows = db.session.execute(
        select(PaperItem, Answer).outerjoin(
            Answer, (Answer.item_id == PaperItem.id) & (Answer.attempt_id == attempt.id))
        .where(PaperItem.candidate_id == attempt.candidate_id)).all()
    visible = review_opens_at(attempt.exam)
    added = 0
    for item, answer in rows:
        version = item.version
        if version.type not in PRACTISED or (answer is not None and answer.score == item.points):
            continue
        entry = db.session.scalar(select(WrongBookEntry).where(
            WrongBookEntry.officer_id == attempt.officer_id,
            WrongBookEntry.question_id == version.question_id))
        if entry is not None and entry.last_wrong_at >= attempt.submitted_at:
            continue
        _record_wrong(entry, attempt.officer_id, version, answer.response if answer else "",
                      attempt.submitted_at, "exam", attempt.exam_id, visible)
        added += 1
    return added


def _visible_entries(officer_id: int, now: datetime):
    """The officer's book entries that may be shown now: never a question an exam keeps secret."""
    return select(WrongBookEntry).where(
        WrongBookEntry.officer_id == officer_id, WrongBookEntry.visible_from <= now,
        WrongBookEntry.question_id.not_in(locked_questions(now)))


def book(officer_id: int, now: datetime, cleared: bool = False) -> list[WrongBookEntry]:
    stmt = _visible_entries(officer_id, now)
    stmt = stmt.where(WrongBookEntry.cleared_at.is_not(None) if cleared
                      else WrongBookEntry.cleared_at.is_(None))
    return list(db.session.scalars(stmt.order_by(WrongBookEntry.last_wrong_at.desc())))


def open_entry(officer_id: int, version_id: int, now: datetime) -> WrongBookEntry | None:
    """The officer's visible book entry holding this version (retrying it is allowed)."""
    return db.session.scalar(_visible_entries(officer_id, now).where(
        WrongBookEntry.version_id == version_id))


def entry(officer_id: int, entry_id: int, now: datetime) -> WrongBookEntry | None:
    """One of the officer's visible book entries, to retry."""
    return db.session.scalar(_visible_entries(officer_id, now).where(
        WrongBookEntry.id == entry_id))


def counts(officer_id: int, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(
        _visible_entries(officer_id, now).where(WrongBookEntry.cleared_at.is_(None)).subquery()))
