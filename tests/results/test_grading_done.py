"""The grading queue says when grading is finished, not "您尚未领取答案"."""
from sqlalchemy import select

from app.exams.models import Answer
from tests.exams.helpers import forget_request_state
from tests.results.test_grading import graded_exam  # noqa: F401


def test_the_queue_says_grading_is_finished(db, auth, graded_exam, make_user,  # noqa: F811
                                            province_bank):
    exam, _users, _attempts = graded_exam
    grader = make_user("legal", province_bank["top"])
    forget_request_state()
    auth.login(grader.username)
    url = f"/results/exams/{exam.id}/grading"
    assert "您尚未领取答案" in auth.client.get(url).get_data(as_text=True)
    for _ in range(10):
        auth.post(f"{url}/claim")
        held = db.session.scalars(select(Answer.id).where(
            Answer.needs_review.is_(True))).all()
        if not held:
            break
        auth.post(f"{url}/grade", data={f"score-{a}": "1" for a in held})
        db.session.expire_all()
    page = auth.client.get(url).get_data(as_text=True)
    assert "阅卷已完成，没有待阅的答案。" in page and "您尚未领取答案" not in page
