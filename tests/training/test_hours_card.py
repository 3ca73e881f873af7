"""The hours card names the category that is short, never a green total beside a shortfall."""
import re
from datetime import date
from decimal import Decimal

from app.core import clock
from app.training.rules import Floors, gaps


def test_gaps_name_each_short_category_and_the_rest_of_the_total():
    floors = Floors(Decimal(30), Decimal(30), Decimal(64))
    assert gaps({"public_law": Decimal("21.5"), "business": Decimal(42)}, floors) == [
        ("public_law", Decimal("8.5"))]
    assert gaps({"public_law": Decimal(31), "business": Decimal(31)}, floors) == [
        ("total", Decimal(2))]
    assert gaps({"public_law": Decimal(10), "business": Decimal(25)}, floors) == [
        ("public_law", Decimal(20)), ("business", Decimal(5)), ("total", Decimal(4))]
    assert gaps({"public_law": Decimal(34), "business": Decimal(30)}, floors) == []


def test_home_and_hours_page_say_which_category_is_short(auth, make_user, province,
                                                         make_officer, make_session, attend):
    year = clock.today().year
    officer = make_officer(province["360102"], "甲", on_post=True)
    user = make_user("officer", province["360102"], officer=officer)
    attend(make_session(province["360102"], "公共法律", "public_law",
                        start=date(year, 1, 10), hours=21.5), officer)
    attend(make_session(province["360102"], "业务培训", "business",
                        start=date(year, 1, 11), hours=21), officer)
    attend(make_session(province["360102"], "业务培训二", "business",
                        start=date(year, 1, 12), hours=21), officer)
    auth.login(user.username)
    for url in ("/", "/training/me"):
        page = auth.client.get(url).get_data(as_text=True)
        assert "公共法律知识尚差 8.5 学时。" in page, url
        assert "业务知识和行政执法技能尚差" not in page
    page = auth.client.get("/training/me").get_data(as_text=True)
    total_bar = re.search(r'aria-label="合计[^"]*".*?<div class="progress-bar([^"]*)"', page,
                          re.S)
    assert "63.5 / 60" in page and "bg-success" not in total_bar.group(1)
