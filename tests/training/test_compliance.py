"""The compliance report: the rules of the hours in SQL, scope, filters, totals, no N+1."""
import json
from datetime import date

import pytest
from sqlalchemy import event, select

from app.core.scoping import Scope
from app.training import compliance


@pytest.fixture
def scenario(province, make_officer, make_session, attend):
    """Hand-computed year 2026 (floors 30 + 30, total 60):

    甲 (360102, all year): public law 8, business 12, political 4 -> total 20, shortfall 40;
       also a course from 2026-12-31 to 2027-01-02 that counts in 2027.
    乙 (360102, on post from 2026-04-15: 8 months -> 20/20/40): 20 + 20 -> compliant.
    丙 (360103, left the post 2026-10-01: 9 months -> 22.5/22.5/45): 30 + 10 ->
       categories 0 + 12.5, total 45 - 40 = 5 -> shortfall 12.5.
    丁 (360702, all year): nothing -> shortfall 60.
    Not counted: 戊 not on a post, 己 retired in 2025.
    """
    c102, c103, c702 = province["360102"], province["360103"], province["360702"]
    people = {
        "甲": make_officer(c102, "甲"),
        "乙": make_officer(c102, "乙", post_since=date(2026, 4, 15)),
        "丙": make_officer(c103, "丙", on_post=False, status="transferred",
                          status_changed_on=date(2026, 10, 1)),
        "丁": make_officer(c702, "丁"),
        "戊": make_officer(c102, "戊", on_post=False),
        "己": make_officer(c102, "己", on_post=False, status="retired",
                          status_changed_on=date(2025, 6, 1)),
    }
    law = make_session(c102, "法律", "public_law", hours=8)
    business = make_session(c102, "业务", "business", hours=12)
    party = make_session(c102, "党课", "political", hours=4)
    new_year = make_session(c102, "跨年", "public_law", start=date(2026, 12, 31),
                            end=date(2027, 1, 2), hours=8)
    long_law = make_session(c102, "长法律", "public_law", start=date(2026, 5, 4),
                            end=date(2026, 5, 5), hours=30)
    long_business = make_session(c102, "长业务", "business", start=date(2026, 6, 1),
                                 end=date(2026, 6, 2), hours=20)
    for s in (law, business, party, new_year):
        attend(s, people["甲"])
    attend(long_law, people["乙"], 20)
    attend(long_business, people["乙"], 20)
    attend(long_law, people["丙"], 30)
    attend(long_business, people["丙"], 10)
    attend(law, people["戊"])
    return people


def report(runner, *args) -> list[dict]:
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "json",
                                 *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_report_applies_every_rule(scenario, runner):
    rows = report(runner)
    assert [r["name"] for r in rows] == ["丁", "甲", "丙", "乙"]
    first = {r["name"]: r for r in rows}
    assert first["甲"] == {
        "id_number_masked": scenario["甲"].id_number_masked, "name": "甲",
        "unit_code": "360102", "unit_name": "360102县局", "public_law_hours": 8.0,
        "business_hours": 12.0, "political_hours": 4.0, "total_hours": 20.0,
        "required_public_law": 30.0, "required_business": 30.0, "required_total": 60.0,
        "prorated": False, "shortfall_hours": 40.0, "compliant": False,
        "required_political": 0.0, "political_done": None}
    assert list(first["甲"]) == list(compliance.Row.as_json(compliance.to_row(_fake())).keys())
    assert (first["乙"]["required_total"], first["乙"]["prorated"], first["乙"]["compliant"]) \
        == (40.0, True, True)
    assert (first["丙"]["required_public_law"], first["丙"]["shortfall_hours"]) == (22.5, 12.5)
    assert first["丁"]["shortfall_hours"] == 60.0


def _fake():
    class R:
        officer_id = unit_id = 1
        name = id_number_masked = unit_code = unit_name = "360102198001010011"
        months = 12
        pl = bus = pol = req_pl = req_bus = req_total = short = 0
    return R()


def test_hours_count_in_the_year_of_the_end_date(scenario, runner):
    rows = {r["name"]: r for r in report(runner, "--year", "2027")}
    assert rows["甲"]["public_law_hours"] == 8.0
    assert "戊" not in rows and "己" not in rows


def test_unit_and_missing_filters(scenario, runner):
    assert [r["name"] for r in report(runner, "--unit", "360100")] == ["甲", "丙", "乙"]
    assert [r["name"] for r in report(runner, "--unit", "360100", "--missing")] == ["甲", "丙"]


