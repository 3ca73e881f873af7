"""On a phone the main lists are stacked cards, one per row with "label: value" lines and every
column shown; on a desktop they stay tables (issue 19 item 18)."""
import pytest

from tests.browser.journeys import PHONE, needs_chromium

pytestmark = needs_chromium
JOURNEY = "cards"
LISTS = [("roster", "/officers/", "姓名"), ("compliance", "/training/compliance", "姓名"),
         ("results", "/results/", "考试"), ("certificates", "/certificates/", "姓名")]

ROW_JS = """table => {
  const row = table.querySelector('tbody tr');
  const cells = [...row.querySelectorAll('td')];
  return {
    row: getComputedStyle(row).display,
    head: table.querySelector('thead').getBoundingClientRect().height,
    right: row.getBoundingClientRect().right,
    width: window.innerWidth,
    labels: cells.map(td => getComputedStyle(td, '::before').content),
    hidden: cells.filter(td => td.getBoundingClientRect().height === 0).length,
  };
}"""


@pytest.mark.parametrize(("name", "url", "first_label"), LISTS)
def test_main_lists_are_cards_on_a_phone_and_tables_on_a_desktop(site, journey, viewport,
                                                                 name, url, first_label):
    journey.login("legal", site.password)
    journey.go(url)
    _check(journey, viewport, name, first_label)


def test_the_ranking_is_cards_on_a_phone(site, journey, viewport):
    journey.login("legal", site.password)
    journey.go(f"/results/exams/{_published_exam(site)}")
    _check(journey, viewport, "ranking", "名次", table="#ranking")


def _check(journey, viewport, name, first_label, table="table.table-cards"):
    found = journey.page.locator(table).first.evaluate(ROW_JS)
    journey.step(name)
    if viewport == PHONE:
        assert found["row"] == "block", found
        assert found["head"] <= 1, found               # the header row is only for readers
        assert found["right"] <= found["width"], found  # nothing off-screen on the right
        assert found["labels"][0] == f'"{first_label}"', found
        assert all(label not in ("none", '""') for label in found["labels"]), found
        assert found["hidden"] == 0, found              # columns a narrow table hides show
    else:
        assert found["row"] == "table-row", found
        assert found["labels"][0] == "none", found


def _published_exam(site) -> int:
    def find():
        from sqlalchemy import select

        from app.exams.models import Exam
        from app.extensions import db
        return db.session.scalar(select(Exam.id).where(Exam.results_published_at.is_not(None))
                                 .order_by(Exam.id))
    return site.query(find)
