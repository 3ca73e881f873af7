"""The audit log: who changed what, when, with the values before and after."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import utcnow
from app.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __scope_unit__ = "unit_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(50), index=True)
    entity_type: Mapped[str] = mapped_column(String(30), index=True)
    entity_id: Mapped[int | None] = mapped_column(index=True)
    entity_label: Mapped[str] = mapped_column(String(100), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    @property
    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def entry(actor, action: str, entity_type: str, entity_id: int | None, *,
          label: str = "", unit_id: int | None = None,
          before: dict | None = None, after: dict | None = None) -> dict:
    """One audit row as a dict, for bulk inserts."""
    return {
        "at": utcnow(), "actor_id": getattr(actor, "id", None),
        "actor_name": getattr(actor, "username", "system"), "action": action,
        "entity_type": entity_type, "entity_id": entity_id, "entity_label": label[:100],
        "unit_id": unit_id, "before": before, "after": after,
    }


def record(actor, action: str, entity_type: str, entity_id: int | None, **kwargs) -> None:
    """Add one audit row to the current transaction."""
    db.session.add(AuditEntry(**entry(actor, action, entity_type, entity_id, **kwargs)))


def record_many(rows: list[dict]) -> None:
    """Insert many audit rows at once (imports)."""
    if rows:
        db.session.execute(db.insert(AuditEntry), rows)