def test_csv_xlsx_and_unknown_unit(scenario, runner, tmp_path):
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "csv"])
    lines = result.output.splitlines()
    assert lines[0].startswith("id_number_masked,name,unit_code")
    assert lines[1].endswith(",60.0,false,0.0,null")
    out = tmp_path / "c.xlsx"
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "xlsx",
                                 "--out", str(out)])
    assert result.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    result = runner.invoke(args=["report", "compliance", "--unit", "999999"])
    assert result.exit_code != 0 and "999999" in result.output


def test_pace_keeps_those_behind(scenario, db):
    # After 6 months the pace asks for half of each one's total: 丁 0 of 30, 甲 20 of 30 are
    # behind; 乙 40 of 20 and 丙 40 of 22.5 are not (丙 misses a category floor, but pace
    # looks at the total).
    query = compliance.Query(2026, Scope(everything=True), behind_pace_months=6)
    rows = list(compliance.stream(query))
    assert [r.name for r in rows] == ["丁", "甲"]
    assert [r.expected_by(6) for r in rows] == [30.0, 30.0]


def test_totals_per_unit(scenario, db, province):
    scope = Scope(unit_path=province["360100"].path)
    whole, groups = compliance.totals(compliance.Query(2026, scope, province["360100"]),
                                      province["360100"])
    assert (whole.officers, whole.compliant, whole.shortfall_hours) == (3, 1, 52.5)
    assert [(g.code, g.officers, g.compliant, g.rate) for g in groups] == [
        ("360102", 2, 1, 50.0), ("360103", 1, 0, 0.0)]


def test_page_queries_do_not_grow_with_officers(app, db, province, make_officer, make_user,
                                                make_session, attend, auth):
    make_user("legal", province["top"], username="legal1")
    auth.login("legal1")
    session = make_session(province["360102"])

    def count_queries() -> int:
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert auth.client.get("/training/compliance?year=2026").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    attend(session, make_officer(province["360102"], "一"))
    few = count_queries()
    for n in range(30):
        officer = make_officer(province["360702" if n % 2 else "360103"], f"人{n}")
        attend(session, officer, 4)
    assert count_queries() == few


def test_overview_is_one_statement_with_page_totals_and_count(scenario, db, province):
    query = compliance.Query(2026, Scope(everything=True), missing=True)
    page, whole, groups = compliance.overview(query, None, 2, 2)
    assert (page.total, page.pages, page.page) == (3, 2, 2)   # 丁, 甲, 丙 miss
    assert [r.name for r in page.rows] == ["丙"]
    assert (whole.officers, whole.compliant, whole.shortfall_hours) == (4, 1, 112.5)
    assert [(g.code, g.officers) for g in groups] == [("360100", 3), ("360700", 1)]
    beyond, _whole, _groups = compliance.overview(query, None, 9, 2)
    assert beyond.page == 2 and [r.name for r in beyond.rows] == ["丙"]


def test_the_report_at_the_edges_of_the_year(province, make_officer, make_session, attend, db):
    """On post from 1 December: one whole month (2.5 + 2.5, total 5); from 2 December: none
    (nothing required); left on 1 January: not on post that year at all; 0.5 h short still
    misses."""
    unit = province["360702"]
    december = make_officer(unit, "十二月一日", post_since=date(2026, 12, 1))
    make_officer(unit, "十二月二日", post_since=date(2026, 12, 2))
    make_officer(unit, "元旦离岗", on_post=False, status="transferred",
                 status_changed_on=date(2026, 1, 1))
    make_officer(unit, "一月二日离岗", on_post=False, status="retired",
                 status_changed_on=date(2026, 1, 2))
    # Dates out of order (left before the post began) still count no month, never fewer.
    make_officer(unit, "先离后到", on_post=False, status="transferred",
                 post_since=date(2026, 12, 2), status_changed_on=date(2026, 6, 1))
    almost = make_officer(unit, "差半小时")
    attend(make_session(unit, "法律", "public_law", hours=30), almost)
    attend(make_session(unit, "业务", "business", hours=29.5), almost)
    attend(make_session(unit, "十二月", "business", start=date(2026, 12, 20), hours=5),
           december)
    rows = {r.name: r for r in compliance.stream(
        compliance.Query(2026, Scope(everything=True)))}
    assert set(rows) == {"十二月一日", "十二月二日", "一月二日离岗", "先离后到", "差半小时"}
    assert (rows["先离后到"].months, rows["先离后到"].required_total) == (0, 0.0)
    first = rows["十二月一日"]
    assert (first.months, first.required_public_law, first.required_business,
            first.required_total, first.shortfall_hours) == (1, 2.5, 2.5, 5.0, 2.5)
    second = rows["十二月二日"]
    assert (second.months, second.required_total, second.compliant) == (0, 0.0, True)
    assert (rows["一月二日离岗"].months, rows["一月二日离岗"].compliant) == (0, True)
    assert rows["差半小时"].shortfall_hours == 0.5
    missing = compliance.Query(2026, Scope(everything=True), missing=True)
    assert {r.name for r in compliance.stream(missing)} == {"十二月一日", "差半小时"}
    assert compliance.count(missing) == 2


