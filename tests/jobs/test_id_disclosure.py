"""Whole 身份证号 as an attacker looks for them (issue 14, items 3 and 4): leader and legal
download every export and open every page and find no whole number; HR does, and each time the
audit log says who, what and how many; masked roles cannot recover a birth date by searching."""
import io
import re
import subprocess
import tempfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core import idcard
from app.core.audit import AuditEntry
from app.extensions import db as _db
from app.specialties.models import find
from app.talentpool.models import TalentMember
from tests.certificates.conftest import make_certificate  # noqa: F401  (fixture)
from tests.jobs.test_exports import start, world  # noqa: F401  (fixture)

# Downloads at once (GET) and as jobs (POST): every export that lists officers.
NOW = ["/exports/officers.xlsx", "/exports/training.xlsx", "/exports/talent.xlsx",
       "/exports/certificates.xlsx", "/certificates/export.xlsx"]
JOBS = ["/exports/officers.xlsx", "/exports/training.xlsx",
        "/training/compliance.xlsx?year=2026", "/training/compliance.pdf?year=2026"]


@pytest.fixture
def everything(world, make_certificate, make_user):  # noqa: F811
    province = world["province"]
    for officer in world["officers"].values():
        _db.session.add(TalentMember(officer=officer, specialty=find("food"), level="backbone",
                                     state="approved"))
        make_certificate(officer)
    _db.session.commit()
    world["users"]["leader100"] = make_user("leader", province["360100"], username="leader100")
    world["users"]["admin"] = make_user("admin", username="admin1")
    world["numbers"] = {o.id_number for o in world["officers"].values()}
    return world


def _text(response) -> str:
    """What a person would read in the response: sheet cells, PDF text, or the body."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    if response.mimetype == "application/pdf":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(response.data)
            f.flush()
            return subprocess.run(["pdftotext", f.name, "-"], capture_output=True,
                                  text=True, check=True).stdout
    return response.get_data(as_text=True)


def _everything_seen(auth, data) -> list[str]:
    seen = [_text(auth.client.get(url)) for url in NOW]
    for url in JOBS:
        response = auth.post(url)
        if response.status_code == 302 and "/jobs/" in response.headers["Location"]:
            seen.append(_text(auth.client.get(response.headers["Location"] + "/download")))
    pages = ["/officers/", "/certificates/", "/talent/", "/training/compliance?year=2026"]
    pages += [f"/officers/{o.id}" for o in data["officers"].values()]
    pages += [f"/talent/officers/{o.id}" for o in data["officers"].values()]
    return seen + [_text(auth.client.get(url)) for url in pages]


@pytest.mark.parametrize("username", ["leader100", "legal100", "admin1"])
def test_masked_roles_find_no_whole_number_anywhere(auth, everything, username):
    auth.login(username)
    assert "********" in _text(auth.client.get("/exports/training.xlsx"))
    seen = "\n".join(_everything_seen(auth, everything))
    assert "********" in seen                       # the masked numbers are there
    assert [n for n in everything["numbers"] if n in seen or n[6:14] in seen] == []
    assert _db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "id_number.disclose")) is None


def test_hr_sees_whole_numbers_of_the_own_scope_and_each_time_is_audited(auth, everything):
    auth.login("hr102")
    mine = everything["officers"]["甲一"]
    other = everything["officers"]["丙一"]
    page = auth.client.get(f"/officers/{mine.id}").get_data(as_text=True)
    assert mine.id_number in page
    rows = _text(auth.client.get("/exports/training.xlsx"))
    assert mine.id_number in rows and other.id_number not in rows
    job = start(auth, "/exports/officers.xlsx")
    assert mine.id_number in _text(auth.client.get(f"/jobs/{job}/download"))
    entries = _db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "id_number.disclose").order_by(AuditEntry.id)).all()
    assert [(e.actor_name, e.after["count"]) for e in entries] == [
        ("hr102", 1), ("hr102", 1), ("hr102", 2)]
    assert entries[0].entity_id == mine.id and f"/officers/{mine.id}" in entries[0].entity_label
    assert "培训记录" not in entries[0].entity_label and "/exports/training.xlsx" in entries[1].entity_label
    assert "人员名册" in entries[2].entity_label


def test_the_cli_export_keeps_whole_numbers_and_is_audited(runner, everything):
    result = runner.invoke(args=["export", "officers", "--format", "csv"])
    assert result.exit_code == 0
    assert all(n in result.output for n in everything["numbers"])
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "id_number.disclose"))
    assert (entry.actor_name, entry.after["count"]) == ("cli", 4)


def _guesses(masked_number: str, around: date):
    """Whole numbers that fit a masked one, a birth date at a time (the 36-search attack)."""
    region, tail = masked_number[:6], masked_number[14:]
    for day in range(-18, 18):
        born = around + timedelta(days=day)
        first17 = f"{region}{born:%Y%m%d}{tail[:3]}"
        if idcard.check_char(first17) == tail[3]:
            yield first17 + tail[3]


SEARCHES = ["/officers/?q={}", "/certificates/?q={}", "/talent/?q={}",
            "/training/compliance?year=2026&q={}"]


@pytest.mark.parametrize("username", ["leader100", "legal100", "admin1"])
def test_searching_whole_numbers_recovers_no_birth_date(auth, everything, username):
    target = everything["officers"]["甲二"]
    born = date(int(target.id_number[6:10]), int(target.id_number[10:12]),
                int(target.id_number[12:14]))
    guesses = list(_guesses(target.id_number_masked, born))
    assert target.id_number in guesses
    auth.login(username)
    for guess in guesses:
        for url in SEARCHES:
            assert "甲二" not in auth.client.get(url.format(guess)).get_data(as_text=True), url
    auth.logout()
    auth.login("hr102")          # HR, who sees whole numbers, still finds by one
    for url in SEARCHES:
        assert "甲二" in auth.client.get(url.format(target.id_number)).get_data(as_text=True)


def _search_box_offers_numbers(html: str) -> bool:
    box = re.search(r'<input[^>]*name="q"[^>]*>', html)
    assert box, "the page has a search box"
    return "身份证号" in box.group(0)


@pytest.mark.parametrize("username, offers", [("legal100", False), ("leader100", False),
                                               ("hr102", True)])
def test_the_search_box_offers_a_number_search_only_to_who_may_do_one(auth, everything,
                                                                       username, offers):
    auth.login(username)
    for url in SEARCHES:
        html = auth.client.get(url.format("")).get_data(as_text=True)
        assert _search_box_offers_numbers(html) is offers, url


def test_searches_are_limited_per_user(app, auth, everything):
    app.config["SEARCH_LIMIT"] = "5 per minute"
    try:
        auth.login("legal100")
        for _ in range(3):
            assert auth.client.get("/officers/").status_code == 200   # no search: not counted
        codes = [auth.client.get(url.format(f"甲{i}")).status_code
                 for i, url in enumerate(SEARCHES * 2)]
        assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
        auth.logout()
        auth.login("hr102")                        # another user has a limit of their own
        assert auth.client.get("/officers/?q=甲").status_code == 200
    finally:
        app.config["SEARCH_LIMIT"] = "1000 per minute"
