"""Practice and the 错题本 close while the officer's own exam waits for them, and reopen once
they have submitted, still without the questions of a paper whose review is not open."""
from datetime import timedelta

from app.core import clock
from app.core.models import utcnow
from app.exams import taking
from app.extensions import db as _db
from tests.exams.helpers import forget_request_state
from tests.results.conftest import paper


def _get(auth, url):
    return auth.client.get(url).get_data(as_text=True)


def test_practice_reopens_on_submitting_and_says_when_it_would_reopen(db, auth, make_exam,
                                                                     candidate):
    user = candidate("360102")
    exam = make_exam(officers=[user.officer], minutes=30, closes=utcnow() + timedelta(days=7))
    forget_request_state()
    auth.login(user.username)
    # Not started yet: closed until the window closes, said in Beijing time.
    closes = clock.shown(exam.closes_at)
    for url in ("/results/practice", "/results/wrong-book"):
        page = _get(auth, url)
        assert "考试期间暂停练习" in page and f"{closes}（北京时间）" in page
    # Started: closed until the attempt's own deadline.
    attempt = taking.start(None, exam, user.officer, utcnow())
    _db.session.commit()
    assert f"{clock.shown(attempt.deadline_at)}（北京时间）" in _get(auth, "/results/practice")
    locked = {i.version_id for i in paper(attempt)}
    # Submitted, the window still open for a week: practice and the book are back ...
    taking.submit(None, attempt, utcnow())
    _db.session.commit()
    assert "考试期间暂停练习" not in _get(auth, "/results/wrong-book")
    seen = set()
    for _ in range(15):
        page = _get(auth, "/results/practice")
        assert "考试期间暂停练习" not in page and 'name="version"' in page
        seen |= {v for v in locked if f'name="version" value="{v}"' in page}
    # ... without this exam's questions, whose review is not open yet.
    assert not seen
    for version_id in locked:
        assert auth.post("/results/practice/answer",
                         data={"version": version_id, "answer": "B"}).status_code == 404