def test_search_by_name_or_by_id_number(scenario, db):
    def names(q):
        return [r.name for r in compliance.stream(compliance.Query(
            2026, Scope(everything=True), q=q, by_number=True))]
    assert names("丙") == ["丙"]
    number = scenario["乙"].id_number
    assert names(f" {number[:6]} {number[6:].lower()} ") == ["乙"]
    assert names("无此人") == []
    # Without by_number (an actor who may not look people up by ID number) only names match.
    by_name = compliance.Query(2026, Scope(everything=True), q=number)
    assert list(compliance.stream(by_name)) == [] and compliance.count(by_name) == 0


def test_totals_narrow_to_the_unit_asked_for_within_the_scope(scenario, db, province):
    city = province["360100"]
    whole, groups = compliance.totals(compliance.Query(2026, Scope(everything=True), city), city)
    assert (whole.unit_id, whole.code, whole.name) == (city.id, city.code, city.name)
    assert (whole.officers, whole.compliant) == (3, 1)
    assert [(g.unit_id, g.code, g.name) for g in groups] == [
        (province[c].id, c, province[c].name) for c in ("360102", "360103")]


def test_totals_of_a_unit_count_its_own_officers_under_itself(scenario, db, province):
    county = province["360102"]
    whole, groups = compliance.totals(
        compliance.Query(2026, Scope(everything=True), county), county)
    assert [(g.code, g.officers, g.compliant) for g in groups] == [("360102", 2, 1)]
    whole, _groups = compliance.totals(compliance.Query(2026, Scope(everything=True)), None)
    assert (whole.unit_id, whole.code, whole.name, whole.officers) == (0, "", "", 4)


def test_a_page_beyond_the_last_keeps_the_root(scenario, db, province):
    city = province["360100"]
    query = compliance.Query(2026, Scope(everything=True), city)
    page, whole, _groups = compliance.overview(query, city, 9, 2)
    assert (page.page, page.pages, whole.code, whole.officers) == (2, 2, "360100", 3)


def test_the_years_policy_sets_the_floors(scenario, db):
    from decimal import Decimal

    from app.training.models import TrainingPolicy

    db.session.add(TrainingPolicy(year=2026, public_law_hours=Decimal(10),
                                  business_hours=Decimal(10), total_hours=Decimal(24)))
    db.session.commit()
    rows = {r.name: r for r in compliance.stream(compliance.Query(2026, Scope(everything=True)))}
    assert (rows["甲"].required_total, rows["甲"].shortfall_hours) == (24.0, 4.0)
    assert rows["丁"].unit_id == scenario["丁"].unit_id


def test_ties_order_by_unit_code_then_officer(province, make_officer, db):
    later_unit = [make_officer(province["360702"], f"乙{i}") for i in range(2)]
    first_unit = make_officer(province["360102"], "甲")
    query = compliance.Query(2026, Scope(everything=True))
    expected = [first_unit.id] + [o.id for o in later_unit]
    assert [r.officer_id for r in compliance.stream(query)] == expected
    page, _whole, _groups = compliance.overview(query, None, 1, 2)
    assert [r.officer_id for r in page.rows] == expected[:2]
    page, _whole, _groups = compliance.overview(query, None, 2, 2)
    assert [r.officer_id for r in page.rows] == expected[2:]
    assert compliance.count(compliance.Query(2026, Scope(everything=True), q="无此人")) == 0


