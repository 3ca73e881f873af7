"""Changes to exams: create, edit (until they open), schedule, cancel, candidates, make-ups, results.

Every function takes an explicit actor, adds and flushes, audits, and never
commits. Messages for users are Chinese.
"""
import random
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, insert, select

from app.core import audit
from app.core.models import utcnow
from app.exams import drawing
from app.exams.models import Attempt, Exam, ExamCandidate, ExamSection
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.questions.formats import TYPES
from app.specialties.models import Specialty


class ExamError(ValueError):
    """A change the exam refuses; the message is for the user (Chinese)."""


@dataclass
class SectionData:
    qtype: str
    count: int
    points: Decimal
    difficulty: int | None = None
    tags: list[str] = field(default_factory=list)
    specialty_id: int | None = None


@dataclass
class ExamData:
    name: str
    specialty: Specialty
    unit: Unit
    year: int
    quarter: int | None
    opens_at: datetime
    closes_at: datetime
    time_limit_minutes: int = 90
    pass_mark: Decimal = Decimal(60)
    mode: str = "drawn"
    shuffle: bool = True
    multiple_scoring: str = "all"
    avoid_seen: bool = True
    sections: list[SectionData] = field(default_factory=list)


SETTINGS = ("name", "specialty", "unit", "year", "quarter", "opens_at", "closes_at",
            "time_limit_minutes", "pass_mark", "mode", "shuffle", "multiple_scoring",
            "avoid_seen")


def _check(data: ExamData) -> None:
    problems = []
    if not data.name.strip():
        problems.append("请填写考试名称")
    if data.closes_at <= data.opens_at:
        problems.append("结束时间须晚于开始时间")
    if data.time_limit_minutes <= 0:
        problems.append("考试时长须大于0")
    for i, s in enumerate(data.sections, start=1):
        if s.qtype not in TYPES or s.count <= 0 or s.points <= 0:
            problems.append(f"试卷结构第{i}行：题型、题数和分值都须填写且大于0")
    if data.pass_mark > sum((s.count * s.points for s in data.sections), Decimal(0)):
        problems.append("及格分不能高于总分")
    if problems:
        raise ExamError("；".join(problems))


def _settings(data: ExamData) -> dict:
    """The exam's columns from the data; avoiding questions seen before needs a paper drawn
    per candidate, so a fixed paper never keeps it."""
    values = {f: getattr(data, f) for f in SETTINGS}
    if data.mode == "fixed":
        values["avoid_seen"] = False
    return values


def create_exam(actor, data: ExamData, kind: str = "regular", parent: Exam | None = None) -> Exam:
    _check(data)
    exam = Exam(kind=kind, parent=parent, seed=random.SystemRandom().getrandbits(48),
                created_by_id=getattr(actor, "id", None),
                **_settings(data))
    _set_sections(exam, data.sections)
    db.session.add(exam)
    db.session.flush()
    audit.record(actor, "exam.create", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 after=exam.snapshot())
    return exam


def update_exam(actor, exam: Exam, data: ExamData, now: datetime) -> None:
    """Change settings and blueprint; refused once the exam has opened (its content is frozen)."""
    if exam.frozen(now):
        raise ExamError("考试已开始，试卷内容已冻结，不能再修改")
    _check(data)
    if has_papers(exam):
        raise ExamError("已为考生生成试卷，不能再修改；如需修改请先取消本场考试并重新创建")
    before = exam.snapshot()
    for f, value in _settings(data).items():
        setattr(exam, f, value)
    _set_sections(exam, data.sections)
    db.session.flush()
    audit.record(actor, "exam.update", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 before=before, after=exam.snapshot())


def has_papers(exam: Exam) -> bool:
    from app.exams.models import PaperItem
    return db.session.scalar(select(PaperItem.id).where(PaperItem.exam_id == exam.id)
                             .limit(1)) is not None


