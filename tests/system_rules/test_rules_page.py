"""The 本系统规则 page (issue 17 item 5): who reads it, who signs it, and a changed text
asking for a new sign-off."""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.system_rules import services, text
from app.system_rules.models import RulesSignoff

SEEDS = Path("/work/shared/seeds")
APP = Path(__file__).resolve().parents[2] / "app"


def test_the_rules_of_the_issue_are_there_each_with_a_source():
    keys = {r.key for r in text.RULES}
    assert {"proration", "session_year", "review", "half_hours", "post_periods"} <= keys
    assert len(keys) == len(text.RULES)
    for rule in text.RULES:
        assert rule.title and rule.text and rule.example and rule.where
        assert rule.source.ours or (rule.source.document and rule.source.quote)
    ours = {r.key for r in text.RULES if r.source.ours}
    assert {"proration", "session_year", "review", "half_hours"} <= ours


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not on this machine")
def test_every_quotation_is_in_its_seed_document():
    seeds = {"（000）": (SEEDS / next(p.name for p in SEEDS.iterdir() if p.name.startswith("000"))),
             "（004）": (SEEDS / next(p.name for p in SEEDS.iterdir() if p.name.startswith("004")))}
    for rule in text.RULES:
        for source in (rule.source, rule.basis):
            if source is None or source.ours:
                continue
            [path] = [p for tag, p in seeds.items() if source.document.endswith(tag)]
            assert source.quote in path.read_text(encoding="utf-8"), (rule.key, source.quote)


def test_the_text_lives_in_one_place():
    """The page renders text.RULES; no template or other module repeats a rule's words."""
    for rule in text.RULES:
        for path in [*APP.rglob("*.html"), *APP.rglob("*.py")]:
            if path.name == "text.py" and path.parent.name == "system_rules":
                continue
            assert rule.text[:20] not in path.read_text(encoding="utf-8"), (rule.key, path)


@pytest.mark.parametrize(("role", "status"), [("legal", 200), ("leader", 200), ("hr", 200),
                                              ("admin", 200), ("officer", 403)])
def test_who_may_read_the_page(auth, province, make_user, role, status):
    make_user(role, None if role == "admin" else province["360100"], username=f"u_{role}")
    auth.login(f"u_{role}")
    response = auth.client.get("/rules/")
    assert response.status_code == status
    if status == 200:
        page = response.get_data(as_text=True)
        assert "本系统规则" in page and "尚未签署" in page
        for rule in text.RULES:
            assert rule.title in page
        assert page.count('class="badge text-bg-warning">本系统规则') == sum(
            r.source.ours for r in text.RULES)
        assert ('name="note"' in page) == (role == "legal")


def test_the_page_asks_for_a_log_in(client):
    assert client.get("/rules/").status_code == 302


def test_the_legal_section_signs_off_and_it_is_audited(db, auth, province, make_user):
    signer = make_user("legal", province["360100"], username="fagui")
    auth.login("fagui")
    response = auth.post("/rules/sign", {"version": text.VERSION, "note": "已核对"})
    assert response.status_code == 302
    signoff = db.session.scalar(select(RulesSignoff))
    assert (signoff.version, signoff.signed_by_id, signoff.note) == (text.VERSION, signer.id,
                                                                    "已核对")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "rules.signoff"))
    assert entry.actor_id == signer.id and entry.after["version"] == text.VERSION
    page = auth.client.get("/rules/").get_data(as_text=True)
    assert "已于" in page and "签署确认" in page and 'name="note"' not in page


@pytest.mark.parametrize("role", ["leader", "hr", "admin", "officer"])
def test_no_one_else_signs(db, auth, province, make_user, role):
    make_user(role, None if role == "admin" else province["360100"], username=f"s_{role}")
    auth.login(f"s_{role}")
    assert auth.post("/rules/sign", {"version": text.VERSION}).status_code == 403
    assert db.session.scalar(select(RulesSignoff)) is None


def test_a_changed_text_needs_signing_again(db, auth, province, make_user, monkeypatch):
    legal = make_user("legal", province["360100"], username="fagui2")
    services.sign(legal, text.VERSION)
    db.session.commit()
    assert not services.state().needs_signing
    newer = "0123456789ab"
    monkeypatch.setattr(text, "VERSION", newer)
    monkeypatch.setattr(services, "VERSION", newer)
    monkeypatch.setattr("app.system_rules.views.VERSION", newer)
    state = services.state(newer)
    assert state.needs_signing and state.outdated and state.last.version != newer
    auth.login("fagui2")
    page = auth.client.get("/rules/").get_data(as_text=True)
    assert "需要重新签署" in page and newer in page
    # A form read before the change cannot sign the new text.
    auth.post("/rules/sign", {"version": state.last.version})
    assert services.state(newer).needs_signing
    with pytest.raises(services.SignoffError):
        services.sign(legal, "ffffffffffff")
    auth.post("/rules/sign", {"version": newer})
    assert not services.state(newer).needs_signing


def test_the_version_is_a_digest_of_the_text():
    assert re.fullmatch(r"[0-9a-f]{12}", text.VERSION)
    assert text.VERSION == __import__("hashlib").sha256(
        text._canonical().encode("utf-8")).hexdigest()[:12]
