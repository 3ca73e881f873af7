"""Security headers on every response, and no inline script for the policy to forbid."""
import re
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app import create_app
from tests.exams.helpers import forget_request_state

TEMPLATES = Path(__file__).resolve().parents[1] / "app" / "templates"


def assert_secure(response, url: str = "") -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict((d.split(" ", 1) + [""])[:2] for d in csp.split("; "))
    assert directives.get("script-src") == "'self'", (url, csp)
    assert "'unsafe-inline'" not in directives.get("default-src", "'self'")
    assert directives.get("frame-ancestors") == "'none'", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url


def get_urls(app) -> list[str]:
    """Every GET route; ids are filled with 1, other parameters with a plain word."""
    urls = set()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods:
            url = re.sub(r"<int:\w+>", "1", rule.rule)
            urls.add(re.sub(r"<(?:\w+:)?\w+>", "x", url))
    return sorted(urls)


@pytest.mark.parametrize("role", [None, "admin", "hr", "officer"])
def test_every_get_route_answers_with_the_security_headers(app, db, auth, make_user, province,
                                                           role):
    if role:
        auth.login(make_user(role, None if role == "admin" else province["360102"]).username)
    urls = get_urls(app)
    assert len(urls) > 80
    statuses = {}
    for url in urls:
        forget_request_state()
        response = auth.client.get(url)
        statuses[url] = response.status_code
        assert_secure(response, url)
    assert {200, 302} <= set(statuses.values())
    assert [url for url, status in statuses.items() if status >= 500] == []


def test_downloads_static_files_json_and_error_pages_carry_them(app, db, auth, make_user,
                                                                province, make_officer):
    make_officer(province["360102"])
    auth.login(make_user("hr", province["360102"]).username)
    for url, status in [("/exports/officers.xlsx", 200), ("/imports/officers/template.xlsx", 200),
                        ("/static/app.css", 200), ("/healthz", 200), ("/no/such/page", 404),
                        ("/admin/users", 403), ("/officers/9999999", 404)]:
        response = auth.client.get(url)
        assert response.status_code == status, url
        assert_secure(response, url)
    api = auth.client.get("/exams/api/attempts/1", headers={"Accept": "application/json"})
    assert api.is_json
    assert_secure(api)


def test_the_503_page_of_a_lost_database_carries_them(auth, make_user, province, monkeypatch):
    auth.login(make_user("admin").username)
    from app.people import views

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    monkeypatch.setattr(views, "paginate", down)
    response = auth.client.get("/officers/")
    assert response.status_code == 503
    assert_secure(response)


def test_an_unexpected_error_page_carries_them(app, db, auth, make_user, monkeypatch):
    auth.login(make_user("admin").username)
    from app.admin import views

    def broken(*args, **kwargs):
        raise RuntimeError("bug")
    monkeypatch.setattr(views, "paginate", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = auth.client.get("/admin/users")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert_secure(response)


def test_hsts_only_where_production_serves_https(app, db):
    from config import TestingConfig

    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    https = create_app(type("Https", (TestingConfig,), {"HSTS": True}))
    hsts = https.test_client().get("/healthz").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000")


def test_production_turns_hsts_on():
    from config import ProductionConfig

    assert ProductionConfig.HSTS is True


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix()
                                            for p in TEMPLATES.rglob("*.html")))
def test_no_template_has_inline_script_or_event_handlers(template):
    text = (TEMPLATES / template).read_text()
    assert not INLINE_SCRIPT.search(text), template
    assert not INLINE_HANDLER.search(text), template
    assert "javascript:" not in text, template
