"""The exam page's answer sheet (issue 19 item 9): which questions are answered, unanswered
or marked for review (a mark kept on the device), tap to jump; submitting names the
unanswered questions and, when cancelled, goes to the first of them."""
import re

import pytest

from tests.browser.journeys import (
    ARTIFACTS,
    CHROMIUM,
    PHONE,
    VIEWPORTS,
    live_server,
    log_in,
    needs_chromium,
)

pytestmark = needs_chromium
PASSWORD = "Secret123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.browser.test_exam_browser import _seed

    with live_server(tmp_path_factory.mktemp("overview"), _seed) as running:
        yield running


@pytest.mark.parametrize("viewport", ["desktop", PHONE])
def test_the_answer_sheet_marks_jumps_and_names_the_unanswered(server, viewport):
    from playwright.sync_api import expect, sync_playwright

    _app, base, _ids = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="zh-CN", **VIEWPORTS[viewport])
        page = context.new_page()
        log_in(page, base, "liming", PASSWORD)
        page.goto(f"{base}/exams/mine")
        start = page.locator("form[action$='/start'] button")
        if start.count():
            start.click()
        else:                                    # the other viewport started it already
            page.locator("a[href*='/attempts/']").first.click()
        page.wait_for_selector("#exam[data-ready='1']")
        total = page.locator("li.exam-question").count()
        assert re.search(r"/attempts/\d+", page.url)

        page.click("#item-1 .exam-option >> nth=0")
        page.locator("#item-2 .exam-mark").click()
        expect(page.locator("#item-2 .exam-mark")).to_have_attribute("aria-pressed", "true")
        page.reload()                                     # the mark stays on the device
        page.wait_for_selector("#exam[data-ready='1']")
        expect(page.locator("#item-2 .exam-mark")).to_have_text("已标记")

        toggle = page.get_by_role("button", name="答题卡")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        sheet = page.get_by_role("navigation", name="答题卡")
        expect(sheet.locator(".exam-cell")).to_have_count(total)
        expect(page.locator("#cell-1")).to_have_class(re.compile(r"\banswered\b"))
        expect(page.locator("#cell-2")).to_have_class(re.compile(r"\bmarked\b"))
        expect(page.locator("#cell-2")).not_to_have_class(re.compile(r"\banswered\b"))
        expect(page.locator("#cell-2")).to_have_attribute("aria-label", "第 2 题：未作答，已标记待检查")
        page.screenshot(path=str(ARTIFACTS / f"exam-overview-{viewport}.png"), full_page=False)

        page.locator(f"#cell-{total}").click()            # jump to the last question
        expect(sheet).to_be_hidden()
        expect(page.locator(f"#item-{total}")).to_be_in_viewport()

        messages = []
        page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
        page.click("#submit")
        expect(page.locator("#item-2")).to_be_in_viewport()  # back to the first unanswered
        rest = "、".join(str(q) for q in range(2, total + 1))
        assert f"还有 {total - 1} 题未作答：第 {rest} 题。" in messages[0]
        assert "有 1 题标记待检查：第 2 题。" in messages[0]
        page.screenshot(path=str(ARTIFACTS / f"exam-overview-unanswered-{viewport}.png"),
                        full_page=False)
        browser.close()
