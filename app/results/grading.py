"""Manual grading: the queue of short answers and unmatched fill-ins, claims, grades, totals.

Two graders split a queue by claiming batches: a claimed answer is skipped by
the others until its claim expires (CLAIM_MINUTES). Every grade is audited and
re-totals its attempt, which sets `passed` once nothing is left to grade (and, on a published
exam, tells the officer).
"""
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.core import audit
from app.core.scoping import Scope, clause
from app.exams.models import Answer, Attempt, Exam, PaperItem
from app.extensions import db
from app.results.access import paper_code
from app.results.models import GradeClaim

CLAIM_MINUTES = 30
BATCH = 10


class GradingError(ValueError):
    """A grade the queue refuses; the message is Chinese."""


class NotWaiting(GradingError):
    """The answer is not in the grading queue: only the audited key fix changes it."""


def pending(exam: Exam, scope: Scope):
    """(Answer, PaperItem, Attempt) rows waiting for a person, within the grader's scope."""
    return (select(Answer, PaperItem, Attempt)
            .join(PaperItem, PaperItem.id == Answer.item_id)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.exam_id == exam.id, Attempt.state == "submitted",
                   Answer.needs_review.is_(True), clause(Attempt, scope))
            .order_by(PaperItem.version_id, Attempt.id))


def claims_of(exam: Exam, now: datetime) -> dict[int, int]:
    """answer id -> grader id of the live claims on this exam."""
    since = now - timedelta(minutes=CLAIM_MINUTES)
    return dict(db.session.execute(select(GradeClaim.answer_id, GradeClaim.grader_id).where(
        GradeClaim.exam_id == exam.id, GradeClaim.claimed_at >= since)).all())


def queue(exam: Exam, scope: Scope, grader_id: int, now: datetime) -> dict:
    """The queue's overview: by question and by paper (anonymous code), and who holds what."""
    rows = db.session.execute(pending(exam, scope)).all()
    claims = claims_of(exam, now)
    by_question, by_paper = Counter(), Counter()
    stems = {}
    for _answer, item, attempt in rows:
        by_question[item.version_id] += 1
        stems[item.version_id] = item.version
        by_paper[paper_code(attempt.id)] += 1
    mine = sum(1 for a, _i, _t in rows if claims.get(a.id) == grader_id)
    others = sum(1 for a, _i, _t in rows if claims.get(a.id) not in (None, grader_id))
    return {"total": len(rows), "mine": mine, "others": others,
            "free": len(rows) - mine - others,
            "questions": [(stems[v], n) for v, n in by_question.items()],
            "papers": sorted(by_paper.items())}


def _filtered(rows, version_id: int | None, paper: str | None):
    return [r for r in rows
            if (version_id is None or r[1].version_id == version_id)
            and (paper is None or paper_code(r[2].id) == paper)]


def claim(actor, exam: Exam, scope: Scope, now: datetime, *, version_id: int | None = None,
          paper: str | None = None, limit: int = BATCH) -> int:
    """Claim up to `limit` free answers (by question or by paper); returns how many were taken."""
    since = now - timedelta(minutes=CLAIM_MINUTES)
    db.session.execute(delete(GradeClaim).where(GradeClaim.exam_id == exam.id,
                                                GradeClaim.claimed_at < since))
    held = claims_of(exam, now)
    rows = _filtered(db.session.execute(pending(exam, scope)).all(), version_id, paper)
    free = [a.id for a, _i, _t in rows if a.id not in held][:limit]
    taken = sum(_claim_one(answer_id, exam.id, actor.id, now) for answer_id in free)
    db.session.flush()
    return taken


def _claim_one(answer_id: int, exam_id: int, grader_id: int, now: datetime) -> int:
    """Insert the claim unless another grader got it first (one statement, both databases)."""
    table = GradeClaim.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(answer_id=answer_id, exam_id=exam_id,
                                        grader_id=grader_id, claimed_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=[table.c.answer_id]) \
        .returning(table.c.answer_id)
    return int(db.session.execute(stmt).first() is not None)


def my_batch(exam: Exam, scope: Scope, grader_id: int, now: datetime):
    """The answers the grader holds, with their items: what the grading page shows."""
    claims = claims_of(exam, now)
    rows = db.session.execute(pending(exam, scope)).all()
    return [(a, i, paper_code(t.id)) for a, i, t in rows if claims.get(a.id) == grader_id]


def grade_answer(actor, answer: Answer, score: Decimal, now: datetime) -> None:
    """A person's score for one answer that waits for a grader; refused outside 0..points or
    on another's claim. Any other answer changes only through the audited key fix."""
    _check_waiting(answer)
    item = answer.item
    if score < 0 or score > item.points:
        raise GradingError(f"得分须在0到{item.points.normalize():f}分之间")
    claim_row = db.session.get(GradeClaim, answer.id)
    live = claim_row is not None and \
        claim_row.claimed_at >= now - timedelta(minutes=CLAIM_MINUTES)
    if live and claim_row.grader_id != actor.id:
        raise GradingError("该答卷已由其他评分人领取")
    attempt = db.session.get(Attempt, answer.attempt_id)
    if attempt.state != "submitted":
        raise GradingError("考生尚未交卷")
    before = {"score": _s(answer.score), "needs_review": answer.needs_review}
    answer.score, answer.needs_review, answer.graded_by_id = score, False, actor.id
    if claim_row is not None:
        db.session.delete(claim_row)
    db.session.flush()
    retotal(attempt)
    audit.record(actor, "result.grade", "exam_answer", answer.id,
                 label=f"{attempt.exam.name} · 答卷{paper_code(attempt.id)} · 第{item.position}题",
                 unit_id=attempt.unit_id, before=before,
                 after={"score": _s(score), "attempt_score": _s(attempt.score),
                        "passed": attempt.passed})
    if attempt.passed is not None:
        # This grade settled the result: the answer waited, so the result read 待评分. On a
        # published exam that happens only after a key fix sent an answer back to the queue;
        # the officer was told 待评分 then and is told the result now (tell_changed leaves
        # unpublished exams alone).
        from app.results.services import tell_changed
        tell_changed(attempt.exam, [attempt])


def _check_waiting(answer: Answer) -> None:
    if not answer.needs_review:
        raise NotWaiting("该答案不在待评分队列中，不能人工评分；客观题答案有误请通过“更正答案”重新评分")


def retotal(attempt: Attempt) -> bool:
    """Sum the answers into the attempt (score, pending, passed); True when a shown result changed."""
    answers = list(db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)))
    before = (attempt.score, attempt.passed)
    pending_count = sum(1 for a in answers if a.needs_review)
    total = sum((a.score for a in answers if a.score is not None), Decimal(0))
    attempt.objective_score = sum((a.auto_score for a in answers if a.auto_score is not None),
                                  Decimal(0))
    attempt.score = total
    attempt.pending_manual = pending_count
    attempt.passed = None if pending_count else total >= attempt.exam.pass_mark
    db.session.flush()
    return before[1] is not None and (before[0] != attempt.score or before[1] != attempt.passed)


def unclaimed_by(exam: Exam, grader_id: int) -> None:
    """Give back every claim the grader holds on this exam."""
    db.session.execute(delete(GradeClaim).where(GradeClaim.exam_id == exam.id,
                                                GradeClaim.grader_id == grader_id))


def _s(value) -> str | None:
    return None if value is None else f"{Decimal(value):f}"

