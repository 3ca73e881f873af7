"""One pass rate: 合格率 of those who sat and were graded, 参考率 of the candidates, none
while a window of the exam is open — the same figure on every page that shows one."""
from datetime import timedelta

from app.core.models import utcnow
from app.extensions import db as _db
from app.results import services
from tests.exams.helpers import forget_request_state
from tests.results.conftest import STATS_ANSWERS, close, sit
from tests.results.test_pages import chart_of


def _exam_with_absentees(make_exam, candidate, stats_sections):
    """Five candidates: three sit (40, 25, 35 points: two pass at 30), two stay away."""
    users = [candidate("360102") for _ in range(5)]
    exam = make_exam(sections=stats_sections, mode="fixed", shuffle=False,
                     officers=[u.officer for u in users])
    for user, answers in zip(users[:3], STATS_ANSWERS[:3], strict=True):
        sit(exam, user.officer, {p: a for p, a in answers.items() if a})
    return exam


def _page(auth, user, url) -> str:
    forget_request_state()
    if auth.token:
        auth.logout()
    auth.login(user.username)
    response = auth.client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_page_gives_the_same_pass_rate(db, auth, make_exam, candidate, make_user,
                                             province_bank):
    from tests.results.conftest import STATS_SECTIONS
    exam = _exam_with_absentees(make_exam, candidate, STATS_SECTIONS)
    close(exam)
    services.publish(None, exam, utcnow())
    _db.session.commit()
    legal = make_user("legal", province_bank["top"])
    leader = make_user("leader", province_bank["top"])
    # 2 passed of 3 who sat = 66.7 %; 3 sat of 5 candidates = 60.0 %.
    page = _page(auth, legal, f"/results/exams/{exam.id}")
    assert "66.7%" in page and "60.0%" in page and "40.0%" not in page
    assert "66.7" in _page(auth, legal, "/results/")
    trend = chart_of(_page(auth, legal, "/results/trend"), "trend")
    assert trend["data"]["datasets"][0]["data"] == [66.7]
    home = _page(auth, leader, "/")
    assert "66.7%" in home and "40.0%" not in home


def test_no_rate_while_a_window_is_open(db, auth, make_exam, candidate, make_user,
                                        province_bank):
    from tests.results.conftest import STATS_SECTIONS
    exam = _exam_with_absentees(make_exam, candidate, STATS_SECTIONS)
    exam.closes_at = utcnow() + timedelta(hours=1)
    _db.session.commit()
    legal = make_user("legal", province_bank["top"])
    for url in (f"/results/exams/{exam.id}", "/results/"):
        page = _page(auth, legal, url)
        assert "66.7" not in page and "40.0%" not in page, url
