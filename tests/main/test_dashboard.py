"""Each role's home page: the right figures for a known data set, nothing from outside scope."""
import json
import re

import pytest

from app.main import dashboard
from app.notifications.services import notify


@pytest.fixture(autouse=True)
def in_request(app):
    """Figures carry translated labels: give the direct calls a request to translate in."""
    with app.test_request_context():
        yield


def home(auth, user) -> str:
    auth.login(user.username)
    response = auth.client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def charts(page: str) -> list[dict]:
    """The chart specs the page hands to charts.js."""
    return [json.loads(raw.replace("&#39;", "'")) for raw in re.findall(r"data-chart='([^']*)'", page)]


# --- officer ---------------------------------------------------------------------------------

def test_officer_sees_own_hours_exam_and_certificate(auth, world, make_user):
    a2 = world.officers["A2"]
    user = make_user("officer", a2.unit, officer=a2)
    figures = dashboard.figures_for(user)
    assert figures["year"].hours["public_law"] == 10 and figures["year"].hours["business"] == 0
    assert figures["seat"].exam_id == world.exams["open_a"].id
    assert figures["certificate"].number == "赣执A2"
    page = home(auth, user)
    assert "10 / 30" in page and "0 / 30" in page
    assert 'aria-valuenow="33"' in page                 # 10 of 30 h as a progress bar
    assert "甲县本季考试" in page
    assert f'action="/exams/{world.exams["open_a"].id}/start"' in page
    assert "赣执A2" in page
    assert "乙县本季考试" not in page and "赣执A1" not in page


def test_officer_is_warned_of_an_expiring_certificate(auth, world, make_user):
    page = home(auth, make_user("officer", world.units["360102"], officer=world.officers["A1"]))
    assert "赣执A1" in page and "30" in page
    assert "alert alert-warning py-2 mb-0 small" in page          # expires in 30 days
    assert "alert alert-success" in page                          # floors met


def test_officer_with_nothing_yet(auth, db, province, make_user):
    page = home(auth, make_user("officer", province["360102"]))
    assert "0 / 30" in page
    assert "/start" not in page


# --- HR --------------------------------------------------------------------------------------

def test_county_hr_sees_own_county_only(auth, world, make_user):
    user = make_user("hr", world.units["360102"])
    figures = dashboard.figures_for(user)
    assert (figures["whole"].officers, figures["whole"].compliant) == (2, 1)
    assert figures["sessions_this_month"] == 3
    assert figures["pending_submissions"] == 1
    page = home(auth, user)
    assert "50.0%" in page
    assert "360103县局" not in page and "360702县局" not in page


def test_city_hr_sees_units_below_with_a_chart(auth, world, make_user):
    user = make_user("hr", world.units["360100"])
    figures = dashboard.figures_for(user)
    rates = {g.code: (g.officers, g.compliant, g.rate) for g in figures["groups"]}
    assert rates == {"360102": (2, 1, 50.0), "360103": (1, 0, 0.0)}
    assert figures["sessions_this_month"] == 4 and figures["pending_submissions"] == 2
    page = home(auth, user)
    [chart] = charts(page)
    assert chart["kind"] == "bar" and chart["labels"] == ["360102县局", "360103县局"]
    assert chart["values"] == [50.0, 0.0]
    assert "360702县局" not in page
    assert "charts.js" in page and "chart.umd.min.js" in page
    assert "cdn" not in page.lower()


def test_the_chart_has_a_table_for_screen_readers(auth, world, make_user):
    page = home(auth, make_user("hr", world.units["360100"]))
    table = page[page.index('<table class="visually-hidden">'):]
    table = table[:table.index("</table>")]
    assert "360102县局" in table and "50.0%" in table


# --- legal section ---------------------------------------------------------------------------

def test_county_legal_sees_own_queues(auth, world, make_user):
    user = make_user("legal", world.units["360102"])
    figures = dashboard.figures_for(user)
    assert figures["whole"].missing == 1                      # A2
    assert [e.name for e in figures["open_exams"]] == ["甲县本季考试"]
    assert figures["grading"] == {"attempts": 0, "answers": 0}  # B's paper is not theirs
    assert figures["clearance_waiting"] == 1                  # A3
    assert [d.task.inspected_unit.code for d in figures["draws"]] == ["360102"]
    page = home(auth, user)
    assert "/training/compliance?missing=1" in page
    assert "乙县本季考试" not in page and "360103县局" not in page


def test_city_legal_counts_the_whole_city(auth, world, make_user):
    figures = dashboard.figures_for(make_user("legal", world.units["360100"]))
    assert figures["whole"].missing == 2                      # A2, B1; C1 is another city
    assert {e.name for e in figures["open_exams"]} == {"甲县本季考试", "乙县本季考试"}
    assert figures["grading"] == {"attempts": 1, "answers": 2}
    assert len(figures["draws"]) == 2


# --- leader ----------------------------------------------------------------------------------

def test_county_leader_sees_own_unit_figures(auth, world, make_user):
    user = make_user("leader", world.units["360102"])
    figures = dashboard.figures_for(user)
    assert figures["whole"].rate == 50.0
    result = figures["exam"]
    assert result.exam.name == "市局上季考试"
    assert (result.candidates, result.passed, result.rate) == (2, 1, 50.0)  # not B1's pass
    assert figures["certificates"]["valid"] == 3              # A1, A2, A3
    assert figures["certificates"]["expiring"] == 1           # A1 in 30 days
    page = home(auth, user)
    kinds = sorted(c["kind"] for c in charts(page))
    assert kinds == ["bar", "doughnut"]
    doughnut = next(c for c in charts(page) if c["kind"] == "doughnut")
    assert sum(doughnut["values"]) == 3
    assert "360103县局" not in page


def test_city_leader_pass_rate_counts_the_city(world, make_user):
    figures = dashboard.figures_for(make_user("leader", world.units["360100"]))
    assert (figures["exam"].candidates, figures["exam"].passed) == (3, 2)
    assert figures["certificates"]["expiring"] == 2           # A1, B1; not C1


def test_leader_without_a_closed_exam(auth, db, province, make_user):
    page = home(auth, make_user("leader", province["360703"]))
    assert "—" in page


# --- admin -----------------------------------------------------------------------------------

def test_admin_keeps_the_simple_figures(auth, world, make_user):
    figures = dashboard.figures_for(make_user("admin"))
    assert figures["officers"] == 5 and figures["enforcing"] == 4 and figures["left_post"] == 0


# --- notifications badge ---------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/officers/", "/training/compliance", "/notifications/"])
def test_the_header_counts_unread_notifications_on_every_page(auth, db, province, make_user, url):
    user, other = make_user("hr", province["360102"]), make_user("hr", province["360102"])
    notify([user.id], "一")
    notify([user.id], "二")
    notify([other.id], "别人的")
    db.session.commit()
    auth.login(user.username)
    page = auth.client.get(url).get_data(as_text=True)
    assert re.findall(r"data-unread-count[^>]*>(\d+)<", page) == ["2", "2"]  # phone and desktop


def test_no_badge_without_unread(auth, db, province, make_user):
    user = make_user("officer", province["360102"])
    page = home(auth, user)
    assert "data-unread-count" not in page
