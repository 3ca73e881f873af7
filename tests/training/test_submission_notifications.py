"""The officer hears in the app how HR decided the external training they submitted."""
import io

from sqlalchemy import select

from app.notifications.models import Notification
from app.training.models import ExternalTraining
from tests.training.test_views import people  # noqa: F401


def _submit(auth, title):
    auth.login("officer_a")
    auth.post("/training/me/external", data={
        "title": title, "organiser": "总局干部学院", "category": "business",
        "start_date": "2026-09-01", "end_date": "2026-09-03", "hours": "18.5", "content": "",
        "file": (io.BytesIO(b"%PDF-1.4 certificate"), "结业证书.pdf")},
        content_type="multipart/form-data")
    auth.logout()


def _notes(db, user):
    return [(n.text, n.link) for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def test_approval_and_rejection_reach_the_officer(db, auth, people):  # noqa: F811
    _submit(auth, "网络执法培训班")
    _submit(auth, "广告法专题")
    first, second = db.session.scalars(select(ExternalTraining).order_by(ExternalTraining.id))
    auth.login("hr102")
    auth.post(f"/training/submissions/{first.id}/approve")
    auth.post(f"/training/submissions/{second.id}/reject", data={"reason": "证书不清晰"})
    assert _notes(db, people["officer_a"]) == [
        ("您申报的外部培训《网络执法培训班》已审核通过，18.5 学时已计入", "/training/me"),
        ("您申报的外部培训《广告法专题》被退回：证书不清晰", "/training/me")]
    assert _notes(db, people["officer_b"]) == []
    auth.logout()
    auth.login("officer_a")
    page = auth.client.get("/notifications/").get_data(as_text=True)
    assert "广告法专题》被退回" in page
