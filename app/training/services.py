"""Changes to training data: sessions, attendance, evidence, submissions, floors, the plan.

Each takes an explicit actor, adds and flushes, audits, and never commits.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from app.core import audit, clock
from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.training import evidence as files
from app.training.models import (
    CATEGORIES,
    DEFAULT_FLOORS,
    Attendance,
    Evidence,
    ExternalTraining,
    PlanItem,
    TrainingPolicy,
    TrainingSession,
)
from app.training.notify import submission_decided


class TrainingError(ValueError):
    """Bad input: `errors` maps a field to its message (Chinese), for display next to it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def hours_problem(hours: Decimal | None, start: date | None, end: date | None) -> str | None:
    """Why these hours cannot be recorded for a course from `start` to `end`, or None."""
    if hours is None or hours <= 0 or (Decimal(hours) * 2) % 1 != 0:
        return "学时应为0.5的正整数倍"
    if start and end and end >= start and hours > 24 * ((end - start).days + 1):
        return f"学时不能超过每天24学时（共{(end - start).days + 1}天）"
    return None


@dataclass
class SessionData:
    title: str
    category: str
    unit: Unit | None
    start_date: date
    end_date: date
    hours: Decimal
    mode: str = "offline"
    study_format: str = "专题培训"
    content: str = ""
    plan_item: PlanItem | None = None

    def problems(self) -> dict[str, str]:
        errors = {}
        if not self.title.strip():
            errors["title"] = "培训名称不能为空"
        if self.category not in CATEGORIES:
            errors["category"] = "培训类别无效"
        if self.end_date < self.start_date:
            errors["end_date"] = "结束日期不能早于开始日期"
        problem = hours_problem(self.hours, self.start_date, self.end_date)
        if problem:
            errors["hours"] = problem
        return errors


def _session_key_taken(data: SessionData, session: TrainingSession | None) -> bool:
    stmt = select(TrainingSession.id).where(
        TrainingSession.title == data.title.strip(), TrainingSession.start_date == data.start_date,
        TrainingSession.unit_id == (data.unit.id if data.unit else None))
    found = db.session.scalar(stmt)
    return found is not None and (session is None or found != session.id)


def _apply(session: TrainingSession, data: SessionData) -> None:
    session.title = data.title.strip()
    session.category, session.unit = data.category, data.unit
    session.start_date, session.end_date = data.start_date, data.end_date
    session.year = data.end_date.year
    session.hours, session.mode = data.hours, data.mode
    session.study_format, session.content = data.study_format, data.content
    session.plan_item = data.plan_item


def _validate(data: SessionData, session: TrainingSession | None = None) -> None:
    errors = data.problems()
    if not errors and _session_key_taken(data, session):
        errors["title"] = "同一主办单位在同一开始日期已有同名培训"
    if errors:
        raise TrainingError(errors)


def create_session(actor, data: SessionData) -> TrainingSession:
    _validate(data)
    session = TrainingSession()
    _apply(session, data)
    db.session.add(session)
    db.session.flush()
    audit.record(actor, "training.session.create", "training_session", session.id,
                 label=session.title, unit_id=session.unit_id, after=session.snapshot())
    return session


def update_session(actor, session: TrainingSession, data: SessionData) -> None:
    """Change a session; its attendance follows its category and year."""
    _validate(data, session)
    if data.hours < max((a.hours for a in session.attendances), default=Decimal(0)):
        raise TrainingError({"hours": "培训学时不能少于已登记的个人学时"})
    before = session.snapshot()
    _apply(session, data)
    for attendance in session.attendances:
        attendance.year, attendance.category = session.year, session.category
    db.session.flush()
    audit.record(actor, "training.session.update", "training_session", session.id,
                 label=session.title, unit_id=session.unit_id, before=before,
                 after=session.snapshot())


