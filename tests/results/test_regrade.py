"""Fixing a wrong key: a new bank version, every affected paper regraded, officers told."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.core.scoping import Scope
from app.exams.models import Attempt, PaperItem
from app.notifications.models import Notification
from app.questions.models import Question
from app.results import services, stats
from app.results.models import KeyFix
from tests.exams.helpers import forget_request_state, fresh
from tests.results.conftest import paper


def _item(attempt, position):
    return next(i for i in paper(attempt) if i.position == position)


def test_a_key_fix_regrades_every_affected_result_and_tells_the_officers(
        db, stats_exam, make_user, province_bank):
    exam, users, attempts = stats_exam()
    legal = make_user("legal", province_bank["top"])
    services.publish(legal, exam, utcnow())
    db.session.commit()
    old = _item(attempts[0], 3).version
    assert stats.FLAG_KEY in next(s for s in stats.exam_items(exam, Scope(everything=True))
                                  if s.version.id == old.id).flags
    fix = services.fix_key(legal, exam, old, "c", "原答案有误，应为C", Scope.of(legal), utcnow())
    db.session.commit()
    # S3 now scores for A and B (chose C), not for C, D, E: 40→50, 25→35, 35→25, 20→10, 20→10.
    after = [fresh(Attempt, a.id) for a in attempts]
    assert [a.score for a in after] == [50, 35, 25, 10, 10]
    assert [a.passed for a in after] == [True, True, False, False, False]
    assert (fix.attempts_regraded, fix.results_changed) == (5, 5)
    assert (fix.old_key, fix.new_key) == ("B", "C")
    question = db.session.get(Question, old.question_id)
    assert question.current_number == 2 and question.current.answer == "C"
    assert {i.version_id for i in db.session.scalars(select(PaperItem).where(
        PaperItem.exam_id == exam.id, PaperItem.position == 3))} == {fix.new_version_id}
    texts = dict(db.session.execute(select(Notification.user_id, Notification.text).where(
        Notification.text.like("%成绩已更正%"))).all())
    assert set(texts) == {u.id for u in users}
    assert "35分，合格" in texts[users[1].id]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "result.regrade")) == 5
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "result.key_fix")) == 1


@pytest.mark.parametrize("key, reason, message", [
    ("B", "理由", "不同"), ("C", " ", "原因")])
def test_a_key_fix_needs_a_new_key_and_a_reason(db, stats_exam, make_user, province_bank,
                                                key, reason, message):
    exam, _users, attempts = stats_exam()
    legal = make_user("legal", province_bank["top"])
    with pytest.raises(services.ResultError, match=message):
        services.fix_key(legal, exam, _item(attempts[0], 3).version, key, reason,
                         Scope.of(legal), utcnow())


def test_the_key_fix_page(db, auth, stats_exam, make_user, province_bank):
    exam, _users, attempts = stats_exam()
    version = _item(attempts[0], 3).version
    hr = make_user("hr", province_bank["top"])
    forget_request_state()
    auth.login(hr.username)
    url = f"/results/exams/{exam.id}/items/{version.id}/fix"
    assert auth.post(url, data={"answer": "C", "reason": "x"}).status_code == 403
    auth.logout()
    county = make_user("legal", province_bank["360102"])
    forget_request_state()
    auth.login(county.username)
    assert auth.post(url, data={"answer": "C", "reason": "x"}).status_code == 403
    auth.logout()
    legal = make_user("legal", province_bank["top"])
    forget_request_state()
    auth.login(legal.username)
    page = auth.client.get(f"/results/exams/{exam.id}/items").get_data(as_text=True)
    assert "疑似答案有误" in page
    assert auth.post(url, data={"answer": "C", "reason": "原答案有误"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(KeyFix)) == 1
    assert fresh(Attempt, attempts[0].id).score == Decimal(50)
