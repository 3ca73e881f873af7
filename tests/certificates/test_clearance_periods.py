"""The clearance's 离岗日期 with post periods (issue 17 item 1)."""
import json
from datetime import date

from app.core.actor import CLI
from app.people import services


def move(db, officer, **changes) -> None:
    services.update_officer(CLI, officer, changes)
    db.session.commit()


def report(runner) -> dict[str, dict]:
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {row["name"]: row for row in json.loads(result.output)}


def test_clearance_left_post_on_is_the_end_of_the_last_period(db, runner, province,
                                                              make_officer, make_certificate):
    """Off 1 May, back 1 September, off again 15 November: 离岗日期 2026-11-15; the same
    officer is still assessed for Jan..Apr and Sep..Oct (6 months, 30 h)."""
    officer = make_officer(province["360102"], "两次离岗", post_since=date(2018, 1, 1))
    make_certificate(officer, "valid", number="赣A9")
    move(db, officer, on_post=False, post_left_on=date(2026, 5, 1))
    move(db, officer, on_post=True, post_since=date(2026, 9, 1))
    move(db, officer, on_post=False, post_left_on=date(2026, 11, 15))
    result = runner.invoke(args=["certificates", "clearance", "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = [r for r in json.loads(result.stdout) if r["certificate_number"] == "赣A9"]
    assert (row["left_post_on"], row["person_status"]) == ("2026-11-15", "调离执法岗位")
    assert report(runner)["两次离岗"]["required_total"] == 30.0
