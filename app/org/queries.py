"""Named reads of the organisation tree."""
from sqlalchemy import func, select

from app.core.scoping import Scope, scoped
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer


def units_in_scope(scope: Scope) -> list[Unit]:
    return list(db.session.scalars(scoped(Unit, scope).order_by(Unit.path)))


def ordered_tree(scope: Scope) -> list[Unit]:
    """Units in depth-first order (parents before children, siblings by code)."""
    units = units_in_scope(scope)
    children: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for unit in units:
        key = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(key, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent_id: int | None) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: u.code):
            ordered.append(unit)
            walk(unit.id)

    walk(None)
    return ordered


def officer_counts(scope: Scope) -> dict[int, int]:
    stmt = scoped(Officer, scope, select(Officer.unit_id, func.count()).group_by(Officer.unit_id))
    return dict(db.session.execute(stmt).all())


def unit_choices(scope: Scope) -> list[tuple[int, str]]:
    """(id, indented label) for a select box; path order keeps each subtree together."""
    stmt = scoped(Unit, scope, select(Unit.id, Unit.name, Unit.code, Unit.path)).order_by(Unit.path)
    rows = db.session.execute(stmt).all()
    top = min((path.count("/") for *_, path in rows), default=0)
    return [(uid, f"{'　' * (path.count('/') - top)}{name} ({code})")
            for uid, name, code, path in rows]
