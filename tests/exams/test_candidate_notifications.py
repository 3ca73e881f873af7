"""An officer hears in the app when they become a candidate: by unit, from the pool, or
when the draft they were put on is published."""
from sqlalchemy import select

from app.core import clock
from app.notifications.models import Notification


def _notes(db, user):
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_candidates_added_by_unit_are_notified_with_a_link(db, auth, make_exam, province_bank,
                                                           make_user, candidate):
    legal = make_user("legal", province_bank["top"])
    county, elsewhere = candidate("360102"), candidate("360702")
    exam = make_exam()
    auth.login(legal.username)
    response = auth.post(f"/exams/{exam.id}/candidates",
                         {"unit_id": str(province_bank["360102"].id)})
    assert response.status_code == 302
    [note] = _notes(db, county)
    assert f"您已被列为《{exam.name}》的考生" in note.text
    assert f"{clock.shown(exam.opens_at)} 至 {clock.shown(exam.closes_at)}" in note.text
    assert note.link == "/exams/mine"
    assert _notes(db, elsewhere) == []


def test_candidates_of_a_draft_hear_when_it_is_published(db, auth, make_exam, province_bank,
                                                         make_user, candidate):
    legal = make_user("legal", province_bank["top"])
    officer = candidate("360103")
    exam = make_exam(schedule=False)
    auth.login(legal.username)
    assert auth.post(f"/exams/{exam.id}/pool").status_code == 302
    assert _notes(db, officer) == []        # a draft may still change
    assert auth.post(f"/exams/{exam.id}/schedule").status_code == 302
    [note] = _notes(db, officer)
    assert exam.name in note.text and note.link == "/exams/mine"