def test_the_floors_given_are_the_floors_used(scenario, db):
    from decimal import Decimal

    from app.training.rules import Floors

    floors = Floors(Decimal(10), Decimal(10), Decimal(24))
    rows = {r.name: compliance.to_row(r) for r in db.session.execute(
        compliance.ordered(compliance.Query(2026, Scope(everything=True)), floors))}
    assert (rows["甲"].required_total, rows["甲"].shortfall_hours) == (24.0, 4.0)
    # Read without the year's floors, a row asks for no political theory.
    assert (rows["甲"].required_political, rows["甲"].political_done) == (0.0, None)


def test_the_page_order_count_and_groups_below_the_root(scenario, db, province):
    query = compliance.Query(2026, Scope(everything=True))
    page, _whole, _groups = compliance.overview(query, None, 1, 4)
    assert [r.name for r in page.rows] == ["丁", "甲", "丙", "乙"]
    assert (page.total, page.pages) == (4, 1)
    page, _whole, _groups = compliance.overview(query, None, 1, 3)
    assert (page.total, page.pages) == (4, 2) and isinstance(page.pages, int)
    _whole, groups = compliance.totals(query, province["top"])
    assert [g.code for g in groups] == ["360100", "360700"]


def test_months_on_post_at_the_edges_of_periods_and_years(province, make_officer, db):
    """Whole months in 2026 (floors 30 + 30, total 60), each counted by hand:
    from 15 January: February..December, 11 (27.5 + 27.5, total 55); from 15 March 2025: 12;
    left on 15 March 2027: 12; left on 31 December (last day the 30th): January..November,
    11; from 31 December: on post one day, listed with nothing asked; from 1 March 2027: not
    on post in 2026; June 2025 to 1 March 2026 and back from 1 September, with a period of
    2024 beside them: January, February and September..December, 6 (15 + 15, total 30).
    Left in June 2025, and never on a post: not listed."""
    from app.people.models import Officer, PostPeriod

    unit = province["360703"]
    make_officer(unit, "一月十五日到岗", post_since=date(2026, 1, 15))
    make_officer(unit, "前年三月到岗", post_since=date(2025, 3, 15))
    make_officer(unit, "次年三月离岗", on_post=False, status="transferred",
                 status_changed_on=date(2027, 3, 15))
    make_officer(unit, "除夕离岗", on_post=False, status="retired",
                 status_changed_on=date(2026, 12, 31))
    make_officer(unit, "除夕到岗", post_since=date(2026, 12, 31))
    make_officer(unit, "次年到岗", post_since=date(2027, 3, 1))
    make_officer(unit, "两段", post_since=date(2026, 9, 1), post_periods=[
        PostPeriod(start_on=date(2024, 1, 1), end_on=date(2025, 1, 1)),
        PostPeriod(start_on=date(2025, 6, 1), end_on=date(2026, 3, 1)),
        PostPeriod(start_on=date(2026, 9, 1), end_on=None)])
    make_officer(unit, "去年离岗", on_post=False, status="transferred",
                 status_changed_on=date(2025, 6, 1))
    make_officer(unit, "不在岗", on_post=False)
    rows = {r.name: r for r in compliance.stream(
        compliance.Query(2026, Scope(everything=True), unit))}
    assert {name: r.months for name, r in rows.items()} == {
        "一月十五日到岗": 11, "前年三月到岗": 12, "次年三月离岗": 12, "除夕离岗": 11,
        "除夕到岗": 0, "两段": 6}
    assert (rows["一月十五日到岗"].required_public_law, rows["一月十五日到岗"].required_total,
            rows["一月十五日到岗"].shortfall_hours) == (27.5, 55.0, 55.0)
    assert (rows["两段"].required_business, rows["两段"].required_total) == (15.0, 30.0)
    assert (rows["除夕到岗"].required_total, rows["除夕到岗"].compliant) == (0.0, True)
    # The archives of the year (app/training/exports.py) ask the same: on a post some day.
    on_post = set(db.session.scalars(select(Officer.name).where(
        Officer.unit_id == unit.id, compliance.on_post_in(2026))))
    assert on_post == set(rows)
    assert set(db.session.scalars(select(Officer.name).where(
        Officer.unit_id == unit.id, compliance.on_post_in(2025)))) == {
        "前年三月到岗", "次年三月离岗", "除夕离岗", "两段", "去年离岗"}


