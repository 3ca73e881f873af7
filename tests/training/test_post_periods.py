"""Post history as periods (issue 17 item 1), against hand-computed cases.

Floors 30 + 30 (total 60) in 2026; a requirement is floor × whole months / 12, rounded up to
the next half hour. Dates of leaving are the first day off the post.
"""
import json
from datetime import date

import pytest
from sqlalchemy import select

from app.core.actor import CLI
from app.core.scoping import Scope
from app.people import services
from app.people.models import Officer, PostPeriod
from app.training import compliance
from app.training.queries import officer_year
from app.training.rules import months_across
from tests.conftest import id_number
from tests.people.test_import import FULL_HEADER, HEADER, write_csv


def periods(officer: Officer) -> list[tuple]:
    return [(p.start_on, p.end_on) for p in sorted(officer.post_periods, key=lambda p: p.id)]


def report(runner, year: int = 2026) -> dict[str, dict]:
    result = runner.invoke(args=["report", "compliance", "--year", str(year), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {row["name"]: row for row in json.loads(result.output)}


def sql_months(officer: Officer, year: int = 2026) -> int | None:
    rows = compliance.stream(compliance.Query(year, Scope(everything=True)))
    return next((r.months for r in rows if r.officer_id == officer.id), None)


def move(db, officer: Officer, **changes) -> None:
    services.update_officer(CLI, officer, changes)
    db.session.commit()


@pytest.fixture
def back_again(db, province, make_officer):
    """On post from 1 January, off from 1 May (still 在岗), back on 1 September: 8 months."""
    officer = make_officer(province["360102"], "回岗者", post_since=date(2026, 1, 1))
    move(db, officer, on_post=False, post_left_on=date(2026, 5, 1))
    move(db, officer, on_post=True, post_since=date(2026, 9, 1))
    return officer


def test_on_off_and_on_again_counts_both_stretches(db, runner, back_again):
    assert periods(back_again) == [(date(2026, 1, 1), date(2026, 5, 1)),
                                   (date(2026, 9, 1), None)]
    assert back_again.post_since == date(2026, 9, 1) and back_again.on_post
    # Jan..Apr (4) + Sep..Dec (4) = 8: 30 × 8 / 12 = 20 each, 40 in all.
    row = report(runner)["回岗者"]
    assert (row["required_public_law"], row["required_business"], row["required_total"],
            row["prorated"], row["shortfall_hours"]) == (20.0, 20.0, 40.0, True, 40.0)
    assert officer_year(back_again, 2026).months == sql_months(back_again) == 8


def test_an_officer_moved_off_the_post_stays_in_the_report_prorated(db, runner, province,
                                                                    make_officer, make_session,
                                                                    attend):
    """On post since 2015, moved off on 2026-07-01, still 在岗: January..June, 6 months:
    15 + 15, total 30; she has 10 h of public law -> short 5 + 15 = 20."""
    officer = make_officer(province["360103"], "调岗者", post_since=date(2015, 3, 1))
    attend(make_session(province["360103"], "法律", "public_law", hours=10), officer)
    move(db, officer, on_post=False, post_left_on=date(2026, 7, 1))
    assert officer.status == "active" and not officer.enforcing
    row = report(runner)["调岗者"]
    assert (row["required_public_law"], row["required_business"], row["required_total"],
            row["public_law_hours"], row["shortfall_hours"], row["compliant"]) == (
        15.0, 15.0, 30.0, 10.0, 20.0, False)
    assert "调岗者" not in report(runner, 2027)        # nothing of 2027 on post
    assert report(runner, 2025)["调岗者"]["required_total"] == 60.0   # all of 2025


def test_leaving_on_1_january_is_out_of_that_year(db, runner, province, make_officer):
    officer = make_officer(province["360102"], "元旦调岗", post_since=date(2019, 6, 1))
    move(db, officer, on_post=False, post_left_on=date(2026, 1, 1))
    assert periods(officer) == [(date(2019, 6, 1), date(2026, 1, 1))]
    assert "元旦调岗" not in report(runner)
    assert report(runner, 2025)["元旦调岗"]["required_total"] == 60.0
    assert sql_months(officer) is None and officer_year(officer, 2026).months == 0


def test_periods_crossing_years(db, runner, province, make_officer):
    """2025-10-01 to 2026-03-01 (first day off), then from 2026-11-01: 2025 has Oct..Dec (3:
    7.5 + 7.5, 15); 2026 has Jan, Feb and Nov, Dec (4: 10 + 10, 20)."""
    officer = make_officer(province["360102"], "跨年者", post_since=date(2025, 10, 1))
    move(db, officer, on_post=False, post_left_on=date(2026, 3, 1))
    move(db, officer, on_post=True, post_since=date(2026, 11, 1))
    assert periods(officer) == [(date(2025, 10, 1), date(2026, 3, 1)), (date(2026, 11, 1), None)]
    this, last = report(runner)["跨年者"], report(runner, 2025)["跨年者"]
    assert (this["required_public_law"], this["required_total"]) == (10.0, 20.0)
    assert (last["required_public_law"], last["required_total"]) == (7.5, 15.0)
    assert sql_months(officer) == officer_year(officer, 2026).months == 4
    assert sql_months(officer, 2025) == officer_year(officer, 2025).months == 3
    assert report(runner, 2027)["跨年者"]["required_total"] == 60.0


@pytest.mark.parametrize(("spans", "year", "months"), [
    ([(date(2026, 1, 1), date(2026, 5, 1)), (date(2026, 9, 1), None)], 2026, 8),
    ([(None, date(2026, 1, 1))], 2026, 0),
    ([(date(2025, 10, 1), date(2026, 3, 1)), (date(2026, 11, 1), None)], 2026, 4),
    ([(date(2025, 10, 1), date(2026, 3, 1)), (date(2026, 11, 1), None)], 2025, 3),
    # mid-month both ways: April..June of the first, none of 16 Sep..15 Oct, December
    ([(date(2026, 3, 16), date(2026, 7, 15)), (date(2026, 9, 16), date(2026, 10, 16)),
      (date(2026, 12, 1), None)], 2026, 4),
])
def test_months_across_periods_by_hand(spans, year, months):
    assert months_across(year, spans) == months


def test_coming_back_the_day_one_left_is_one_period(db, province, make_officer):
    """Off on 15 June and back on 15 June: June is still whole, so no new period."""
    officer = make_officer(province["360102"], "当日回岗", post_since=date(2026, 1, 1))
    move(db, officer, on_post=False, post_left_on=date(2026, 6, 15))
    move(db, officer, on_post=True, post_since=date(2026, 6, 15))
    assert periods(officer) == [(date(2026, 1, 1), None)]
    assert officer.post_since == date(2026, 1, 1)


def test_a_start_before_the_last_end_opens_the_new_period_today(db, province, make_officer):
    """The roster's old 执法岗位起始日期 sent back with 是 does not reach into the months off."""
    officer = make_officer(province["360102"], "旧起始", post_since=date(2020, 1, 1))
    move(db, officer, on_post=False, post_left_on=date(2026, 3, 1))
    move(db, officer, on_post=True, post_since=date(2026, 2, 1))
    from app.core import clock
    assert periods(officer) == [(date(2020, 1, 1), date(2026, 3, 1)), (clock.today(), None)]


def test_retiring_closes_the_period_on_the_status_date(db, runner, province, make_officer):
    officer = make_officer(province["360102"], "退休者", post_since=date(2010, 1, 1))
    move(db, officer, status="retired", status_changed_on=date(2026, 10, 1))
    assert periods(officer) == [(date(2010, 1, 1), date(2026, 10, 1))]
    assert report(runner)["退休者"]["required_total"] == 45.0   # Jan..Sep: 9 months


def test_new_officers_get_their_first_period(db, province, make_officer):
    unit = province["360102"]
    assert periods(make_officer(unit, "在岗", post_since=date(2021, 4, 1))) == [
        (date(2021, 4, 1), None)]
    assert periods(make_officer(unit, "从未在岗", on_post=False)) == []
    assert periods(make_officer(unit, "已退休", on_post=False, status="retired",
                                status_changed_on=date(2025, 6, 1), post_since=None)) == [
        (None, date(2025, 6, 1))]


def test_the_import_closes_and_opens_periods_in_the_same_format(db, runner, province,
                                                                tmp_path):
    number = id_number(880)
    rows = [f"导入者,{number},360102,是,在岗,,2020-01-01,,,,否",
            f"导入者,{number},360102,否,在岗,2026-05-01,2020-01-01,,,,否",
            f"导入者,{number},360102,是,在岗,2026-05-01,2026-09-01,,,,否"]
    for n, row in enumerate(rows):
        result = runner.invoke(args=["import", "officers", str(
            write_csv(tmp_path / f"o{n}.csv", [HEADER, row]))])
        assert result.exit_code == 0, result.output
    officer = db.session.scalar(select(Officer).where(Officer.id_number_matches(number)))
    assert periods(officer) == [(date(2020, 1, 1), date(2026, 5, 1)), (date(2026, 9, 1), None)]
    assert report(runner)["导入者"]["required_total"] == 40.0
    # Exported in the import's own headers; the export re-imports unchanged.
    out = tmp_path / "officers.csv"
    exported = runner.invoke(args=["export", "officers", "--format", "csv", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(FULL_HEADER)
    assert f"导入者,{number},360102,是,在岗,2026-05-01,2026-09-01" in text
    again = runner.invoke(args=["import", "officers", str(out)])
    assert again.exit_code == 0, again.output
    assert "新增 0 条, 更新 0 条" in again.output, again.output
    assert periods(officer) == [(date(2020, 1, 1), date(2026, 5, 1)), (date(2026, 9, 1), None)]


def test_the_edit_page_moves_an_officer_off_and_shows_the_periods(db, auth, province,
                                                                  make_user, make_officer):
    officer = make_officer(province["360102"], "页面调岗", post_since=date(2016, 2, 1))
    make_user("hr", province["360100"], username="hr_posts")
    auth.login("hr_posts")
    response = auth.post(f"/officers/{officer.id}/edit", {
        "name": "页面调岗", "unit_id": province["360102"].id, "post_since": "2016-02-01",
        "post_left_on": "2026-08-01", "status": "active"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert periods(db.session.get(Officer, officer.id)) == [(date(2016, 2, 1), date(2026, 8, 1))]
    page = auth.client.get(f"/officers/{officer.id}").get_data(as_text=True)
    assert "执法岗位在岗期间" in page and "2016-02-01 — 2026-08-01" in page


def test_one_open_period_per_officer_is_enforced_by_the_table(db, province, make_officer):
    officer = make_officer(province["360102"], "两个开放期")
    db.session.add(PostPeriod(officer_id=officer.id, start_on=date(2026, 1, 1)))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()
