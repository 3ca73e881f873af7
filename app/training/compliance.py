"""Who meets the floors: one grouped SQL aggregate for hours, proration and shortfall in SQL.

Every figure is computed in half hours (integers), so that SQLite and PostgreSQL sort and
compare the same way; rows turn them back into hours. The hours of a session count in the
year of its end date (Attendance.year); political theory is shown but never counted.
"""
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from app.core.scoping import Scope, clause, subtree_ids
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer, PostPeriod
from app.training.models import Attendance
from app.training.rules import Floors, floors_for, political_done, prorate


@dataclass(frozen=True)
class Query:
    """What the legal section asks: a year, a unit subtree within the actor's scope, filters."""

    year: int
    scope: Scope
    unit: Unit | None = None
    missing: bool = False
    q: str = ""
    behind_pace_months: int | None = None   # keep those behind the pace of N elapsed months
    by_number: bool = False   # q may match a whole ID number (app/auth/id_access.py)
    officer_id: int | None = None   # one officer's row only (the assessment of one officer)


@dataclass
class Row:
    officer_id: int
    name: str
    id_number_masked: str
    unit_id: int
    unit_code: str
    unit_name: str
    months: int
    public_law_hours: float
    business_hours: float
    political_hours: float
    required_public_law: float
    required_business: float
    required_total: float
    shortfall_hours: float
    required_political: float = 0.0   # prorated like the other floors, outside the 60

    @property
    def political_done(self) -> bool | None:
        return political_done(self.political_hours, self.required_political)

    @property
    def total_hours(self) -> float:
        return self.public_law_hours + self.business_hours

    @property
    def prorated(self) -> bool:
        return self.months < 12

    @property
    def compliant(self) -> bool:
        return self.shortfall_hours == 0

    def expected_by(self, months: int) -> float:
        """The hours the calendar asks for after `months` months (pace)."""
        return round(self.required_total * months / 12 * 2) / 2

    def as_json(self) -> dict:
        """The fields of `flask report compliance --format json`, in INTERFACES.md's order."""
        return {"id_number_masked": self.id_number_masked, "name": self.name,
                "unit_code": self.unit_code, "unit_name": self.unit_name,
                "public_law_hours": self.public_law_hours, "business_hours": self.business_hours,
                "political_hours": self.political_hours, "total_hours": self.total_hours,
                "required_public_law": self.required_public_law,
                "required_business": self.required_business,
                "required_total": self.required_total, "prorated": self.prorated,
                "shortfall_hours": self.shortfall_hours, "compliant": self.compliant,
                "required_political": self.required_political,
                "political_done": self.political_done}


def _half_hours_of(category: str):
    """Half hours of one category: a SUM over the officer's attendance rows of the year."""
    hours = func.sum(case((Attendance.category == category, Attendance.hours), else_=0))
    return cast(func.coalesce(hours, 0) * 2, Integer)


def _hours_by_officer(year: int):
    """Each officer's half hours of the year per category: one GROUP BY read in the order of
    the (year, officer_id, category, hours) index, so neither database sorts or spills."""
    return select(Attendance.officer_id, _half_hours_of("public_law").label("pl"),
                  _half_hours_of("business").label("bus"),
                  _half_hours_of("political").label("pol")) \
        .where(Attendance.year == year).group_by(Attendance.officer_id).subquery("hours")


def _period_months(year: int):
    """rules.months_on_post in SQL, for each post period that touches `year`."""
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    start, left = PostPeriod.start_on, PostPeriod.end_on
    first = case((or_(start.is_(None), start < jan1), 1), (start > dec31, 13),
                 (cast(extract("day", start), Integer) == 1, cast(extract("month", start), Integer)),
                 else_=cast(extract("month", start), Integer) + 1)
    last = case((or_(left.is_(None), left > dec31), 12), (left < jan1, 0),
                else_=cast(extract("month", left), Integer) - 1)
    return case((last - first + 1 > 0, last - first + 1), else_=0)


def _touches(year: int):
    """A period with at least one day on post in `year` (end_on is the first day off)."""
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    return and_(or_(PostPeriod.start_on.is_(None), PostPeriod.start_on <= dec31),
                or_(PostPeriod.end_on.is_(None), PostPeriod.end_on > jan1))


def _months_by_officer(year: int):
    """rules.months_across in SQL: each officer on a post some day of `year`, with the whole
    months summed over the periods (they never overlap)."""
    months = cast(func.sum(_period_months(year)), Integer)
    capped = case((months > 12, 12), else_=months)   # as rules.months_across
    return select(PostPeriod.officer_id, capped.label("months")) \
        .where(_touches(year)).group_by(PostPeriod.officer_id).subquery("posts")


