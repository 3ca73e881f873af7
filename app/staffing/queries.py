"""The staffing figures per unit and year: live for the current year, from the yearly
snapshot for a past one (see app/staffing/models.py for why)."""
from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.core import clock
from app.core.scoping import Scope, scoped, subtree_ids
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.results.rates import percent
from app.staffing.models import COUNTS, StaffingSnapshot

# 本科及以上 (seed 004 (51) "大学本科以上学历"): the values the roster import stores for 学历,
# and the words the officer form (free text) may hold for them (app/core/synonyms.EDUCATION).
BACHELOR_OR_ABOVE = ("博士研究生", "硕士研究生", "本科", "博士", "硕士", "研究生", "大学本科")


@dataclass
class Figures:
    """One unit's (or a total's) counts and the two shares the seed wants to rise."""

    label: str
    enforcing: int = 0
    law_major: int = 0
    bachelor: int = 0
    reviewers: int = 0
    reviewers_qualified: int = 0
    unit_code: str = ""

    def add(self, counts) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(counts, name))

    @property
    def law_major_share(self) -> float | None:
        return percent(self.law_major, self.enforcing)

    @property
    def bachelor_share(self) -> float | None:
        return percent(self.bachelor, self.enforcing)


def live_counts(unit_ids=None) -> dict[int, Figures]:
    """unit id -> today's counts of its own officers."""
    at_work = Officer.status == "active"
    enforcing = at_work & Officer.on_post.is_(True)
    reviewer = at_work & Officer.legal_reviewer.is_(True)
    stmt = select(
        Officer.unit_id,
        func.sum(case((enforcing, 1), else_=0)),
        func.sum(case((enforcing & Officer.legal_major.is_(True), 1), else_=0)),
        func.sum(case((enforcing & Officer.education.in_(BACHELOR_OR_ABOVE), 1), else_=0)),
        func.sum(case((reviewer, 1), else_=0)),
        func.sum(case((reviewer & Officer.legal_qualification.is_(True), 1), else_=0)),
    ).where(at_work).group_by(Officer.unit_id)
    if unit_ids is not None:
        stmt = stmt.where(Officer.unit_id.in_(unit_ids))
    return {row[0]: Figures("", *[int(v or 0) for v in row[1:]])
            for row in db.session.execute(stmt)}


def stored_counts(year: int, unit_ids) -> dict[int, Figures]:
    return {s.unit_id: Figures("", *[getattr(s, n) for n in COUNTS])
            for s in db.session.scalars(select(StaffingSnapshot).where(
                StaffingSnapshot.year == year, StaffingSnapshot.unit_id.in_(unit_ids)))}


def counts(year: int, unit_ids) -> dict[int, Figures]:
    if year >= clock.today().year:
        return live_counts(unit_ids)
    return stored_counts(year, unit_ids)


def scope_unit_ids(scope: Scope) -> select:
    return scoped(Unit, scope, select(Unit.id))


def by_unit(scope: Scope, year: int) -> tuple[list[Figures], Figures]:
    """Every unit in scope with anybody counted, in unit-code order, and the total."""
    found = counts(year, scope_unit_ids(scope))
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(found)))}
    rows, total = [], Figures("合计")
    for unit_id in sorted(found, key=lambda i: units[i].code):
        row = Figures(units[unit_id].name, unit_code=units[unit_id].code)
        row.add(found[unit_id])
        rows.append(row)
        total.add(row)
    return rows, total


def years(unit: Unit | None, last: int = 4) -> list[tuple[int, Figures | None]]:
    """The subtree's totals for the last `last` years up to this one, oldest first; None for
    a past year that has no snapshot."""
    ids = subtree_ids(unit.path) if unit is not None else select(Unit.id)
    this = clock.today().year
    out = []
    for year in range(this - last + 1, this + 1):
        found = counts(year, ids)
        if not found and year < this:
            out.append((year, None))
            continue
        total = Figures(str(year))
        for figures in found.values():
            total.add(figures)
        out.append((year, total))
    return out


def snapshot_years() -> list[int]:
    return list(db.session.scalars(select(StaffingSnapshot.year).distinct()
                                   .order_by(StaffingSnapshot.year.desc())))
