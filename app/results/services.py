"""Changes results make: publishing, fixing an answer key with its regrade, telling officers.

Every function takes an explicit actor, adds and flushes, audits, and never
commits. Messages for users are Chinese.
"""
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select, update

from app.auth.models import User
from app.core import audit
from app.core.scoping import Scope, subtree_ids
from app.exams import services as exam_services
from app.exams import taking
from app.exams.grading import score_answer
from app.exams.models import Answer, Attempt, Exam, PaperItem
from app.extensions import db
from app.notifications.services import notify
from app.questions.formats.answers import normalize_answer, split_fill
from app.questions.models import QuestionVersion
from app.questions.services import QuestionError, revise_question
from app.results.grading import _s, retotal
from app.results.models import KeyFix, WrongBookEntry

FIXABLE = ("single", "multiple", "truefalse", "fill")


class ResultError(ValueError):
    """A change results refuse; the message is for the user (Chinese)."""


# ---- publishing --------------------------------------------------------------------------------

def schedule_publish(actor, exam: Exam, at: datetime | None, now: datetime) -> None:
    """Publish the results at `at` (None: no schedule); the sweeper does it once grading is
    complete, else tells the legal section."""
    if exam.results_published_at is not None:
        raise ResultError("成绩已公布")
    if at is not None and at <= now:
        raise ResultError("定时公布的时间须晚于现在")
    if at is not None and at < exam.closes_at:
        raise ResultError("定时公布的时间不能早于考试结束时间")
    before = exam.results_publish_at
    exam.results_publish_at, exam.results_publish_warned_at = at, None
    audit.record(actor, "exam.schedule_publish", "exam", exam.id, label=exam.name,
                 unit_id=exam.unit_id,
                 before={"results_publish_at": before.isoformat(timespec="seconds") if before else None},
                 after={"results_publish_at": at.isoformat(timespec="seconds") if at else None})
    db.session.flush()


def publish_due(actor, now: datetime) -> tuple[int, int]:
    """(published, told) for the exams whose scheduled time has come: published when
    grading is complete, else the legal section told once."""
    published = told = 0
    for exam in db.session.scalars(select(Exam).where(
            Exam.results_publish_at <= now, Exam.results_published_at.is_(None),
            Exam.status == "scheduled").order_by(Exam.id)).all():
        try:
            publish(actor, exam, now)
            published += 1
        except ResultError as exc:
            if exam.results_publish_warned_at is None:
                _tell_legal(exam, str(exc))
                exam.results_publish_warned_at = now
                told += 1
    db.session.flush()
    return published, told


def _tell_legal(exam: Exam, reason: str) -> int:
    ancestors = [int(i) for i in exam.unit.path.strip("/").split("/") if i]
    users = db.session.scalars(select(User.id).where(
        User.role == "legal", User.active.is_(True), User.unit_id.in_(ancestors)))
    return notify(users, f"《{exam.name}》成绩未能按时公布：{reason}",
                  link=f"/results/exams/{exam.id}", key=f"exam-publish-late-{exam.id}")


def publish(actor, exam: Exam, now: datetime) -> None:
    """Publish an exam's results: late attempts finished first; refused while papers wait."""
    for attempt in db.session.scalars(select(Attempt).where(
            Attempt.exam_id == exam.id, Attempt.state == "in_progress")).all():
        taking.finish_if_overdue(actor, attempt, now)
    waiting = db.session.scalar(select(func.count()).select_from(Attempt).where(
        Attempt.exam_id == exam.id, Attempt.pending_manual > 0))
    if waiting:
        raise ResultError(f"尚有{waiting}份答卷待人工评分，评分完成后才能公布成绩")
    try:
        exam_services.publish_results(actor, exam, now)
    except exam_services.ExamError as exc:
        raise ResultError(str(exc)) from None


def tell_changed(exam: Exam, attempts: list[Attempt]) -> int:
    """Tell the officers whose published result changed (a regrade or a later grade)."""
    if exam.results_published_at is None or not attempts:
        return 0
    sent = 0
    for attempt in attempts:
        users = db.session.scalars(select(User.id).where(
            User.officer_id == attempt.officer_id, User.active.is_(True))).all()
        verdict = "合格" if attempt.passed else ("不合格" if attempt.passed is False else "待评分")
        sent += notify(users, f"《{exam.name}》成绩已更正：{attempt.score.normalize():f}分，"
                              f"{verdict}", link="/results/mine")
    return sent


# ---- fixing a key ------------------------------------------------------------------------------

