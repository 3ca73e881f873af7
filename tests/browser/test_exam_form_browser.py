"""The exam form as the legal section sees it (issue 19 item 15): the points total follows
the blueprint as it is typed; "avoid questions seen before" turns off with a fixed paper."""
from datetime import date

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "exam-form"


def test_points_total_is_live_and_avoid_seen_follows_the_paper_mode(site, journey):
    from playwright.sync_api import expect

    page = journey.page
    journey.login("legal", site.password)
    journey.go("/exams/new")
    total, questions = page.locator("[data-points-total]"), page.locator("[data-question-total]")
    expect(total).to_have_text("0")
    page.locator("#sections-0-qtype").select_option("single")
    page.locator("#sections-0-count").fill("20")
    page.locator("#sections-0-points").fill("2")
    expect(total).to_have_text("40")
    page.locator("#sections-1-qtype").select_option("truefalse")
    page.locator("#sections-1-count").fill("10")
    page.locator("#sections-1-points").fill("1.5")
    expect(total).to_have_text("55")
    expect(questions).to_have_text("30")
    page.locator("#pass_mark").fill("60")
    expect(page.get_by_text("及格分高于总分。")).to_be_visible()
    page.locator("#sections-1-points").fill("3")
    expect(total).to_have_text("70")
    expect(page.get_by_text("及格分高于总分。")).to_be_hidden()

    avoid = page.get_by_label("尽量避开", exact=False)
    mode = page.get_by_label("试卷", exact=True)
    if mode.input_value() == "fixed":              # the form's first choice
        expect(avoid).to_be_disabled()
        mode.select_option("drawn")
    expect(avoid).to_be_enabled()
    expect(avoid).to_be_checked()
    mode.select_option("fixed")
    expect(avoid).to_be_disabled()
    expect(avoid).not_to_be_checked()
    expect(page.get_by_text("统一试卷下所有考生题目相同")).to_be_visible()
    journey.step("1-fixed-paper")
    mode.select_option("drawn")
    expect(avoid).to_be_enabled()
    expect(avoid).to_be_checked()                   # the choice made before comes back
    expect(page.get_by_text("统一试卷下所有考生题目相同")).to_be_hidden()


def test_each_line_shows_what_is_available_on_the_first_day(site, journey, viewport):
    """Issue 15: the form counts, per line, the questions the bank can give on the window's
    first day, and asks again when the window moves; the plan lists the same per exam."""
    from playwright.sync_api import expect

    from app.exams import drawing
    from app.specialties.models import find

    page = journey.page
    journey.login("legal", site.password)
    journey.go("/exams/new")
    expect(page.locator('[data-available="0"]')).to_have_text("—")
    page.locator("#specialty_id").select_option(str(site.query(lambda: find("ip").id)))
    page.locator("#sections-0-qtype").select_option("single")
    page.locator("#sections-0-count").fill("20")
    page.locator("#sections-0-points").fill("2")
    page.locator("#sections-1-qtype").select_option("truefalse")
    page.locator("#opens_at").fill("2026-12-10T09:00")
    page.locator("#opens_at").dispatch_event("change")
    wanted = site.query(lambda: [drawing.bank_available(find("ip").id, t, None, None, day)
                                 for day in (date(2026, 12, 10), date(2027, 1, 5))
                                 for t in ("single", "truefalse")])
    expect(page.locator("[data-available-note]")).to_contain_text("2026-12-10")
    expect(page.locator('[data-available="0"]')).to_have_text(str(wanted[0]))
    expect(page.locator('[data-available="1"]')).to_have_text(str(wanted[1]))
    page.locator("#opens_at").fill("2027-01-05T09:00")
    page.locator("#opens_at").dispatch_event("change")
    expect(page.locator("[data-available-note]")).to_contain_text("2027-01-05")
    expect(page.locator('[data-available="0"]')).to_have_text(str(wanted[2]))
    expect(page.locator('[data-available="1"]')).to_have_text(str(wanted[3]))
    assert wanted[0] != wanted[2], "the demo bank should change with 商标法 2026"
    journey.step("2-available")

    journey.go("/exams/plan")
    page.locator("#year").fill("2040" if viewport == "desktop" else "2041")
    # The plan schedules every category's four exams (68 with the whole bank) in one request.
    page.get_by_role("button", name="生成计划").click(timeout=90_000)
    expect(page.get_by_text("第1行 单选：需要 20 道").first).to_be_visible()
    journey.step("3-plan")
