"""The rules of the hours against independent formulas, on generated cases (Hypothesis).

Whole months on post are counted day by day; the compliance SQL is held to the Python rules
(rules.py) on random officers, attendance and floors, on whichever database the suite runs.
"""
import calendar
import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.scoping import Scope
from app.people.models import Officer, PostPeriod
from app.training import compliance
from app.training.models import Attendance, TrainingSession
from app.training.rules import Floors, months_across, months_on_post, prorate, shortfall
from tests.conftest import id_number

YEAR = 2026
EDGES = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2), date(2026, 2, 1),
         date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 31),
         date(2027, 1, 1)]
days = st.one_of(
    st.sampled_from(EDGES),
    st.builds(date, st.sampled_from([2025, 2026, 2026, 2027]), st.integers(1, 12),
              st.one_of(st.sampled_from([1, 2, 28]), st.integers(1, 28))))


def on_post_all_month(start: date | None, left_on: date | None, month: int) -> bool:
    """Every day of the month on post: on or after `start`, before `left_on`."""
    first = date(YEAR, month, 1)
    last_day = date(YEAR, month, calendar.monthrange(YEAR, month)[1])
    day = first
    while day <= last_day:
        if (start and day < start) or (left_on and day >= left_on):
            return False
        day += timedelta(days=1)
    return True


@given(st.one_of(st.none(), days), st.one_of(st.none(), days))
def test_whole_months_match_a_day_by_day_count(start, left_on):
    expected = sum(on_post_all_month(start, left_on, m) for m in range(1, 13))
    assert months_on_post(YEAR, start, left_on) == expected


def as_periods(cuts: list[date], from_before: bool) -> list[tuple[date | None, date | None]]:
    """Sorted distinct days cut into post periods (start, first day off): day 0 to day 1,
    day 2 to day 3 ...; `from_before` makes the first one start before the records; an odd
    day out opens a period still running."""
    points = ([None] if from_before else []) + sorted(cuts)
    return [(points[i], points[i + 1] if i + 1 < len(points) else None)
            for i in range(0, len(points), 2)]


period_lists = st.builds(as_periods, st.lists(days, unique=True, max_size=6), st.booleans())


def on_post_that_day(periods, day: date) -> bool:
    return any((start is None or day >= start) and (end is None or day < end)
               for start, end in periods)


def whole_months_day_by_day(periods) -> int:
    months = 0
    for month in range(1, 13):
        last = calendar.monthrange(YEAR, month)[1]
        months += all(on_post_that_day(periods, date(YEAR, month, d)) for d in range(1, last + 1))
    return months


@given(period_lists)
def test_whole_months_across_periods_match_a_day_by_day_count(periods):
    assert months_across(YEAR, periods) == whole_months_day_by_day(periods)


@given(st.integers(0, 240), st.integers(0, 12))
def test_proration_is_the_next_half_hour_at_or_above_the_exact_share(half_hours, months):
    floor = Decimal(half_hours) / 2
    exact = Fraction(half_hours, 2) * months / 12
    expected = Fraction(math.ceil(exact * 2), 2)
    result = prorate(floor, months)
    assert Fraction(result) == expected
    assert expected - Fraction(1, 2) < exact <= expected



@given(st.integers(0, 240), st.one_of(st.none(), days), st.one_of(st.none(), days))
def test_a_prorated_floor_follows_a_day_by_day_count_of_whole_months(half_hours, start, left_on):
    """The floor an officer owes: the share of the whole months on post counted day by day,
    rounded up to the half hour."""
    floor = Decimal(half_hours) / 2
    whole_months = sum(on_post_all_month(start, left_on, m) for m in range(1, 13))
    share = Fraction(half_hours, 2) * whole_months / 12
    owed = prorate(floor, months_on_post(YEAR, start, left_on))
    assert Fraction(owed) == Fraction(math.ceil(share * 2), 2)

# ----------------------------------------------------------------- the SQL against the rules

halves = st.integers(0, 90)
officers = st.lists(st.fixed_dictionaries({
    "periods": period_lists,   # on and off the post, back again, across the years
    "status": st.sampled_from(["active", "active", "transferred", "retired"]),
    "county": st.sampled_from(["360102", "360103", "360702"]),
    "pl": halves, "bus": halves, "pol": halves, "last_year": halves,
}), min_size=1, max_size=6)
floors = st.builds(lambda pl, bus, extra: Floors(Decimal(pl) / 2, Decimal(bus) / 2,
                                                 Decimal(pl + bus + extra) / 2),
                   st.integers(0, 80), st.integers(0, 80), st.integers(-20, 40))


def expected_row(o: dict, floors: Floors) -> dict | None:
    """What the rules say of one generated officer: None when not in the year's report."""
    periods = o["periods"]
    some_day = any(on_post_that_day(periods, date(YEAR, 1, 1) + timedelta(days=d))
                   for d in range(365))
    if not some_day:
        return None
    months = months_across(YEAR, periods)
    required = floors.prorated(months)
    pl, bus = Decimal(o["pl"]) / 2, Decimal(o["bus"]) / 2
    short = shortfall({"public_law": pl, "business": bus}, required)
    return {"months": months, "unit": o["unit_id"], "pl": float(pl), "bus": float(bus), "pol": o["pol"] / 2,
            "req": (float(required.public_law), float(required.business),
                    float(required.total)), "short": float(short)}