def on_post_in(year: int):
    """On an enforcement post some day of `year`, in any of the officer's post periods."""
    return select(PostPeriod.id).where(PostPeriod.officer_id == Officer.id,
                                       _touches(year)).exists()


def _conditions(query: Query) -> list:
    conditions = [clause(Officer, query.scope)]
    if query.unit is not None:
        conditions.append(Officer.unit_id.in_(subtree_ids(query.unit.path)))
    if query.officer_id is not None:
        conditions.append(Officer.id == query.officer_id)
    return conditions


def _prorated(floor_halves: int, months):
    """Half hours of a floor × months / 12, rounded up (integer arithmetic in both databases)."""
    return (literal(floor_halves) * months + 11) // 12


def _not_negative(expr):
    return case((expr > 0, expr), else_=0)


def rows_table(query: Query, floors: Floors | None = None, *, cte: bool = False):
    """Per officer: hours, prorated floors and shortfall, all in half hours (a subquery, or
    a CTE computed once however often the statement reads it)."""
    floors = floors or floors_for(query.year)
    # The hours are summed before the join: grouping the joined rows by officer made
    # PostgreSQL sort 300,000 rows on disk (410 ms for the province; 120 ms this way).
    hours = _hours_by_officer(query.year)
    posts = _months_by_officer(query.year)
    stmt = select(
        Officer.id.label("officer_id"), Officer.name, Officer.id_number_masked, Officer.unit_id,
        Unit.code.label("unit_code"), Unit.name.label("unit_name"),
        posts.c.months, func.coalesce(hours.c.pl, 0).label("pl"),
        func.coalesce(hours.c.bus, 0).label("bus"), func.coalesce(hours.c.pol, 0).label("pol"),
    ).join(Unit, Unit.id == Officer.unit_id) \
        .join(posts, posts.c.officer_id == Officer.id) \
        .outerjoin(hours, hours.c.officer_id == Officer.id) \
        .where(*_conditions(query))
    # Materialised, the figures are computed once per officer, not at every use.
    base = stmt.cte("base").prefix_with("MATERIALIZED") if cte else stmt.subquery("base")
    req_pl = _prorated(int(floors.public_law * 2), base.c.months)
    req_bus = _prorated(int(floors.business * 2), base.c.months)
    req_total = _prorated(int(floors.total * 2), base.c.months)
    by_category = _not_negative(req_pl - base.c.pl) + _not_negative(req_bus - base.c.bus)
    by_total = req_total - base.c.pl - base.c.bus
    short = case((by_category >= by_total, by_category), else_=_not_negative(by_total))
    stmt = select(*base.c, req_pl.label("req_pl"), req_bus.label("req_bus"),
                  req_total.label("req_total"), short.label("short"))
    if cte:
        return stmt.cte("compliance").prefix_with("MATERIALIZED")
    return stmt.subquery("compliance")


def _filtered(table, query: Query) -> Select:
    stmt = select(table)
    if query.missing:
        stmt = stmt.where(table.c.short > 0)
    if query.q:
        by_number = [table.c.officer_id.in_(select(Officer.id).where(
            Officer.id_number_matches(query.q)))] if query.by_number else []
        stmt = stmt.where(or_(table.c.name.contains(query.q), *by_number))
    if query.behind_pace_months is not None:
        stmt = stmt.where((table.c.pl + table.c.bus) * 12
                          < table.c.req_total * query.behind_pace_months)
    return stmt


def ordered(query: Query, floors: Floors | None = None) -> Select:
    """The report's rows, largest shortfall first."""
    table = rows_table(query, floors)
    return _filtered(table, query).order_by(table.c.short.desc(), table.c.unit_code,
                                            table.c.officer_id)


def to_row(r, floors: Floors | None = None) -> Row:
    """A result row as a Row; `floors` (the year's, unprorated) gives the political floor."""
    political = float(prorate(floors.political, int(r.months))) if floors else 0.0
    return Row(r.officer_id, r.name, r.id_number_masked, r.unit_id, r.unit_code, r.unit_name,
               int(r.months), r.pl / 2, r.bus / 2, r.pol / 2, r.req_pl / 2, r.req_bus / 2,
               r.req_total / 2, r.short / 2, political)


@dataclass
class PageOfRows:
    rows: list[Row]
    page: int
    pages: int
    total: int


def count(query: Query) -> int:
    """How many rows `stream(query)` yields (a job's progress needs the total first)."""
    return db.session.scalar(select(func.count()).select_from(
        _filtered(rows_table(query), query).subquery("counted"))) or 0