def test_the_years_policy_in_the_page_totals_count_and_rows(province, make_officer,
                                                           make_session, attend, db):
    """Policy 2026: 10 + 10, total 24, political theory 6.
    甲 (360102, all year): 10 + 14 -> compliant; its unit misses nothing (0 h short).
    乙 (360103, from 1 July: 6 months -> 5 / 5 / 12, political 3): no hours at all -> 12 short.
    丙 (360103, all year): 10 + 10 -> categories met, total 4 short; political 6 asked."""
    from decimal import Decimal

    from app.training.models import TrainingPolicy

    db.session.add(TrainingPolicy(year=2026, public_law_hours=Decimal(10),
                                  business_hours=Decimal(10), total_hours=Decimal(24),
                                  political_hours=Decimal(6)))
    db.session.commit()
    c102, c103 = province["360102"], province["360103"]
    jia = make_officer(c102, "甲")
    make_officer(c103, "乙", post_since=date(2026, 7, 1))
    bing = make_officer(c103, "丙")
    attend(make_session(c102, "法律", "public_law", hours=10), jia)
    attend(make_session(c102, "业务", "business", hours=14), jia)
    attend(make_session(c103, "法律", "public_law", hours=10), bing)
    attend(make_session(c103, "业务", "business", hours=10), bing)
    expected = [("乙", 6, 0.0, 0.0, 12.0, 12.0, 3.0, False),
                ("丙", 12, 20.0, 0.0, 24.0, 4.0, 6.0, False),
                ("甲", 12, 24.0, 0.0, 24.0, 0.0, 6.0, False)]

    def figures(rows):
        return [(r.name, r.months, r.total_hours, r.political_hours, r.required_total,
                 r.shortfall_hours, r.required_political, r.political_done) for r in rows]

    query = compliance.Query(2026, Scope(everything=True))
    assert figures(compliance.stream(query)) == expected
    page, whole, groups = compliance.overview(query, province["360100"], 1, 10)
    assert figures(page.rows) == expected
    assert (whole.officers, whole.compliant, whole.shortfall_hours) == (3, 1, 16.0)
    assert [(g.code, g.officers, g.compliant, g.shortfall_hours) for g in groups] == [
        ("360102", 1, 1, 0.0), ("360103", 2, 0, 16.0)]
    whole, groups = compliance.totals(query, province["360100"])
    assert [(g.code, g.officers, g.compliant, g.shortfall_hours) for g in groups] == [
        ("360102", 1, 1, 0.0), ("360103", 2, 0, 16.0)]
    missing = compliance.Query(2026, Scope(everything=True), missing=True)
    assert compliance.count(missing) == 2
    one = compliance.Query(2026, Scope(everything=True), officer_id=bing.id)
    assert figures(compliance.stream(one)) == expected[1:2]


def test_pace_at_exactly_the_hours_expected(province, make_officer, make_session, attend,
                                            db):
    """After 6 months the pace asks for 30 of the 60 hours: 30 is on pace, 29.5 behind."""
    unit = province["360702"]
    law = make_session(unit, "法律", "public_law", hours=15)
    business = make_session(unit, "业务", "business", hours=15)
    on_pace, behind = make_officer(unit, "正好"), make_officer(unit, "差半小时")
    for officer in (on_pace, behind):
        attend(law, officer)
    attend(business, on_pace)
    attend(business, behind, 14.5)
    query = compliance.Query(2026, Scope(everything=True), behind_pace_months=6)
    assert [r.name for r in compliance.stream(query)] == ["差半小时"]


def test_ties_keep_the_officer_order_across_pages(province, make_officer, make_session,
                                                  attend, db):
    """30 officers in two units, each second one with an hour (59 short instead of 60), so
    that the rows do not reach the sort already in order: PostgreSQL's sort then shuffles
    equal keys, and only the officer id keeps the export and every page in one order."""
    c102, c702 = province["360102"], province["360702"]
    people = [make_officer(c702 if i % 4 < 2 else c102, f"人{i}") for i in range(30)]
    hour = make_session(c702, hours=1)
    for officer in people[::2]:
        attend(hour, officer)

    def group(unit, short):
        return [o.id for n, o in enumerate(people)
                if o.unit_id == unit.id and (59 if n % 2 == 0 else 60) == short]
    expected = group(c102, 60) + group(c702, 60) + group(c102, 59) + group(c702, 59)
    query = compliance.Query(2026, Scope(everything=True))
    assert [r.officer_id for r in compliance.stream(query)] == expected
    for number in (1, 2, 3):
        page, _whole, _groups = compliance.overview(query, None, number, 10)
        assert [r.officer_id for r in page.rows] == expected[(number - 1) * 10:number * 10]