def add_attendance(actor, session: TrainingSession, officer: Officer,
                   hours: Decimal | None = None) -> Attendance:
    """Record that `officer` attended, with the session's hours unless fewer are given."""
    if session.is_platform_course:
        raise TrainingError({"officer": "网络学习平台课程只记录完成者本人，请通过“导入网络学习学时”添加"})
    hours = session.hours if hours is None else Decimal(hours)
    problem = hours_problem(hours, session.start_date, session.end_date)
    if problem is None and hours > session.hours:
        problem = f"个人学时不能超过培训学时（{session.hours}）"
    if problem:
        raise TrainingError({"hours": problem})
    if db.session.scalar(select(Attendance.id).where(Attendance.session_id == session.id,
                                                      Attendance.officer_id == officer.id)):
        raise TrainingError({"officer": f"{officer.name} 已在本次培训的参训名单中"})
    attendance = Attendance(session=session, officer=officer, hours=hours, year=session.year,
                            category=session.category)
    db.session.add(attendance)
    db.session.flush()
    audit.record(actor, "training.attendance.add", "training_attendance", attendance.id,
                 label=f"{session.title} · {officer.name}", unit_id=officer.unit_id,
                 after={"session_id": session.id, "officer": officer.id_number_masked,
                        "hours": float(hours)})
    return attendance


def add_attendances(actor, session: TrainingSession, officers: list[Officer],
                    hours: Decimal | None = None) -> tuple[list[Officer], list[Officer]]:
    """Record several attendees at once (picked by name or by unit): (added, already listed).
    Hours wrong for the session refuse them all."""
    attending = set(db.session.scalars(select(Attendance.officer_id).where(
        Attendance.session_id == session.id)))
    added, already = [], []
    for officer in officers:
        if officer.id in attending:
            already.append(officer)
            continue
        add_attendance(actor, session, officer, hours)
        added.append(officer)
    return added, already


def remove_attendance(actor, attendance: Attendance) -> None:
    audit.record(actor, "training.attendance.remove", "training_attendance", attendance.id,
                 label=f"{attendance.session.title} · {attendance.officer.name}",
                 unit_id=attendance.officer.unit_id,
                 before={"session_id": attendance.session_id,
                         "officer": attendance.officer.id_number_masked,
                         "hours": float(attendance.hours)})
    db.session.delete(attendance)
    db.session.flush()


def attach_evidence(actor, upload, name: str, folder: Path, max_bytes: int, *,
                    session: TrainingSession | None = None,
                    submission: ExternalTraining | None = None) -> Evidence:
    """Check and store one file for a session or a submission (EvidenceError if refused)."""
    stored = files.save(upload, name, folder, max_bytes)
    item = Evidence(session=session, submission=submission, original_name=stored.original_name,
                    stored_name=stored.stored_name, file_type=stored.file_type, size=stored.size,
                    uploaded_by=getattr(actor, "id", None))
    db.session.add(item)
    db.session.flush()
    owner = session or submission
    audit.record(actor, "training.evidence.add", "training_evidence", item.id,
                 label=stored.original_name, unit_id=owner.unit_id,
                 after={"file": stored.original_name, "size": stored.size,
                        "session_id": getattr(session, "id", None),
                        "submission_id": getattr(submission, "id", None)})
    return item


@dataclass
class ExternalData:
    title: str
    organiser: str
    category: str
    start_date: date
    end_date: date
    hours: Decimal
    content: str = ""


def submit_external(actor, officer: Officer, data: ExternalData) -> ExternalTraining:
    """An officer's own training elsewhere, waiting for HR."""
    errors = SessionData(data.title, data.category, None, data.start_date, data.end_date,
                         data.hours).problems()
    if errors:
        raise TrainingError(errors)
    item = ExternalTraining(officer=officer, unit_id=officer.unit_id, title=data.title.strip(),
                            organiser=data.organiser.strip(), category=data.category,
                            start_date=data.start_date, end_date=data.end_date,
                            hours=data.hours, content=data.content)
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "training.submission.create", "training_submission", item.id,
                 label=item.title, unit_id=item.unit_id,
                 after={"title": item.title, "hours": float(item.hours), "officer": officer.name})
    return item


def _pending(item: ExternalTraining) -> None:
    if item.state != "pending":
        raise TrainingError({"state": "该申报已处理"})


def approve(actor, item: ExternalTraining) -> TrainingSession:
    """Approve: the training becomes a session of the officer's unit with them attending."""
    _pending(item)
    title = f"{item.title}（外部培训·{item.officer.name}）"[:200]
    session = create_session(actor, SessionData(
        title, item.category, item.officer.unit, item.start_date, item.end_date, item.hours,
        study_format="外部培训", content=f"{item.organiser} {item.content}".strip()))
    add_attendance(actor, session, item.officer, item.hours)
    for file in item.evidence:
        file.session, file.submission = session, None
    _decide(actor, item, "approved", "")
    item.session_id = session.id
    return session


