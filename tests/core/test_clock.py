"""Stored times are UTC; people read Beijing time everywhere, through one formatter."""
from datetime import date, datetime

from sqlalchemy import select

from app.core import clock
from app.core.audit import AuditEntry
from app.core.xlsx_writer import write
from app.notifications.models import Notification
from app.notifications.services import notify

# 23:35 UTC on 5 December is 07:35 on 6 December in Beijing.
STORED = datetime(2026, 12, 5, 23, 35)


def test_shown_is_beijing_time():
    assert clock.shown(STORED) == "2026-12-06 07:35"
    assert clock.shown(STORED, clock.SECONDS) == "2026-12-06 07:35:00"
    assert clock.shown(date(2026, 12, 5)) == "2026-12-05"
    assert clock.shown(None) == ""
    assert clock.local_date(STORED) == date(2026, 12, 6)


def test_a_notification_shows_beijing_time(auth, db, province, make_user):
    me = make_user("hr", province["360102"])
    notify([me.id], "成绩已公布")
    db.session.scalar(select(Notification)).created_at = STORED
    db.session.commit()
    auth.login(me.username)
    page = auth.client.get("/notifications/").get_data(as_text=True)
    assert "2026-12-06 07:35" in page and "23:35" not in page


def test_the_audit_log_and_its_export_show_beijing_time(auth, db, province, make_user):
    from app.core import audit

    audit.record(make_user("hr", province["360102"], username="amy"), "officer.update",
                 "officer", 1, label="甲", after={"name": "甲"})
    db.session.scalar(select(AuditEntry)).at = STORED
    db.session.commit()
    auth.login(make_user("admin").username)
    page = auth.client.get("/admin/audit").get_data(as_text=True)
    assert "2026-12-06 07:35:00" in page and "UTC" not in page
    xlsx = auth.client.get("/admin/audit.xlsx").data
    assert _xlsx_has(xlsx, "2026-12-06 07:35:00")


def test_a_time_in_an_excel_export_is_beijing_time():
    data = write(["时间"], [[STORED]], lambda v: v)
    assert _xlsx_has(data, "2026-12-06 07:35")


def _xlsx_has(data: bytes, text: str) -> bool:
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return any(text in book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
