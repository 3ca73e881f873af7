"""Pool membership: nominate, approve or reject, pause and resume. Every change audited."""
from datetime import date

from sqlalchemy import select

from app.core import audit
from app.core.models import utcnow
from app.extensions import db
from app.people.models import Officer
from app.specialties.models import Specialty
from app.talentpool.models import LEVELS, TalentMember


class PoolError(ValueError):
    """A membership change the rules refuse; the message is for the user."""


def membership(officer: Officer, specialty: Specialty) -> TalentMember | None:
    return db.session.scalar(select(TalentMember).where(
        TalentMember.officer_id == officer.id, TalentMember.specialty_id == specialty.id))


def nominate(actor, officer: Officer, specialty: Specialty, level: str = "backbone",
             note: str | None = None) -> TalentMember:
    """A unit puts an officer forward for a specialty; the legal section decides."""
    if level not in LEVELS:
        raise PoolError("等级应为骨干或专家")
    if not officer.enforcing:
        raise PoolError("只能推荐在执法岗位且在岗的人员")
    member = membership(officer, specialty)
    if member is not None and member.state != "rejected":
        raise PoolError(f"{officer.name}已在{specialty.name}人才库中（{member.state_label}）")
    before = member.snapshot() if member else None
    if member is None:
        member = TalentMember(officer=officer, specialty=specialty)
        db.session.add(member)
    member.level, member.note, member.state = level, note or None, "nominated"
    member.nominated_at, member.nominated_by_id = utcnow(), getattr(actor, "id", None)
    member.decided_at = member.decided_by_id = member.decision_note = None
    db.session.flush()
    _audit(actor, "talent.nominate", member, before)
    return member


def decide(actor, member: TalentMember, approve: bool, note: str | None = None) -> None:
    """The legal section approves or rejects a nomination."""
    if member.state != "nominated":
        raise PoolError(f"只能审核待审核的推荐（当前：{member.state_label}）")
    if not approve and not (note or "").strip():
        raise PoolError("不通过时请填写理由")
    before = member.snapshot()
    member.state = "approved" if approve else "rejected"
    member.decided_at, member.decided_by_id = utcnow(), getattr(actor, "id", None)
    member.decision_note = (note or "").strip() or None
    db.session.flush()
    _audit(actor, "talent.approve" if approve else "talent.reject", member, before)


def pause(actor, member: TalentMember, start: date, until: date | None, reason: str) -> None:
    """Keep a member out of draws from `start` to `until` (open-ended when None)."""
    if until is not None and until < start:
        raise PoolError("暂停结束日期不能早于开始日期")
    if not (reason or "").strip():
        raise PoolError("请填写暂停原因（如休假、借调）")
    before = member.snapshot()
    member.paused_from, member.paused_until = start, until
    member.pause_reason = reason.strip()[:100]
    db.session.flush()
    _audit(actor, "talent.pause", member, before)


def resume(actor, member: TalentMember) -> None:
    if member.paused_from is None:
        raise PoolError("该成员未处于暂停状态")
    before = member.snapshot()
    member.paused_from = member.paused_until = member.pause_reason = None
    db.session.flush()
    _audit(actor, "talent.resume", member, before)


def _audit(actor, action: str, member: TalentMember, before: dict | None) -> None:
    audit.record(actor, action, "talent_member", member.id,
                 label=f"{member.officer.name} · {member.specialty.name}",
                 unit_id=member.officer.unit_id, before=before, after=member.snapshot())
