"""The role journeys' shared pieces: one demo province served once per run, one browser per
module, a fresh browser context per journey on each viewport.

The site runs on a free port in a thread with its own SQLite file (also under the PostgreSQL
pass), seeded with `flask demo-data`'s province (300 officers) plus a few fixed facts per
viewport, so that the desktop and the phone run each change their own things.
"""
from dataclasses import dataclass, field

import pytest

from tests.browser.journeys import (
    CHROMIUM,
    DESKTOP,
    PHONE,
    VIEWPORTS,
    Journey,
    live_server,
    watch_csp,
)

DEMO_OFFICERS = 300


@dataclass
class Site:
    app: object
    base: str
    password: str
    facts: dict = field(default_factory=dict)   # viewport -> what that run works on

    def query(self, fn):
        """Run `fn()` against the site's database (in the test's thread)."""
        with self.app.app_context():
            return fn()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    from app.demo import DEMO_PASSWORD

    with live_server(tmp_path_factory.mktemp("journeys"), _seed) as (app, base, facts):
        yield Site(app, base, DEMO_PASSWORD, facts)


def _seed() -> dict:
    """The demo province, then per viewport: an officer account with an open exam seat, a
    county with a certificate waiting for clearance, three officers for a sign-in sheet."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.auth.services import create_user
    from app.certificates.models import Certificate
    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.core.scoping import subtree_ids
    from app.demo import DEMO_PASSWORD, build
    from app.exams.models import Exam, ExamCandidate
    from app.extensions import db
    from app.org.models import Unit
    from app.people.models import Officer
    from app.people.services import update_officer

    build(officers=DEMO_OFFICERS)
    officer_user = db.session.scalar(select(User).where(User.username == "officer"))
    city = db.session.scalar(select(User).where(User.username == "legal")).unit
    now = utcnow()
    exam = db.session.scalar(select(Exam).join(ExamCandidate).where(
        ExamCandidate.officer_id == officer_user.officer_id, Exam.status == "scheduled",
        Exam.opens_at <= now, Exam.closes_at > now))
    assert exam is not None, "the demo has no open exam for the demo officer"
    seated = set(db.session.scalars(select(ExamCandidate.officer_id).where(
        ExamCandidate.exam_id == exam.id)))
    in_city = list(db.session.scalars(select(Officer).where(
        Officer.unit_id.in_(subtree_ids(city.path)), Officer.status == "active",
        Officer.on_post.is_(True)).order_by(Officer.id)))
    second = next(o for o in in_city if o.id in seated and o.id != officer_user.officer_id)
    create_user(CLI, username="officer2", password=DEMO_PASSWORD, role="officer",
                unit=second.unit, officer=second, display_name=second.name)
    accounts = {officer_user.officer_id, second.id}

    # Two counties of the city, each with someone who resigns and still holds a valid
    # certificate: the desktop run clears the first, the phone run the second.
    counties = db.session.scalars(select(Unit).where(
        Unit.parent_id == city.id, Unit.kind == "县区局").order_by(Unit.code))
    certified = set(db.session.scalars(select(Certificate.officer_id).where(
        Certificate.status == "valid")))
    cleared = []
    for county in counties:
        inside = set(db.session.scalars(subtree_ids(county.path)))
        leaver = next((o for o in in_city if o.unit_id in inside and o.id in certified
                       and o.id not in accounts), None)
        if leaver is not None:
            update_officer(CLI, leaver, {"status": "resigned"})
            cleared.append((county, leaver))
        if len(cleared) == 2:
            break
    assert len(cleared) == 2, "the demo city has too few certified officers"
    left = {leaver.id for _, leaver in cleared}
    signers = [o for o in in_city if o.id not in left and o.id not in accounts]
    db.session.commit()

    facts = {}
    for n, viewport in enumerate((DESKTOP, PHONE)):
        county, leaver = cleared[n]
        facts[viewport] = {
            "officer_login": "officer" if viewport == DESKTOP else "officer2",
            "officer_id": officer_user.officer_id if viewport == DESKTOP else second.id,
            "exam": exam.name,
            "city_id": city.id,
            "county_id": county.id, "county_name": county.name, "leaver": leaver.name,
            "signers": [(o.id_number, o.name) for o in signers[3 * n:3 * n + 3]],
        }
    return facts


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (started and stopped within the module, so that
    a test starting its own Playwright elsewhere never meets this one's event loop)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(params=[DESKTOP, PHONE])
def viewport(request) -> str:
    return request.param


@pytest.fixture
def journey(request, site, browser, viewport) -> Journey:
    """A fresh browser context on the viewport; the module's JOURNEY names the screenshots."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  accept_downloads=True, **VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    refused = watch_csp(context)
    yield Journey(context.new_page(), site.base, request.module.JOURNEY, viewport)
    context.close()
    assert refused == [], "the Content-Security-Policy blocked something"
