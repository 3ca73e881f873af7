"""Enforcement certificates: the certificate owns its lifecycle; every change is an event.

An officer may hold several kinds (行政执法证, 行政执法监督证, sector certificates), at most
one current certificate of each kind; 持证上岗 and the draws use the 行政执法证 only.

Statuses and the transitions between them live here, in one table, so that the
web, the import, the command line and the scheduled jobs all obey the same rules.
"""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, and_, or_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer

STATUSES = {
    "applied": "申领中",
    "rejected": "不予发证",
    "valid": "有效",
    "suspended": "暂扣",
    "revoked": "收回",
    "cancelled": "注销",
    "expired": "过期",
}
# The statuses an import file may carry (an issued certificate), by Chinese label.
IMPORT_STATUSES = {label: code for code, label in STATUSES.items()
                   if code in ("valid", "suspended", "revoked", "cancelled", "expired")}
# The kinds of certificate, by code; ENFORCEMENT is the one 持证上岗 and the draws ask for.
KINDS = {
    "enforcement": "行政执法证",
    "supervision": "行政执法监督证",
    "special_equipment": "特种设备安全行政执法证",
    "metrology": "计量行政执法证",
}
ENFORCEMENT = "enforcement"
KINDS_BY_LABEL = {label: code for code, label in KINDS.items()}
# At most one current certificate per officer and kind (an application counts: one at a time).
CURRENT = ("applied", "valid", "suspended")
# Live: issued and not yet ended.
LIVE = ("valid", "suspended")
# Issued and not yet 注销: only the judicial department's cancellation closes one, so the
# clearance lists all of these for a departed holder (收回 and 过期 included).
UNCANCELLED = ("valid", "suspended", "revoked", "expired")
FINAL = ("rejected", "cancelled")


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    needs_document: bool = False


TRANSITIONS = {t.action: t for t in (
    Transition("approve", "审核通过", ("applied",), "applied"),
    Transition("reject", "不予发证", ("applied",), "rejected"),
    Transition("issue", "发证", ("applied",), "valid"),
    Transition("suspend", "暂扣", ("valid",), "suspended", needs_document=True),
    Transition("restore", "恢复有效", ("suspended",), "valid", needs_document=True),
    Transition("revoke", "收回", ("valid", "suspended"), "revoked", needs_document=True),
    Transition("cancel", "注销", ("valid", "suspended", "revoked", "expired"), "cancelled",
               needs_document=True),
    Transition("expire", "过期", ("valid", "suspended"), "expired"),
)}
ACTION_LABELS = {"apply": "申领", "import": "导入", "reimport": "导入更新"} | {
    a: t.label for a, t in TRANSITIONS.items()}


class TransitionError(ValueError):
    """A change the lifecycle does not allow; the message is for the user."""


