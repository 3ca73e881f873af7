"""Changes to the specialty list."""
from app.core import audit
from app.extensions import db
from app.specialties.models import Specialty, find


class SpecialtyError(ValueError):
    """A change the list cannot take; the message is for the user."""


def save(actor, *, code: str, name: str, sort_order: int = 0, active: bool = True,
         specialty: Specialty | None = None) -> Specialty:
    clash = find(name)
    if clash is not None and clash is not specialty:
        raise SpecialtyError(f"专业类别名称“{name}”已存在")
    if specialty is None:
        if find(code):
            raise SpecialtyError(f"专业类别编码“{code}”已存在")
        specialty = Specialty(code=code)
        db.session.add(specialty)
    before = _snapshot(specialty) if specialty.id else None
    specialty.name, specialty.sort_order, specialty.active = name, sort_order, active
    db.session.flush()
    audit.record(actor, "specialty.save", "specialty", specialty.id, label=name,
                 before=before, after=_snapshot(specialty))
    return specialty


def _snapshot(s: Specialty) -> dict:
    return {"code": s.code, "name": s.name, "sort_order": s.sort_order, "active": s.active}
