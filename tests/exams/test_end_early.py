"""Ending an exam early (issue 19 item 16): after a confirmation page, the window closes now,
papers in progress are submitted as at the deadline, and it is audited."""
from sqlalchemy import select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.exams import taking
from app.exams.models import Attempt
from app.extensions import db as _db
from tests.exams.helpers import forget_request_state


def test_the_organiser_ends_an_open_exam_and_papers_in_progress_are_submitted(
        db, auth, make_exam, candidate, make_user, province_bank):
    users = [candidate(), candidate()]
    exam = make_exam(officers=[u.officer for u in users])
    answering = taking.start(CLI, exam, users[0].officer, utcnow())
    _db.session.commit()
    legal = make_user("legal", province_bank["top"])
    auth.login(legal.username)
    assert "提前结束考试" in auth.client.get(f"/exams/{exam.id}").get_data(as_text=True)
    confirm = auth.client.get(f"/exams/{exam.id}/end").get_data(as_text=True)
    assert "目前有 1 名考生正在作答" in confirm and "立即结束考试" in confirm
    assert exam.phase(utcnow()) == "open"                # the page alone changes nothing

    before = utcnow()
    response = auth.post(f"/exams/{exam.id}/end")
    assert response.status_code == 302
    _db.session.expire_all()
    assert before <= exam.closes_at <= utcnow() and exam.phase(utcnow()) == "closed"
    attempt = _db.session.get(Attempt, answering.id)
    assert (attempt.state, attempt.submitted_by) == ("submitted", "deadline")
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "exam.end_early"))
    assert entry is not None and entry.after["attempts_submitted"] == 1
    # The other candidate cannot start any more.
    auth.logout()
    forget_request_state()
    auth.login(users[1].username)
    assert "开始考试" not in auth.client.get("/exams/mine").get_data(as_text=True)
    # A second time is refused in Chinese.
    auth.logout()
    forget_request_state()
    auth.login(legal.username)
    page = auth.client.get(auth.post(f"/exams/{exam.id}/end").location).get_data(as_text=True)
    assert "只有进行中的考试可以提前结束" in page


def test_an_officer_or_another_city_cannot_end_it(db, auth, make_exam, candidate, make_user,
                                                  province_bank):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    auth.login(user.username)
    assert auth.post(f"/exams/{exam.id}/end").status_code == 403
    auth.logout()
    forget_request_state()
    auth.login(make_user("legal", province_bank["360700"]).username)
    assert auth.post(f"/exams/{exam.id}/end").status_code in (403, 404)
    _db.session.expire_all()
    assert exam.phase(utcnow()) == "open"
