"""Certificates of several kinds on desktop and phone: the list filtered by kind, the officer's
own page with every certificate, the application with its kind, the clearance with kind and
the judicial department per row (issue 17 items 3 and 7)."""
from playwright.sync_api import expect

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "certkinds"


def test_the_list_filters_by_kind(site, journey):
    journey.login("legal", site.password)
    journey.go("/certificates/")
    journey.page.get_by_label("证件种类").select_option(label="行政执法监督证")
    journey.page.get_by_role("button", name="查询", exact=True).click()
    rows = journey.page.locator("table.table-cards tbody tr")
    expect(rows.first).to_contain_text("行政执法监督证")
    kinds = rows.locator("td[data-label='证件种类']").all_inner_texts()
    assert kinds and set(kinds) == {"行政执法监督证"}, kinds
    journey.step("list-by-kind")


def test_the_officer_sees_every_certificate_they_hold(site, journey):
    journey.login("officer", site.password)   # the demo officer holds a 行政执法监督证 too
    journey.go("/officers/me")
    card = journey.page.locator("#certificates")
    expect(card).to_contain_text("行政执法证")
    expect(card).to_contain_text("行政执法监督证")
    assert card.locator("li").count() >= 2
    journey.step("own-certificates")


def test_applying_chooses_the_kind(site, journey, viewport):
    journey.login("admin", site.password)
    journey.go(f"/certificates/apply/{site.facts[viewport]['officer_id']}?kind=metrology")
    select = journey.page.get_by_label("证件种类")
    expect(select).to_have_value("metrology")
    expect(journey.page.locator(".alert-warning").first).to_contain_text("行政执法证")
    journey.step("apply-kind")


def test_the_clearance_shows_kind_and_department(site, journey, viewport):
    journey.login("legal", site.password)
    journey.go("/certificates/clearance")
    table = journey.page.locator("table").first
    expect(table).to_contain_text(site.facts[viewport]["leaver"])
    expect(table.locator("thead")).to_contain_text("证件种类")
    if viewport == "desktop":
        expect(table.locator("thead")).to_contain_text("报送至")
        expect(table).to_contain_text("司法局")
    journey.step("clearance")
