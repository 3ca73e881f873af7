"""Changes to certificates: apply, review, issue, withhold, restore, take back, cancel, expire.

Every change goes through `Certificate.move` (the lifecycle), writes one
CertificateEvent and one audit row. Services take an explicit actor, add and
flush, and never commit.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.certificates.models import (
    CURRENT,
    ENFORCEMENT,
    KINDS,
    TRANSITIONS,
    Certificate,
    CertificateEvent,
    TransitionError,
)
from app.core import audit, clock
from app.extensions import db
from app.people.models import Officer

# What a person may do from the certificate page; `expire` belongs to the daily job.
MANUAL_ACTIONS = ("approve", "reject", "suspend", "restore", "revoke", "cancel")


class CertificateError(ValueError):
    """Refused input, by form field; every problem found is reported at once."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass
class Issue:
    """What the issue of a certificate records."""

    number: str
    authority: str
    issued_on: date
    valid_until: date | None
    document_ref: str | None = None


def current_of(officer_id: int, kind: str = ENFORCEMENT, *,
               besides: int | None = None) -> Certificate | None:
    stmt = select(Certificate).where(Certificate.officer_id == officer_id,
                                     Certificate.kind == kind, Certificate.status.in_(CURRENT))
    if besides is not None:
        stmt = stmt.where(Certificate.id != besides)
    return db.session.scalar(stmt)


def number_taken(number: str, *, besides: int | None = None) -> bool:
    stmt = select(Certificate.id).where(Certificate.number == number)
    if besides is not None:
        stmt = stmt.where(Certificate.id != besides)
    return db.session.scalar(stmt) is not None


def apply(actor, officer: Officer, *, categories: str | None = None, area: str | None = None,
          reason: str = "", kind: str = ENFORCEMENT) -> Certificate:
    """HR applies for a certificate of `kind` for an officer on an enforcement post."""
    if kind not in KINDS:
        raise CertificateError({"kind": "未知的证件种类"})
    if not officer.enforcing:
        raise CertificateError({"officer": "该人员不在执法岗位，不能申领执法证"})
    existing = current_of(officer.id, kind)
    if existing is not None:
        raise CertificateError({"officer": _already_has(existing)})
    certificate = Certificate(officer=officer, kind=kind, status="applied",
                              categories=categories or None, area=area or None)
    db.session.add(certificate)
    db.session.flush()
    _event(actor, certificate, "apply", None, reason or f"申领{KINDS[kind]}", None)
    _audit(actor, certificate, "certificate.apply", None)
    return certificate


def _already_has(existing: Certificate) -> str:
    number = f"（编号 {existing.number}）" if existing.number else ""
    kind = existing.kind_label
    return f"该人员已有一张{existing.status_label}的{kind}{number}，一人只能有一张在用或申领中的{kind}"


def issue(actor, certificate: Certificate, data: Issue) -> Certificate:
    """Record the issue of a reviewed application: number, authority, dates."""
    errors = issue_problems(certificate, data)
    if errors:
        raise CertificateError(errors)
    before = certificate.snapshot()
    certificate.number, certificate.authority = data.number, data.authority
    certificate.issued_on, certificate.valid_until = data.issued_on, data.valid_until
    _move(actor, certificate, "issue", "发证", data.document_ref, before)
    return certificate


def issue_problems(certificate: Certificate, data: Issue) -> dict[str, str]:
    errors = {}
    refusal = certificate.refusal("issue", clock.today())
    if refusal:
        errors["action"] = refusal
    if number_taken(data.number, besides=certificate.id):
        errors["number"] = f"证件编号 {data.number} 已存在"
    if data.valid_until is not None and data.valid_until < data.issued_on:
        errors["valid_until"] = "有效期至不能早于发证日期"
    return errors


def act(actor, certificate: Certificate, action: str, *, reason: str,
        document_ref: str | None = None) -> Certificate:
    """A person's status change: review, withhold, restore, take back or cancel, with a reason."""
    errors = {}
    if action not in MANUAL_ACTIONS:
        errors["action"] = "此操作只能由系统按日期自动执行" if action == "expire" else "不允许的操作"
    if not (reason or "").strip():
        errors["reason"] = "请填写原因"
    rule = TRANSITIONS.get(action)
    if rule is not None and rule.needs_document and not (document_ref or "").strip():
        errors["document_ref"] = "请填写依据文件（文号）"
    if errors:
        raise CertificateError(errors)
    _move(actor, certificate, action, reason.strip(), (document_ref or "").strip() or None,
          certificate.snapshot())
    return certificate


def expire_due(actor, on: date | None = None) -> int:
    """Every 有效/暂扣 certificate past its valid-until date becomes 过期. Idempotent."""
    day = on or clock.today()
    due = db.session.scalars(select(Certificate).where(
        Certificate.status.in_(TRANSITIONS["expire"].sources),
        Certificate.valid_until < day).order_by(Certificate.id))
    count = 0
    for certificate in due:
        _move(actor, certificate, "expire", f"有效期至 {certificate.valid_until} 已届满", None,
              certificate.snapshot(), day)
        count += 1
    return count


def _move(actor, certificate: Certificate, action: str, reason: str,
          document_ref: str | None, before: dict, day: date | None = None) -> None:
    day = day or clock.today()
    old = certificate.status
    try:
        certificate.move(action, day)
    except TransitionError as exc:
        raise CertificateError({"action": str(exc)}) from exc
    _event(actor, certificate, action, old, reason, document_ref, day)
    _audit(actor, certificate, f"certificate.{action}", before)
    db.session.flush()


def _event(actor, certificate: Certificate, action: str, old: str | None, reason: str,
           document_ref: str | None, day: date | None = None) -> CertificateEvent:
    event = CertificateEvent(
        action=action, from_status=old, to_status=certificate.status, reason=reason[:500],
        document_ref=document_ref, effective_on=day or clock.today(),
        actor_id=getattr(actor, "id", None), actor_name=getattr(actor, "username", "system"))
    certificate.events.append(event)
    return event


def _audit(actor, certificate: Certificate, action: str, before: dict | None) -> None:
    officer = certificate.officer
    audit.record(actor, action, "certificate", certificate.id,
                 label=f"{officer.name} {certificate.number or ''}".strip(),
                 unit_id=officer.unit_id, before=before, after=certificate.snapshot())
