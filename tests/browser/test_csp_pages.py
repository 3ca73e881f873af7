"""The pages whose script moved out of the templates still work under the CSP: charts are
drawn, rows are revealed, a confirmation is asked, a year choice submits itself. (The journey
fixture fails the test on any Content-Security-Policy refusal.)"""
import re

import pytest

from tests.browser.journeys import DESKTOP, needs_chromium

pytestmark = needs_chromium
JOURNEY = "csp"
DRAWN = "(id) => !!(window.Chart && Chart.getChart(document.getElementById(id)))"


def _ids(site) -> dict:
    def find():
        from sqlalchemy import select

        from app.extensions import db
        from app.people.models import Officer
        from app.questions.models import Question
        return {"question": db.session.scalar(select(Question.id).order_by(Question.id)),
                "officer": db.session.scalar(select(Officer.id).order_by(Officer.id))}
    return site.query(find)


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_moved_scripts_work_under_the_content_security_policy(site, journey):
    ids, page = _ids(site), journey.page
    journey.login("admin", site.password)

    journey.go("/results/trend")
    if page.locator("#trend[data-chart-config]").count():
        page.wait_for_function(DRAWN, arg="trend")
    journey.go("/talent/history")
    page.wait_for_function(DRAWN, arg="spread")

    journey.go("/talent/draws/new")
    hidden = page.locator("[data-team-row].d-none")
    before = hidden.count()
    assert before > 0
    page.click("#add-team")
    assert hidden.count() == before - 1

    journey.go(f"/questions/{ids['question']}")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("form[data-confirm] button").click()
    page.wait_for_timeout(300)
    assert asked and "删除" in asked[0]
    assert re.search(rf"/questions/{ids['question']}$", page.url)

    journey.go(f"/training/officers/{ids['officer']}")
    year = page.locator("select[data-autosubmit]")
    choice = year.locator("option").nth(1).get_attribute("value")
    year.select_option(choice)
    page.wait_for_url(re.compile(rf"year={choice}"))
    journey.step("officer-year")
