"""Helpers for the role journeys: log in, open the menu, screenshot, check the phone layout.

The journeys select what a user sees (Chinese text, labels, roles), so that a missing label or
an untranslated string fails them.
"""
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="Debian chromium is not installed (make system-deps)")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP, PHONE = "desktop", "phone"
VIEWPORTS = {
    DESKTOP: {"viewport": {"width": 1280, "height": 800}},
    PHONE: {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2,
            "is_mobile": True, "has_touch": True},
}
# How a page overflows: the widest elements that stick out on the right, for the message.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => !e.closest('.table-responsive, .overflow-auto'))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
              (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide};
}"""

# Form controls a screen reader cannot name, and labels whose id is used twice (the label then
# names the first element with it, e.g. a field named "content" and the page's <main id="content">).
LABELS_JS = """() => {
  const unnamed = [...document.querySelectorAll('input, select, textarea')]
    .filter(e => !['hidden', 'submit', 'button', 'reset', 'image'].includes(e.type))
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                 && !e.getAttribute('aria-labelledby') && !e.title)
    .map(e => e.outerHTML.slice(0, 120));
  const twice = [...document.querySelectorAll('label[for]')].map(l => l.htmlFor)
    .filter(id => document.querySelectorAll('[id="' + CSS.escape(id) + '"]').length > 1);
  return {unnamed: unnamed, twice: twice};
}"""


@dataclass
class Journey:
    """One user's walk through the site on one viewport."""

    page: object
    base: str
    name: str
    viewport: str

    @property
    def phone(self) -> bool:
        return self.viewport == PHONE

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def login(self, username: str, password: str) -> None:
        from playwright.sync_api import expect

        self.go("/login")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page).not_to_have_url(re.compile(r"/login"))
        expect(self.nav).to_be_visible()

    @property
    def nav(self):
        return self.page.get_by_role("navigation", name="主菜单")

    def menu(self, item: str, group: str | None = None) -> None:
        """Open a menu item as a user would: the phone's menu button first, then the group."""
        # By the viewport, not toggler.is_visible(): before the stylesheet has loaded the
        # desktop's toggler shows for a moment, and clicking it then waits forever.
        # Bootstrap's menu script runs at the end of the page: a click before it has run opens
        # nothing (seen once, on a loaded machine, right after the log-in's redirect).
        self.page.wait_for_load_state("domcontentloaded")
        if self.phone:
            self.nav.get_by_role("button", name="打开菜单").click()
        if group:
            self.nav.get_by_role("button", name=group, exact=True).click()
        self.nav.get_by_role("link", name=item, exact=True).click()

    def step(self, step: str) -> None:
        """A key step: the screenshot; every form field labelled (by a label with a unique id); on the
        phone no sideways scrolling."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.viewport}-{step}.png"),
                             full_page=True)
        found = self.page.evaluate(LABELS_JS)
        url = self.page.url
        assert not found["unnamed"], f"{url}: form fields without a label: {found['unnamed']}"
        assert not found["twice"], f"{url}: labels for an id used twice: {found['twice']}"
        if self.phone:
            found = self.page.evaluate(OVERFLOW_JS)
            assert found["scroll"] <= found["width"] + 1, (
                f"{self.page.url} is wider than the phone ({found['scroll']} > {found['width']}px):"
                f" {found['wide']}")


def watch_csp(context) -> list[str]:
    """Every Content-Security-Policy refusal on the context's pages (an inline script or
    handler the policy blocked would leave a page silently broken)."""
    refused: list[str] = []

    def on_page(page) -> None:
        page.on("console", lambda msg: refused.append(f"{page.url}: {msg.text}")
                if "Content Security Policy" in msg.text else None)
    context.on("page", on_page)
    return refused


def log_in(page, base: str, username: str, password: str) -> None:
    """Log in on the log-in page and wait until the browser has left it."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def seed_open_exam(people: list[tuple[str, str, str]], password: str) -> dict:
    """东湖区's bureau, one officer account per (name, username, 身份证号), the basic bank and a
    quarterly exam open from a minute ago for two hours with them all as candidates."""
    from app.auth.models import User
    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.exams import services
    from app.extensions import db
    from app.org.models import Unit
    from app.people.models import Officer
    from app.specialties.models import find
    from tests.exams.conftest import SECTIONS, seed_bank

    unit = Unit(code="360102", name="东湖区市场监督管理局", kind="县区局")
    db.session.add(unit)
    db.session.flush()
    unit.refresh_path()
    officers = []
    for name, username, id_number in people:
        officer = Officer(name=name, id_number=id_number, unit=unit)
        user = User(username=username, role="officer", unit=unit, officer=officer,
                    display_name=name)
        user.set_password(password)
        db.session.add_all([officer, user])
        officers.append(officer)
    db.session.commit()
    seed_bank("basic")
    now = utcnow()
    exam = services.create_exam(CLI, services.ExamData(
        name="2026年第4季度基本法律法规知识考试", specialty=find("basic"), unit=unit, year=2026,
        quarter=4, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=2),
        time_limit_minutes=45, sections=list(SECTIONS)))
    services.schedule(CLI, exam, now - timedelta(minutes=1))
    services.add_candidates(CLI, exam, officers, now)
    db.session.commit()
    return {"exam": exam.id, "officers": [o.id for o in officers]}


def figures(text: str) -> list[float]:
    """The numbers in a text, e.g. '12.5 / 30 学时' -> [12.5, 30.0]."""
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


@contextmanager
def live_server(folder: Path, seed):
    """The app on a free port in a thread, with its own SQLite file in `folder` (also under
    the PostgreSQL pass), seeded by `seed()` in an app context: yields (app, base URL, seeded)."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from config import TestingConfig

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'site.db'}"
        UPLOAD_DIR = str(folder / "uploads")
        TESTING = False

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="heads")
        seeded = seed()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        yield app, f"http://127.0.0.1:{http.server_port}", seeded
    finally:
        http.shutdown()