class Certificate(db.Model):
    __tablename__ = "certificates"
    # Scoped through the holder: queries.in_scope joins Officer (officers change units).
    __table_args__ = (
        CheckConstraint("status IN ('applied','rejected','valid','suspended','revoked',"
                        "'cancelled','expired')", name="status_known"),
        CheckConstraint("valid_until IS NULL OR issued_on IS NULL OR valid_until >= issued_on",
                        name="valid_after_issue"),
        CheckConstraint("status IN ('applied','rejected') OR number IS NOT NULL",
                        name="issued_has_number"),
        CheckConstraint("kind IN ('enforcement','supervision','special_equipment','metrology')",
                        name="kind_known"),
        Index("ix_certificates_one_current", "officer_id", "kind", unique=True,
              sqlite_where=text("status IN ('applied','valid','suspended')"),
              postgresql_where=text("status IN ('applied','valid','suspended')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=ENFORCEMENT,
                                      server_default=ENFORCEMENT)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)
    authority: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None]
    valid_until: Mapped[date | None] = mapped_column(index=True)
    categories: Mapped[str | None] = mapped_column(String(200))
    area: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    approved: Mapped[bool] = mapped_column(default=False, server_default="0")
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate_clearance_reports.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    officer: Mapped[Officer] = relationship()
    events: Mapped[list["CertificateEvent"]] = relationship(
        back_populates="certificate", order_by="CertificateEvent.id",
        cascade="all, delete-orphan")
    clearance_report: Mapped["ClearanceReport | None"] = relationship(
        back_populates="certificates")

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind or ENFORCEMENT, self.kind)

    def valid_on(self, day: date) -> bool:
        """有效 on `day`: the status and the dates both say so (the expiry job may lag)."""
        return (self.status == "valid" and (self.issued_on is None or self.issued_on <= day)
                and (self.valid_until is None or self.valid_until >= day))

    @classmethod
    def valid_on_clause(cls, day: date):
        """`valid_on` as SQL."""
        return and_(cls.status == "valid",
                    or_(cls.issued_on.is_(None), cls.issued_on <= day),
                    or_(cls.valid_until.is_(None), cls.valid_until >= day))

    @classmethod
    def covers_clause(cls, starts_on: date, ends_on: date):
        """SQL: a 行政执法证 有效 now whose dates cover every day from `starts_on` to `ends_on`.

        Fails closed: no issue date means it does not cover the window. (A missing valid-until
        date is a certificate without a term, as the import allows.) Withholdings inside the
        window are the event history's: see `withheld_between_clause`.
        """
        return and_(cls.kind == ENFORCEMENT, cls.status == "valid",
                    cls.issued_on.is_not(None), cls.issued_on <= starts_on,
                    or_(cls.valid_until.is_(None), cls.valid_until >= ends_on))

    def allowed_actions(self, day: date) -> list[str]:
        return [a for a in TRANSITIONS if self.refusal(a, day) is None]

    def refusal(self, action: str, day: date) -> str | None:
        """Why `action` cannot happen now, or None when it can."""
        rule = TRANSITIONS.get(action)
        if rule is None:
            return f"未知的操作“{action}”"
        if self.status not in rule.sources:
            return (f"执法证状态为“{self.status_label}”，不能{rule.label}"
                    + ("（注销为最终状态）" if self.status == "cancelled" else ""))
        return self._date_refusal(action, day)

    def _date_refusal(self, action: str, day: date) -> str | None:
        past = self.valid_until is not None and self.valid_until < day
        if action == "approve" and self.approved:
            return "申请已审核通过"
        if action == "issue" and not self.approved:
            return "申请尚未经法规科审核通过，不能发证"
        if action == "restore" and past:
            return "执法证已超过有效期，不能恢复有效"
        if action == "expire" and not past:
            return "执法证尚未超过有效期，不能设为过期"
        return None

    def move(self, action: str, day: date) -> Transition:
        """Apply `action` to the status, or raise TransitionError; the service records the event."""
        reason = self.refusal(action, day)
        if reason:
            raise TransitionError(reason)
        rule = TRANSITIONS[action]
        self.status = rule.target
        if action == "approve":
            self.approved = True
        return rule

    def snapshot(self) -> dict:
        return {"kind": self.kind, "number": self.number, "authority": self.authority,
                "issued_on": _iso(self.issued_on), "valid_until": _iso(self.valid_until),
                "categories": self.categories, "area": self.area, "status": self.status,
                "approved": self.approved}


class CertificateEvent(db.Model):
    """One change of a certificate: what, from which status to which, why, on what document, by whom."""

    __tablename__ = "certificate_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    document_ref: Mapped[str | None] = mapped_column(String(100))
    effective_on: Mapped[date]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship(back_populates="events")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def from_label(self) -> str:
        return STATUSES.get(self.from_status or "", "—")

    @property
    def to_label(self) -> str:
        return STATUSES[self.to_status]


class ClearanceReport(db.Model):
    """A cancellation report (注销报告) to the judicial administration department: made, sent, done."""

    __tablename__ = "certificate_clearance_reports"
    __scope_unit__ = "unit_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(100))
    created_on: Mapped[date]
    created_by: Mapped[str] = mapped_column(String(50))
    sent_on: Mapped[date | None]
    sent_ref: Mapped[str | None] = mapped_column(String(100))
    completed_on: Mapped[date | None]
    completed_ref: Mapped[str | None] = mapped_column(String(100))

    unit: Mapped[Unit] = relationship()
    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="clearance_report", order_by="Certificate.id")

    @property
    def stage(self) -> str:
        if self.completed_on:
            return "已注销"
        return "已报送，待注销" if self.sent_on else "已生成，待报送"

    def snapshot(self) -> dict:
        return {"recipient": self.recipient, "sent_on": _iso(self.sent_on),
                "sent_ref": self.sent_ref, "completed_on": _iso(self.completed_on),
                "completed_ref": self.completed_ref,
                "certificates": [c.number for c in self.certificates]}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