def as_found(row: compliance.Row) -> dict:
    return {"months": row.months, "unit": row.unit_id, "pl": row.public_law_hours, "bus": row.business_hours,
            "pol": row.political_hours, "short": row.shortfall_hours,
            "req": (row.required_public_law, row.required_business, row.required_total)}


_ids = count(50_000)


def add_people(db, province, people: list[dict]) -> dict[int, dict]:
    """Officers and attendance (flushed, not committed) -> officer id: generated fields."""
    top = province["top"]
    sessions = {key: TrainingSession(title=key, category=category, unit=top,
                                     start_date=date(y, 3, 1), end_date=date(y, 3, 1), year=y,
                                     hours=Decimal(50), mode="offline", study_format="专题培训",
                                     content="")
                for key, category, y in (("pl", "public_law", YEAR), ("bus", "business", YEAR),
                                         ("pol", "political", YEAR),
                                         ("last_year", "public_law", YEAR - 1))}
    db.session.add_all(sessions.values())
    by_id = {}
    for o in people:
        periods = o["periods"]
        still = bool(periods) and periods[-1][1] is None
        officer = Officer(name=f"人{next(_ids)}", id_number=id_number(next(_ids)),
                          unit=province[o["county"]], on_post=still,
                          post_since=periods[-1][0] if periods else None, status=o["status"],
                          post_periods=[PostPeriod(start_on=a, end_on=b) for a, b in periods])
        db.session.add(officer)
        o = dict(o, unit_id=province[o["county"]].id)
        for key, session in sessions.items():
            if o[key]:
                db.session.add(Attendance(session=session, officer=officer,
                                          hours=Decimal(o[key]) / 2, year=session.year,
                                          category=session.category))
        db.session.flush()
        by_id[officer.id] = o
    return by_id


def rows_of(query: compliance.Query, floors: Floors) -> list[compliance.Row]:
    from app.extensions import db
    return [compliance.to_row(r) for r in db.session.execute(compliance.ordered(query, floors))]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=officers, floors=floors, pace=st.integers(0, 12))
def test_compliance_sql_follows_the_python_rules(db, province, people, floors, pace):
    try:
        generated = add_people(db, province, people)
        expected = {oid: expected_row(o, floors) for oid, o in generated.items()}
        expected = {oid: row for oid, row in expected.items() if row is not None}
        everything = compliance.Query(YEAR, Scope(everything=True))

        rows = rows_of(everything, floors)
        assert {r.officer_id: as_found(r) for r in rows} == expected
        keys = [(-r.shortfall_hours, r.unit_code, r.officer_id) for r in rows]
        assert keys == sorted(keys)

        missing = compliance.Query(YEAR, Scope(everything=True), missing=True)
        assert {r.officer_id for r in rows_of(missing, floors)} == {
            oid for oid, row in expected.items() if row["short"] > 0}

        behind = compliance.Query(YEAR, Scope(everything=True), behind_pace_months=pace)
        assert {r.officer_id for r in rows_of(behind, floors)} == {
            oid for oid, row in expected.items()
            if (row["pl"] + row["bus"]) * 12 < row["req"][2] * pace}

        city = province["360100"]
        in_city = compliance.Query(YEAR, Scope(unit_path=city.path))
        assert {r.officer_id for r in rows_of(in_city, floors)} == {
            oid for oid in expected if generated[oid]["county"] in ("360102", "360103")}
    finally:
        db.session.rollback()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=officers)
def test_compliance_totals_follow_the_python_rules(db, province, people):
    try:
        generated = add_people(db, province, people)
        default = Floors(Decimal(30), Decimal(30), Decimal(60))
        expected = {oid: row for oid, o in generated.items()
                    if (row := expected_row(o, default)) is not None}
        query = compliance.Query(YEAR, Scope(everything=True))
        top = province["top"]

        whole, groups = compliance.totals(query, top)
        assert (whole.officers, whole.compliant, whole.shortfall_hours) == (
            len(expected), sum(1 for r in expected.values() if r["short"] == 0),
            sum(r["short"] for r in expected.values()))
        by_city = {g.code: g.officers for g in groups}
        for code, counties in (("360100", ("360102", "360103")), ("360700", ("360702",))):
            n = sum(1 for oid in expected if generated[oid]["county"] in counties)
            assert by_city.get(code, 0) == n

        page, page_whole, _ = compliance.overview(query, top, 1, 4)
        assert page.total == len(expected) == compliance.count(query)
        assert page.pages == max(math.ceil(len(expected) / 4), 1)
        assert [as_found(r) for r in page.rows] == [as_found(r) for r in rows_of(
            query, default)][:4]
        assert (page_whole.officers, page_whole.compliant) == (whole.officers, whole.compliant)
    finally:
        db.session.rollback()
