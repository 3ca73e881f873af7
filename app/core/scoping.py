"""The one place where an actor's unit scope becomes a query filter.

Every list and every detail lookup of scoped data goes through `scoped()` or
`get_scoped()`; a model opts in by declaring which column holds its unit and,
where officers may see their own rows, which column holds the officer.
"""
from dataclasses import dataclass

from flask import abort
from sqlalchemy import ColumnElement, Select, false, select, true

from app.extensions import db
from app.org.models import Unit


@dataclass(frozen=True)
class Scope:
    """What an actor may see: everything, a unit subtree, or one officer's own rows."""

    everything: bool = False
    unit_path: str | None = None
    officer_id: int | None = None

    @classmethod
    def of(cls, actor) -> "Scope":
        if actor is None or not getattr(actor, "is_authenticated", False):
            return cls()
        if actor.role == "admin" or getattr(actor, "is_system", False):
            return cls(everything=True)
        if actor.role == "officer":
            return cls(officer_id=actor.officer_id)
        return cls(unit_path=actor.unit.path)

    def covers_unit(self, unit: Unit) -> bool:
        if self.everything:
            return True
        return bool(self.unit_path) and unit.path.startswith(self.unit_path)


def subtree_ids(path: str) -> Select:
    """Ids of the unit at `path` and every unit below it."""
    return select(Unit.id).where(Unit.path.like(f"{path}%"))


def clause(model, scope: Scope) -> ColumnElement[bool]:
    """The filter that keeps the rows of `model` that `scope` may see."""
    if scope.everything:
        return true()
    if scope.officer_id is not None:
        column = getattr(model, "__scope_officer__", None)
        return getattr(model, column) == scope.officer_id if column else false()
    if scope.unit_path:
        return getattr(model, model.__scope_unit__).in_(subtree_ids(scope.unit_path))
    return false()


def scoped(model, scope: Scope, stmt: Select | None = None) -> Select:
    """`stmt` (by default `select(model)`) narrowed to what `scope` may see."""
    if not hasattr(model, "__scope_unit__"):
        raise TypeError(f"{model.__name__} declares no __scope_unit__")
    stmt = select(model) if stmt is None else stmt
    return stmt.where(clause(model, scope))


def get_scoped(model, ident: int, scope: Scope):
    """The row with `ident` if `scope` may see it, else 404 (never 403: no existence leak)."""
    row = db.session.scalar(scoped(model, scope).where(model.id == ident))
    if row is None:
        abort(404)
    return row