def reject(actor, item: ExternalTraining, reason: str) -> None:
    _pending(item)
    if not reason.strip():
        raise TrainingError({"reason": "退回时须填写理由"})
    _decide(actor, item, "rejected", reason.strip()[:500])


def _decide(actor, item: ExternalTraining, state: str, reason: str) -> None:
    item.state, item.reason = state, reason
    item.decided_at, item.decided_by = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, f"training.submission.{state}", "training_submission", item.id,
                 label=item.title, unit_id=item.unit_id,
                 before={"state": "pending"}, after={"state": state, "reason": reason})
    submission_decided(item)


def set_policy(actor, year: int, public_law: Decimal, business: Decimal,
               total: Decimal) -> TrainingPolicy:
    """The floors of `year` (this year or later: past reports stay as they were)."""
    errors = {}
    if year < clock.today().year:
        errors["year"] = "只能设置本年度及以后年度的标准"
    for field, value in (("public_law_hours", public_law), ("business_hours", business),
                         ("total_hours", total)):
        if value is None or value < 0 or (value * 2) % 1 != 0:
            errors[field] = "应为0.5的非负整数倍"
    if not errors and total < public_law + business:
        errors["total_hours"] = "总学时不能少于两类学时之和"
    if errors:
        raise TrainingError(errors)
    policy = db.session.scalar(select(TrainingPolicy).where(TrainingPolicy.year == year))
    before = policy.snapshot() if policy else None
    if policy is None:
        policy = TrainingPolicy(year=year)
        db.session.add(policy)
    policy.public_law_hours, policy.business_hours, policy.total_hours = public_law, business, total
    db.session.flush()
    audit.record(actor, "training.policy.set", "training_policy", policy.id, label=str(year),
                 before=before, after=policy.snapshot())
    return policy


def set_political_floor(actor, year: int, hours: Decimal) -> TrainingPolicy:
    """The political-theory floor of `year` (0: not required), kept beside the 30 + 30 of
    that year's row (a year without a row gets the default floors with it)."""
    errors = {}
    if year < clock.today().year:
        errors["year"] = "只能设置本年度及以后年度的标准"
    if hours is None or hours < 0 or (hours * 2) % 1 != 0:
        errors["political_hours"] = "应为0.5的非负整数倍"
    if errors:
        raise TrainingError(errors)
    policy = db.session.scalar(select(TrainingPolicy).where(TrainingPolicy.year == year))
    before = policy.snapshot() if policy else None
    if policy is None:
        public_law, business, total = DEFAULT_FLOORS
        policy = TrainingPolicy(year=year, public_law_hours=public_law, business_hours=business,
                                total_hours=total)
        db.session.add(policy)
    policy.political_hours = hours
    db.session.flush()
    audit.record(actor, "training.policy.political", "training_policy", policy.id,
                 label=str(year), before=before, after=policy.snapshot())
    return policy


@dataclass
class PlanData:
    unit: Unit
    year: int
    title: str
    category: str
    planned_hours: Decimal
    month: int
    audience: str = ""


def add_plan_item(actor, data: PlanData) -> PlanItem:
    errors = {}
    if not data.title.strip():
        errors["title"] = "课程名称不能为空"
    if data.category not in CATEGORIES:
        errors["category"] = "培训类别无效"
    if not 1 <= data.month <= 12:
        errors["month"] = "月份应为1至12"
    if data.planned_hours is None or hours_problem(data.planned_hours, None, None):
        errors["planned_hours"] = "学时应为0.5的正整数倍"
    if errors:
        raise TrainingError(errors)
    item = PlanItem(unit=data.unit, year=data.year, title=data.title.strip(),
                    category=data.category, planned_hours=data.planned_hours,
                    audience=data.audience.strip(), month=data.month)
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "training.plan.add", "training_plan_item", item.id, label=item.title,
                 unit_id=item.unit_id, after=item.snapshot())
    return item


def remove_plan_item(actor, item: PlanItem) -> None:
    audit.record(actor, "training.plan.remove", "training_plan_item", item.id, label=item.title,
                 unit_id=item.unit_id, before=item.snapshot())
    for session in item.sessions:
        session.plan_item = None
    db.session.delete(item)
    db.session.flush()