def stream(query: Query) -> Iterator[Row]:
    """Every row, fetched in batches (the whole province does not sit in memory)."""
    floors = floors_for(query.year)
    result = db.session.execute(ordered(query, floors).execution_options(yield_per=2000))
    for r in result:
        yield to_row(r, floors)


ROW, UNIT, COUNT = 0, 1, 2
Record = namedtuple("Record", ("officer_id", "name", "id_number_masked", "unit_id", "unit_code",
                               "unit_name", "months", "pl", "bus", "pol", "req_pl", "req_bus",
                               "req_total", "short"))


def _nulls(n: int) -> list:
    return [null()] * n


def overview_statement(query: Query, page: int, size: int):
    """One statement, one aggregate: a page of rows, each unit's totals and the row count.

    The per-officer figures are a MATERIALIZED CTE read three times; the parts share the
    CTE's 14 columns (a unit's count, compliant count and shortfall sit in months/pl/short).
    """
    c = rows_table(query, cte=True)
    filtered = _filtered(c, query)
    rows = filtered.order_by(c.c.short.desc(), c.c.unit_code, c.c.officer_id) \
        .limit(size).offset((page - 1) * size).subquery("page_rows")
    units = select(literal(UNIT), *_nulls(3), c.c.unit_id, *_nulls(2), func.count(),
                   func.sum(case((c.c.short == 0, 1), else_=0)), *_nulls(5),
                   func.sum(c.c.short)).group_by(c.c.unit_id)
    counted = filtered.subquery("filtered")
    count = select(literal(COUNT), *_nulls(6), func.count(), *_nulls(7)).select_from(counted)
    return union_all(select(literal(ROW), *rows.c), units, count)


def overview(query: Query, root: Unit | None, page: int,
             size: int) -> tuple[PageOfRows, "UnitTotal", list["UnitTotal"]]:
    """The compliance page's data (first page and unit totals) from one SQL statement."""
    page = max(page, 1)
    result = db.session.execute(overview_statement(query, page, size)).all()
    total = next((r[7] for r in result if r[0] == COUNT), 0)
    pages = max((total + size - 1) // size, 1)
    if page > pages:
        return overview(query, root, pages, size)
    floors = floors_for(query.year)
    rows = sorted((to_row(Record(*r[1:]), floors) for r in result if r[0] == ROW),
                  key=lambda r: (-r.shortfall_hours, r.unit_code, r.officer_id))
    counts = {r[4]: (r[7], r[8] or 0, r[14] or 0) for r in result if r[0] == UNIT}
    whole, groups = _roll_up(counts, root)
    return PageOfRows(rows, page, pages, total), whole, groups


@dataclass
class UnitTotal:
    unit_id: int
    code: str
    name: str
    officers: int = 0
    compliant: int = 0
    shortfall_hours: float = 0.0
    children: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        return round(100 * self.compliant / self.officers, 1) if self.officers else 0.0

    @property
    def missing(self) -> int:
        return self.officers - self.compliant


def totals(query: Query, root: Unit | None) -> tuple[UnitTotal, list[UnitTotal]]:
    """The whole subtree's totals and one per unit directly below `root` (plus root's own)."""
    table = rows_table(Query(query.year, query.scope, query.unit))
    stmt = select(table.c.unit_id, func.count(), func.sum(case((table.c.short == 0, 1), else_=0)),
                  func.sum(table.c.short)).group_by(table.c.unit_id)
    counts = {uid: (n, ok, short or 0) for uid, n, ok, short in db.session.execute(stmt)}
    return _roll_up(counts, root)


def _roll_up(counts: dict, root: Unit | None) -> tuple[UnitTotal, list[UnitTotal]]:
    heads = {uid: _head_id(path, root) for uid, path in db.session.execute(
        select(Unit.id, Unit.path).where(Unit.id.in_(list(counts))))}
    units = {u.id: u for u in db.session.scalars(
        select(Unit).where(Unit.id.in_(set(heads.values()))))}
    whole = UnitTotal(root.id if root else 0, root.code if root else "", root.name if root else "")
    groups: dict[int, UnitTotal] = {}
    for uid, (n, ok, short) in counts.items():
        head = units[heads[uid]]
        group = groups.setdefault(head.id, UnitTotal(head.id, head.code, head.name))
        for total in (group, whole):
            total.officers += n
            total.compliant += int(ok)
            total.shortfall_hours += short / 2
    return whole, sorted(groups.values(), key=lambda g: g.code)


def _head_id(path: str, root: Unit | None) -> int:
    """The unit directly below `root` on `path` (the unit itself when it is `root`)."""
    ids = [int(p) for p in path.strip("/").split("/")]
    depth = 1 if root is None else ids.index(root.id) + 1   # no root: below the top unit
    return ids[min(depth, len(ids) - 1)]