def _set_sections(exam: Exam, sections: list[SectionData]) -> None:
    exam.sections.clear()
    db.session.flush()
    for position, s in enumerate(sections, start=1):
        exam.sections.append(ExamSection(
            position=position, qtype=s.qtype, count=s.count, points=s.points,
            difficulty=s.difficulty, tags=list(s.tags), specialty_id=s.specialty_id))


def schedule(actor, exam: Exam, now: datetime) -> None:
    """Publish a draft to its candidates; the bank must be able to fill the blueprint."""
    if exam.status != "draft":
        raise ExamError("只有草稿状态的考试可以发布")
    if exam.closes_at <= now:
        raise ExamError("结束时间已过，不能发布")
    problems = drawing.shortages(exam)
    if problems:
        raise ExamError("；".join(problems))
    exam.status = "scheduled"
    drawing.fix_mix(exam)
    db.session.flush()
    audit.record(actor, "exam.schedule", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 after={"status": "scheduled"})
    from app.exams.notify import exam_scheduled
    exam_scheduled(exam)


def cancel(actor, exam: Exam, now: datetime) -> None:
    if exam.status == "cancelled":
        return
    if exam.phase(now) in ("open", "closed"):
        raise ExamError("考试已开始，不能取消")
    exam.status = "cancelled"
    audit.record(actor, "exam.cancel", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 after={"status": "cancelled"})


def prepare_papers(actor, exam: Exam) -> int:
    """Draw every candidate's paper now (before exam day), so that starting costs nothing."""
    if exam.status != "scheduled":
        raise ExamError("请先发布考试")
    candidates = list(db.session.scalars(select(ExamCandidate).where(
        ExamCandidate.exam_id == exam.id)))
    try:
        drawn = drawing.draw_all(exam, candidates)
    except drawing.BlueprintError as exc:
        raise ExamError(f"试卷无法生成：{exc}") from exc
    audit.record(actor, "exam.papers", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 after={"papers_drawn": drawn})
    return drawn


# ---- candidates --------------------------------------------------------------------------------

def pool_officers(exam: Exam) -> list[Officer]:
    """Who sits the exam by default: for the basic-law exam every enforcing officer of the
    organising unit's subtree; otherwise the approved talent-pool members of its category."""
    from app.core.scoping import subtree_ids
    stmt = select(Officer).where(Officer.on_post.is_(True), Officer.status == "active",
                                 Officer.unit_id.in_(subtree_ids(exam.unit.path)))
    if not exam.is_basic:
        from app.talentpool.models import TalentMember
        stmt = stmt.where(Officer.id.in_(select(TalentMember.officer_id).where(
            TalentMember.specialty_id == exam.specialty_id, TalentMember.state == "approved")))
    return list(db.session.scalars(stmt.order_by(Officer.id)))


def add_candidates(actor, exam: Exam, officers: list[Officer], now: datetime) -> int:
    """Enroll officers who are not yet candidates; returns how many were added."""
    if exam.status == "cancelled" or exam.phase(now) == "closed":
        raise ExamError("考试已取消或已结束，不能再添加考生")
    have = set(db.session.scalars(select(ExamCandidate.officer_id).where(
        ExamCandidate.exam_id == exam.id)))
    new = [o for o in officers if o.id not in have]
    if new:
        db.session.execute(insert(ExamCandidate), [
            {"exam_id": exam.id, "officer_id": o.id, "unit_id": o.unit_id, "extra_minutes": 0,
             "added_at": utcnow()} for o in new])
        audit.record(actor, "exam.candidates", "exam", exam.id, label=exam.name,
                     unit_id=exam.unit_id, after={"added": len(new),
                                                  "officers": [o.id for o in new][:200]})
        if exam.status == "scheduled":
            from app.exams.notify import exam_scheduled
            exam_scheduled(exam)
    return len(new)


def remove_candidate(actor, candidate: ExamCandidate) -> None:
    if candidate.attempt is not None:
        raise ExamError("该考生已开始考试，不能移出")
    audit.record(actor, "exam.candidate_remove", "exam", candidate.exam_id,
                 label=candidate.officer.name, unit_id=candidate.unit_id)
    db.session.delete(candidate)
    db.session.flush()


