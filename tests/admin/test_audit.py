"""The audit log: every change recorded with before and after; the admin filters it."""
from sqlalchemy import select

from app.core.audit import AuditEntry


def test_an_edit_is_recorded_with_who_and_before_and_after(auth, make_user, province,
                                                           make_officer, db):
    officer = make_officer(province["360102"], "原名")
    clerk = make_user("hr", province["360102"], username="clerk1")
    auth.login(clerk.username)
    auth.post(f"/officers/{officer.id}/edit", {"name": "新名", "unit_id": province["360102"].id,
                                               "status": "active", "on_post": "y"})
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "officer.update"))
    assert (entry.actor_name, entry.entity_id) == ("clerk1", officer.id)
    assert entry.before["name"] == "原名" and entry.after["name"] == "新名"
    assert entry.changed_fields == ["name"]


def test_admin_filters_the_log_by_actor_and_action(auth, make_user, province, make_officer, db):
    from app.core import audit

    audit.record(make_user("hr", province["360102"], username="amy"), "officer.update",
                 "officer", 1, label="甲", after={"name": "甲"})
    audit.record(make_user("hr", province["360102"], username="bob"), "unit.update",
                 "unit", 2, label="乙局", after={"name": "乙局"})
    db.session.commit()
    auth.login(make_user("admin").username)
    page = auth.client.get("/admin/audit?actor=amy").get_data(as_text=True)
    assert "officer.update" in page and "乙局" not in page
    page = auth.client.get("/admin/audit?action=unit.update&since=2000-01-01").get_data(
        as_text=True)
    assert "乙局" in page and "amy" not in page
    assert auth.client.get("/admin/audit?since=notadate&entity_id=x").status_code == 200
