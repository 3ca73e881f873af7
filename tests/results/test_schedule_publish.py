"""Scheduled publishing (issue 19 item 16): the legal section sets a time; the exams
sweeper publishes then if grading is complete, else tells the legal section once; the
results page and the officer's exam page say when results will appear."""
from datetime import timedelta

from sqlalchemy import func, select

from app.core import clock
from app.core.models import utcnow
from app.exams import tasks
from app.extensions import db as _db
from app.notifications.models import Notification
from tests.exams.helpers import forget_request_state


def _at(dt) -> str:
    return clock.to_local(dt).strftime("%Y-%m-%dT%H:%M")


def test_publishing_at_a_set_time(db, auth, stats_exam, make_user, province_bank):
    exam, users, _attempts = stats_exam()
    legal = make_user("legal", province_bank["top"])
    auth.login(legal.username)
    page = auth.client.get(f"/results/exams/{exam.id}").get_data(as_text=True)
    assert "成绩待公布" in page
    when = (utcnow() + timedelta(hours=2)).replace(second=0, microsecond=0)
    response = auth.post(f"/results/exams/{exam.id}/publish-at", {"publish_at": _at(when)})
    assert response.status_code == 302
    _db.session.expire_all()
    assert exam.results_publish_at == when
    shown = clock.shown(when)
    assert f"成绩将于 {shown} 公布" in auth.client.get(f"/results/exams/{exam.id}") \
        .get_data(as_text=True)
    auth.logout()
    forget_request_state()
    auth.login(users[0].username)
    assert f"成绩将于 {shown} 公布" in auth.client.get("/exams/mine").get_data(as_text=True)

    assert tasks.publish_due(when - timedelta(minutes=1)) == (0, 0)   # not yet
    assert tasks.publish_due(when + timedelta(seconds=30)) == (1, 0)
    _db.session.expire_all()
    assert exam.results_published_at is not None


def test_a_time_in_the_past_is_refused(db, auth, stats_exam, make_user, province_bank):
    exam, _users, _attempts = stats_exam()
    auth.login(make_user("legal", province_bank["top"]).username)
    response = auth.post(f"/results/exams/{exam.id}/publish-at",
                         {"publish_at": _at(utcnow() - timedelta(hours=1))})
    assert "定时公布的时间须晚于现在" in auth.client.get(response.location).get_data(as_text=True)
    _db.session.expire_all()
    assert exam.results_publish_at is None


def test_grading_not_done_tells_the_legal_section_once(db, stats_exam, make_user,
                                                       province_bank):
    exam, _users, attempts = stats_exam()
    legal = make_user("legal", province_bank["top"])
    attempts[0].pending_manual = 1
    exam.results_publish_at = utcnow() - timedelta(minutes=1)
    _db.session.commit()
    assert tasks.publish_due() == (0, 1)
    assert tasks.publish_due() == (0, 0)                 # told once, not every minute
    _db.session.expire_all()
    assert exam.results_published_at is None
    texts = list(_db.session.scalars(select(Notification.text).where(
        Notification.user_id == legal.id)))
    assert len(texts) == 1 and "成绩未能按时公布" in texts[0] and "待人工评分" in texts[0]
    assert _db.session.scalar(select(func.count()).select_from(Notification)) >= 1


def test_the_results_list_shows_a_closed_exam_without_candidates(db, auth, make_exam,
                                                                 make_user, province_bank):
    """Found by the browser suite: a closed exam with no seat in scope broke /results/."""
    exam = make_exam(name="无人参加的考试")
    exam.opens_at, exam.closes_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
    _db.session.commit()
    auth.login(make_user("legal", province_bank["top"]).username)
    response = auth.client.get("/results/")
    assert response.status_code == 200 and "无人参加的考试" in response.get_data(as_text=True)
