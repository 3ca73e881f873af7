"""Long drop-downs get a search box (issue 19 item 19): typing filters the options, Enter
picks the first match, the arrow key moves to the list, and a short list stays as it was."""
from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "select-search"


def test_typing_filters_the_units_and_enter_chooses_one(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("hr", site.password)
    journey.go("/training/sessions/new")
    unit = page.get_by_label("主办单位")
    total = unit.locator("option").count()
    assert total >= 20
    box = unit.locator("xpath=preceding-sibling::input[@type='search'][1]")
    expect(box).to_have_attribute("aria-label", "输入文字筛选下方列表")
    # A short list (培训类别) gets no box.
    assert page.get_by_label("培训类别").locator(
        "xpath=preceding-sibling::input[@type='search']").count() == 0

    chosen_before = unit.input_value()
    box.fill("东湖")
    texts = [t for t in unit.locator("option").all_text_contents()]
    kept = [t for t in texts if "东湖" in t]
    assert kept and len(texts) < total
    assert all("东湖" in t for t in texts if t.strip() and t != _text_of(unit, chosen_before))
    assert unit.input_value() == chosen_before          # filtering alone changes nothing
    expect(page.locator("[aria-live=polite]").filter(has_text="匹配")).to_have_text(
        f"匹配 {len(kept)} 项")
    journey.step("1-filtered")

    box.press("Enter")                                  # picks the first match, no submit
    assert "/training/sessions/new" in page.url
    assert "东湖" in unit.locator("option:checked").inner_text()
    box.press("ArrowDown")
    expect(unit).to_be_focused()

    box.fill("没有这个单位")
    expect(box).to_have_class("form-control form-control-sm mb-1 select-search is-invalid")
    box.fill("")
    assert unit.locator("option").count() == total      # clearing brings every option back


def _text_of(select, value: str) -> str:
    option = select.locator(f"option[value='{value}']")
    return option.inner_text() if option.count() else ""