def fix_key(actor, exam: Exam, version: QuestionVersion, raw_key: str, reason: str,
            scope: Scope, now: datetime) -> KeyFix:
    """Correct a question's key (a new bank version), repoint the papers of every exam in the
    actor's scope that used it, regrade their answers and re-total; logged and audited."""
    new_key = _checked_key(version, raw_key, reason)
    new_version = _revise(actor, version, new_key)
    items = _items_using(version, scope)
    for item in items:
        item.version_id = new_version.id
    db.session.execute(update(WrongBookEntry).where(WrongBookEntry.version_id == version.id)
                       .values(version_id=new_version.id))
    db.session.flush()
    changed, regraded = _regrade_items(items, new_version)
    fix = KeyFix(exam_id=exam.id, unit_id=exam.unit_id, question_id=version.question_id,
                 old_version_id=version.id, new_version_id=new_version.id,
                 old_key=version.answer, new_key=new_key, reason=reason.strip()[:200],
                 attempts_regraded=len(regraded), results_changed=len(changed),
                 by_id=getattr(actor, "id", None), at=now)
    db.session.add(fix)
    db.session.flush()
    _audit_regrade(actor, exam, fix, regraded)
    for attempt in changed:
        tell_changed(attempt.exam, [attempt])
    return fix


def _checked_key(version: QuestionVersion, raw_key: str, reason: str) -> str:
    if version.type not in FIXABLE:
        raise ResultError("只有单选、多选、判断和填空题可以更正答案后重评")
    if not reason.strip():
        raise ResultError("请填写更正原因")
    new_key = normalize_answer(version.type, raw_key or "")
    if not new_key or new_key == version.answer:
        raise ResultError("请填写与原答案不同的正确答案")
    if version.type == "fill" and len(split_fill(new_key)) != len(split_fill(version.answer)):
        raise ResultError("更正答案时填空的空数不能改变")
    return new_key


def _revise(actor, version: QuestionVersion, new_key: str) -> QuestionVersion:
    """The bank's new version with the corrected key (the question must not have moved on)."""
    question = version.question
    if question.current_number != version.number:
        raise ResultError("题库中该题已有更新的版本，请先在题库中核对答案")
    content = replace(version.parsed(), answer=new_key)
    try:
        revise_question(actor, question, question.specialty, content)
    except QuestionError as exc:
        raise ResultError(str(exc)) from None
    return db.session.scalar(select(QuestionVersion).where(
        QuestionVersion.question_id == question.id,
        QuestionVersion.number == question.current_number))


def _items_using(version: QuestionVersion, scope: Scope) -> list[PaperItem]:
    stmt = select(PaperItem).join(Exam, Exam.id == PaperItem.exam_id).where(
        PaperItem.version_id == version.id)
    if not scope.everything:
        stmt = stmt.where(Exam.unit_id.in_(subtree_ids(scope.unit_path or "-")))
    return list(db.session.scalars(stmt))


def _regrade_items(items: list[PaperItem], version: QuestionVersion):
    """Rescore the submitted answers on these items; (changed attempts, [(attempt, before)])."""
    by_candidate = {i.candidate_id: i for i in items if i.candidate_id is not None}
    attempts = list(db.session.scalars(select(Attempt).where(
        Attempt.candidate_id.in_(list(by_candidate)), Attempt.state == "submitted")))
    changed, regraded = [], []
    for attempt in attempts:
        before = {"score": _s(attempt.score), "passed": attempt.passed}
        item = by_candidate[attempt.candidate_id]
        answer = db.session.scalar(select(Answer).where(
            Answer.attempt_id == attempt.id, Answer.item_id == item.id))
        if answer is not None:
            _rescore(answer, item, version, attempt.exam.multiple_scoring == "partial")
        if retotal(attempt):
            changed.append(attempt)
        regraded.append((attempt, before))
    return changed, regraded


def _rescore(answer: Answer, item: PaperItem, version: QuestionVersion, partial: bool) -> None:
    score, review = score_answer(version.type, version.answer, answer.response, item.points,
                                 partial)
    answer.auto_score = score
    if answer.graded_by_id is not None and review:
        # A person already judged the blanks the key does not match: their score stands,
        # unless the corrected key gives more.
        answer.score = max(answer.score or 0, score)
        answer.needs_review = False
    else:
        answer.score, answer.needs_review = score, review


def _audit_regrade(actor, exam: Exam, fix: KeyFix, regraded) -> None:
    audit.record(actor, "result.key_fix", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 before={"version": fix.old_version_id, "answer": fix.old_key},
                 after={"version": fix.new_version_id, "answer": fix.new_key,
                        "reason": fix.reason, "attempts": fix.attempts_regraded,
                        "changed": fix.results_changed})
    audit.record_many([audit.entry(
        actor, "result.regrade", "exam_attempt", attempt.id,
        label=f"{attempt.exam.name} · {attempt.officer.name}", unit_id=attempt.unit_id,
        before=before, after={"score": _s(attempt.score), "passed": attempt.passed,
                              "key_fix": fix.id}) for attempt, before in regraded])
