"""Changes to the organisation tree."""
from sqlalchemy import select, update

from app.core import audit
from app.extensions import db
from app.org.models import Unit


class UnitError(ValueError):
    """A change the tree cannot take; the message is for the user."""


def unit_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def create_unit(actor, *, code: str, name: str, kind: str | None,
                parent: Unit | None) -> Unit:
    if unit_by_code(code):
        raise UnitError(f"单位编码 {code} 已存在")
    unit = Unit(code=code, name=name, kind=kind, parent=parent)
    db.session.add(unit)
    db.session.flush()
    unit.refresh_path()
    audit.record(actor, "unit.create", "unit", unit.id, label=name, unit_id=unit.id,
                 after=unit.snapshot())
    return unit


def update_unit(actor, unit: Unit, *, name: str, kind: str | None,
                parent: Unit | None, active: bool = True) -> Unit:
    before = unit.snapshot()
    if parent is not None and parent.is_within(unit):
        raise UnitError("上级单位不能是本单位或其下级单位")
    moved = parent is not unit.parent
    unit.name, unit.kind, unit.parent, unit.active = name, kind, parent, active
    if moved:
        move_subtree(unit)
    if unit.snapshot() != before:
        audit.record(actor, "unit.update", "unit", unit.id, label=name, unit_id=unit.id,
                     before=before, after=unit.snapshot())
    return unit


def move_subtree(unit: Unit) -> None:
    """Rewrite the paths of `unit` and everything below it after a change of parent."""
    old = unit.path
    db.session.flush()
    unit.refresh_path()
    new = unit.path
    if old and old != new:
        db.session.execute(
            update(Unit).where(Unit.path.like(f"{old}%"), Unit.id != unit.id)
            .values(path=db.func.replace(Unit.path, old, new))
            .execution_options(synchronize_session=False))
        db.session.expire_all()
