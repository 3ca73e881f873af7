"""Named reads of the roster, always through the actor's scope."""
from dataclasses import dataclass

from sqlalchemy import Select, or_
from sqlalchemy.orm import joinedload

from app.core.scoping import Scope, scoped, subtree_ids
from app.extensions import db
from app.org.models import Unit
from app.people.models import PERSON_STATUSES, Officer

SORTS = {"name": Officer.name, "unit": Unit.code, "status": Officer.status,
         "post_since": Officer.post_since, "id": Officer.id}


@dataclass
class RosterFilter:
    q: str = ""
    unit_id: int | None = None
    status: str = ""
    on_post: str = ""  # "", "yes", "no"
    sort: str = "unit"
    desc: bool = False
    by_number: bool = False    # q may match a whole ID number (app/auth/id_access.py)

    @classmethod
    def from_args(cls, args, by_number: bool = False) -> "RosterFilter":
        """From a query string; unknown values fall back to no filter."""
        return cls(by_number=by_number,
            q=args.get("q", "").strip()[:50], unit_id=args.get("unit", type=int),
            status=args.get("status", "") if args.get("status") in PERSON_STATUSES else "",
            on_post=args.get("on_post", ""), sort=args.get("sort", "unit"),
            desc=args.get("dir") == "desc")


def roster(scope: Scope, f: RosterFilter) -> Select:
    stmt = scoped(Officer, scope).join(Officer.unit).options(joinedload(Officer.unit))
    stmt = _filtered(stmt, f)
    order = SORTS.get(f.sort, Unit.code)
    return stmt.order_by(order.desc() if f.desc else order, Officer.id)


def _number_match(f) -> list:
    return [Officer.id_number_matches(f.q)] if f.by_number else []


def _filtered(stmt: Select, f: RosterFilter) -> Select:
    if f.q:
        stmt = stmt.where(or_(Officer.name.contains(f.q), *_number_match(f)))
    if f.unit_id:
        unit = db.session.get(Unit, f.unit_id)
        if unit is not None:
            stmt = stmt.where(Officer.unit_id.in_(subtree_ids(unit.path)))
    if f.status:
        stmt = stmt.where(Officer.status == f.status)
    if f.on_post in ("yes", "no"):
        stmt = stmt.where(Officer.on_post.is_(f.on_post == "yes"))
    return stmt
