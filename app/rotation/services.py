"""Changes to rotation programmes. Each takes an explicit actor, adds and flushes, audits,
and never commits."""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import or_, select

from app.core import audit
from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.rotation.models import (
    METHODS,
    Juror,
    Participant,
    Programme,
    ProgrammeSession,
    ProgrammeUnit,
    Score,
)
from app.training.models import TrainingSession


class RotationError(ValueError):
    """Bad input: `errors` maps a field to its message (Chinese)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass
class ProgrammeData:
    name: str
    year: int
    unit: Unit
    units: list[Unit] = field(default_factory=list)
    method: str = "interview"
    exam: object = None
    required_hours: Decimal | None = None
    pass_mark: Decimal = Decimal(60)
    max_score: Decimal = Decimal(100)

    def problems(self) -> dict[str, str]:
        errors = {}
        if not self.name.strip():
            errors["name"] = "请填写轮训名称"
        if self.method not in METHODS:
            errors["method"] = "检验方式不正确"
        if not self.units:
            errors["units"] = "请至少选择一个参训单位"
        elif any(not within(u, self.unit) for u in self.units):
            errors["units"] = "参训单位须为主办单位或其下级单位"
        if self.method == "written" and self.exam is None:
            errors["exam_id"] = "笔试须关联一场本系统的考试"
        if self.max_score <= 0 or not 0 <= self.pass_mark <= self.max_score:
            errors["pass_mark"] = "合格分须在0与满分之间"
        if self.required_hours is not None and self.required_hours <= 0:
            errors["required_hours"] = "应修学时须大于0"
        return errors


def within(unit: Unit, top: Unit) -> bool:
    return unit.path.startswith(top.path)


def save_programme(actor, data: ProgrammeData, programme: Programme | None = None) -> Programme:
    errors = data.problems()
    if errors:
        raise RotationError(errors)
    before = programme.snapshot() if programme else None
    if programme is None:
        programme = Programme(created_by_id=getattr(actor, "id", None))
        db.session.add(programme)
    programme.name, programme.year, programme.unit = data.name.strip(), data.year, data.unit
    programme.method, programme.required_hours = data.method, data.required_hours
    programme.exam = data.exam if data.method == "written" else None
    programme.pass_mark, programme.max_score = data.pass_mark, data.max_score
    _set_units(programme, data.units)
    db.session.flush()
    audit.record(actor, "rotation.update" if before else "rotation.create", "rotation_programme",
                 programme.id, label=programme.name, unit_id=programme.unit_id,
                 before=before, after=programme.snapshot())
    return programme


def _set_units(programme: Programme, units: list[Unit]) -> None:
    wanted = {u.id: u for u in units}
    programme.units = [pu for pu in programme.units if pu.unit_id in wanted]
    have = {pu.unit_id for pu in programme.units}
    programme.units += [ProgrammeUnit(unit=u) for uid, u in wanted.items() if uid not in have]


def enrol(actor, programme: Programme) -> int:
    """Enrol every enforcement officer (on a post, at work) of the programme's units and the
    units below them who is not enrolled yet; those enrolled stay. Returns how many came."""
    have = {p.officer_id for p in programme.participants}
    paths = [pu.unit.path for pu in programme.units]
    if not paths:
        return 0
    found = db.session.scalars(
        select(Officer).join(Unit, Officer.unit_id == Unit.id)
        .where(Officer.on_post.is_(True), Officer.status == "active",
               or_(*[Unit.path.like(f"{p}%") for p in paths]))
        .order_by(Officer.id)).all()
    new = [o for o in found if o.id not in have]
    for officer in new:
        programme.participants.append(Participant(officer=officer, unit_id=officer.unit_id))
    db.session.flush()
    if new:
        audit.record(actor, "rotation.enrol", "rotation_programme", programme.id,
                     label=programme.name, unit_id=programme.unit_id,
                     after={"added": len(new)})
    return len(new)


def remove_participant(actor, participant: Participant) -> None:
    programme = participant.programme
    audit.record(actor, "rotation.withdraw", "rotation_programme", programme.id,
                 label=programme.name, unit_id=programme.unit_id,
                 before={"officer": participant.officer.name})
    db.session.delete(participant)
    db.session.flush()


def link_session(actor, programme: Programme, session: TrainingSession, required: bool) -> None:
    if session.unit is None or not within(session.unit, programme.unit):
        raise RotationError({"session_id": "只能关联主办单位或其下级单位举办的培训"})
    if any(s.session_id == session.id for s in programme.sessions):
        raise RotationError({"session_id": "该培训已在本轮训中"})
    programme.sessions.append(ProgrammeSession(session=session, required=required))
    db.session.flush()
    audit.record(actor, "rotation.session.add", "rotation_programme", programme.id,
                 label=programme.name, unit_id=programme.unit_id,
                 after={"title": session.title, "required": required})


def unlink_session(actor, programme: Programme, link_id: int) -> None:
    link = next((s for s in programme.sessions if s.id == link_id), None)
    if link is None:
        raise RotationError({"session_id": "该培训不在本轮训中"})
    programme.sessions.remove(link)
    db.session.flush()
    audit.record(actor, "rotation.session.remove", "rotation_programme", programme.id,
                 label=programme.name, unit_id=programme.unit_id,
                 before={"title": link.session.title})


def add_juror(actor, programme: Programme, name: str, user=None) -> Juror:
    name = name.strip() or (user.display_name if user else "")
    if not name:
        raise RotationError({"name": "请填写评委姓名"})
    if user is not None and (user.role in ("officer", "admin") or user.unit is None
                             or not within(user.unit, programme.unit)):
        raise RotationError({"user_id": "评委账号须为主办单位或其下级单位的工作人员"})
    if any(j.name == name for j in programme.jurors):
        raise RotationError({"name": "评委姓名重复"})
    juror = Juror(name=name, user=user)
    programme.jurors.append(juror)
    db.session.flush()
    audit.record(actor, "rotation.juror.add", "rotation_programme", programme.id,
                 label=programme.name, unit_id=programme.unit_id, after={"name": name})
    return juror


def remove_juror(actor, programme: Programme, juror_id: int) -> None:
    juror = next((j for j in programme.jurors if j.id == juror_id), None)
    if juror is None:
        raise RotationError({"juror_id": "评委不存在"})
    programme.jurors.remove(juror)
    db.session.flush()
    audit.record(actor, "rotation.juror.remove", "rotation_programme", programme.id,
                 label=programme.name, unit_id=programme.unit_id, before={"name": juror.name})


def record_scores(actor, programme: Programme, juror: Juror,
                  scores: dict[int, Decimal | None]) -> int:
    """One juror's scores, participant id -> score (None clears it). All or nothing."""
    if not programme.by_panel:
        raise RotationError({"score": "笔试的成绩来自考试，不在此评分"})
    allowed = {p.id for p in programme.participants}
    errors = {f"score-{pid}": f"分数须在0至{programme.max_score:g}之间"
              for pid, s in scores.items()
              if s is not None and not 0 <= s <= programme.max_score}
    errors.update({f"score-{pid}": "该人员不在本轮训中" for pid in scores if pid not in allowed})
    if errors:
        raise RotationError(errors)
    stored = {s.participant_id: s for s in juror.scores}
    changed = {}
    for pid, value in scores.items():
        changed.update(_score_one(juror, stored.get(pid), pid, value, actor))
    db.session.flush()
    if changed:
        audit.record(actor, "rotation.score", "rotation_programme", programme.id,
                     label=programme.name, unit_id=programme.unit_id,
                     after={"juror": juror.name, "count": len(changed)})
    return len(changed)


def _score_one(juror: Juror, row: Score | None, pid: int, value, actor) -> dict:
    if row is None and value is None:
        return {}
    if row is None:
        juror.scores.append(Score(participant_id=pid, score=value,
                                  entered_by_id=getattr(actor, "id", None)))
        return {pid: value}
    if value is None:
        juror.scores.remove(row)
        db.session.delete(row)
        return {pid: None}
    if row.score == value:
        return {}
    row.score, row.entered_by_id = value, getattr(actor, "id", None)
    return {pid: value}


def publish(actor, programme: Programme) -> None:
    programme.published_at = utcnow()
    db.session.flush()
    audit.record(actor, "rotation.publish", "rotation_programme", programme.id,
                 label=programme.name, unit_id=programme.unit_id)