def makeup_officers(exam: Exam, now: datetime) -> list[Officer]:
    """The absent (no attempt) and the failed of a closed exam: who a make-up is for."""
    if exam.phase(now) != "closed":
        raise ExamError("考试结束后才能安排补考")
    absent = select(ExamCandidate.officer_id).where(
        ExamCandidate.exam_id == exam.id,
        ~ExamCandidate.id.in_(select(Attempt.candidate_id).where(Attempt.exam_id == exam.id)))
    failed = select(Attempt.officer_id).where(Attempt.exam_id == exam.id,
                                               Attempt.passed.is_(False))
    return list(db.session.scalars(select(Officer).where(
        Officer.id.in_(absent.union(failed))).order_by(Officer.id)))


def create_makeup(actor, exam: Exam, opens_at: datetime, closes_at: datetime,
                  now: datetime) -> Exam:
    """A make-up exam (补考): the same blueprint and settings, for the absent and the failed."""
    officers = makeup_officers(exam, now)
    if not officers:
        raise ExamError("没有缺考或不及格的考生，无需补考")
    data = ExamData(
        name=f"{exam.name}（补考）", specialty=exam.specialty, unit=exam.unit, year=exam.year,
        quarter=exam.quarter, opens_at=opens_at, closes_at=closes_at,
        time_limit_minutes=exam.time_limit_minutes, pass_mark=exam.pass_mark, mode=exam.mode,
        shuffle=exam.shuffle, multiple_scoring=exam.multiple_scoring, avoid_seen=True,
        sections=[SectionData(s.qtype, s.count, s.points, s.difficulty, list(s.tags or []),
                              s.specialty_id) for s in exam.sections])
    makeup = create_exam(actor, data, kind="makeup", parent=exam)
    add_candidates(actor, makeup, officers, now)
    return makeup


def end_early(actor, exam: Exam, now: datetime) -> int:
    """Close an open exam's window now; attempts in progress are submitted as at the
    deadline. Returns how many were submitted."""
    from app.exams import taking

    if exam.status != "scheduled" or exam.phase(now) != "open":
        raise ExamError("只有进行中的考试可以提前结束")
    before = {"closes_at": exam.closes_at.isoformat(timespec="seconds")}
    exam.closes_at = now
    for seat in db.session.scalars(select(ExamCandidate).where(
            ExamCandidate.exam_id == exam.id, ExamCandidate.window_closes_at > now)):
        seat.window_opens_at, seat.window_closes_at = None, now   # own windows end too
    submitted = 0
    for attempt in db.session.scalars(select(Attempt).where(
            Attempt.exam_id == exam.id, Attempt.state == "in_progress")).all():
        attempt.deadline_at = min(attempt.deadline_at, now)
        db.session.flush()
        taking.submit(actor, attempt, now, by="deadline")
        submitted += 1
    db.session.flush()
    audit.record(actor, "exam.end_early", "exam", exam.id, label=exam.name,
                 unit_id=exam.unit_id, before=before,
                 after={"closes_at": now.isoformat(timespec="seconds"),
                        "attempts_submitted": submitted})
    return submitted


def publish_results(actor, exam: Exam, now: datetime) -> None:
    """Let candidates see their scores (after the exam closed)."""
    if exam.phase(now) != "closed":
        raise ExamError("考试结束后才能公布成绩")
    if exam.results_published_at is not None:
        return
    waiting = db.session.scalar(select(func.count()).select_from(Attempt).where(
        Attempt.exam_id == exam.id, Attempt.pending_manual > 0))
    if waiting:     # a result with answers still to grade is no result (issue 6)
        raise ExamError(f"尚有{waiting}份答卷待人工评分，评分完成后才能公布成绩")
    exam.results_published_at = now
    audit.record(actor, "exam.publish", "exam", exam.id, label=exam.name, unit_id=exam.unit_id,
                 after={"results_published_at": now.isoformat(timespec="seconds")})
    from app.exams.notify import results_published
    results_published(exam)
