"""Results as an attacker sees them: keys early, someone else's paper, another county's ranking."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.models import utcnow
from app.exams.models import ExamCandidate
from app.extensions import db as _db
from app.results import services
from tests.exams.conftest import SECRET
from tests.exams.helpers import forget_request_state
from tests.results.conftest import paper


def login(auth, user):
    forget_request_state()
    auth.login(user.username)


def _publish(exam):
    services.publish(None, exam, utcnow())
    _db.session.commit()


def test_no_key_before_publishing_nor_while_a_window_is_still_open(db, auth, stats_exam):
    exam, users, attempts = stats_exam()
    page_url, json_url = (f"/results/attempts/{attempts[0].id}",
                          f"/results/attempts/{attempts[0].id}/review.json")
    login(auth, users[0])
    assert auth.client.get(json_url).status_code == 404
    page = auth.client.get(page_url).get_data(as_text=True)
    assert SECRET not in page and "40.0" not in page
    # Published, but a colleague has an accommodated window open one more hour.
    seat = _db.session.scalar(select(ExamCandidate).where(
        ExamCandidate.officer_id == users[4].officer_id))
    seat.window_closes_at = utcnow() + timedelta(hours=1)
    _db.session.commit()
    _publish(exam)
    assert auth.client.get(json_url).status_code == 404
    page = auth.client.get(page_url).get_data(as_text=True)
    assert "40.0" in page and SECRET not in page        # the score, not the key
    seat.window_closes_at = utcnow() - timedelta(minutes=1)
    _db.session.commit()
    review = auth.client.get(json_url).get_json()
    assert review["score"] == "40.00" and SECRET in review["items"][0]["explanation"]
    assert SECRET in auth.client.get(page_url).get_data(as_text=True)


def test_another_officers_result_is_not_found(db, auth, stats_exam):
    exam, users, attempts = stats_exam()
    _publish(exam)
    login(auth, users[1])
    for url in (f"/results/attempts/{attempts[0].id}",
                f"/results/attempts/{attempts[0].id}/review.json"):
        assert auth.client.get(url).status_code == 404
    assert auth.client.get(f"/results/exams/{exam.id}").status_code == 403
    assert auth.client.get(f"/results/exams/{exam.id}/sheet.pdf").status_code == 403
    assert auth.client.get(f"/results/officers/{users[0].officer_id}").status_code == 403


def test_a_county_sees_only_its_own_ranking(db, auth, stats_exam, make_user, province_bank):
    exam, users, _attempts = stats_exam(("360102", "360102", "360702", "360702", "360702"))
    for i, u in enumerate(users):
        u.officer.name = f"考生{'甲乙丙丁戊'[i]}"
    _db.session.commit()
    county = make_user("legal", province_bank["360102"])
    login(auth, county)
    page = auth.client.get(f"/results/exams/{exam.id}").get_data(as_text=True)
    assert "考生甲" in page and "考生乙" in page and "考生丙" not in page
    other = province_bank["360702"].id
    assert auth.client.get(f"/results/exams/{exam.id}?unit={other}").status_code == 404
    assert auth.client.get(f"/results/exams/{exam.id}/results.xlsx?unit={other}") \
        .status_code == 404
    sheet = load_workbook(io.BytesIO(auth.client.get(
        f"/results/exams/{exam.id}/results.xlsx").data)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"考生甲", "考生乙"}
    assert auth.client.get(f"/results/officers/{users[2].officer_id}").status_code == 404
    assert auth.client.get(f"/results/trend?unit={other}").status_code == 404


def test_only_the_legal_section_publishes(db, auth, stats_exam, make_user, province_bank):
    exam, _users, _attempts = stats_exam()
    hr = make_user("hr", province_bank["top"])
    login(auth, hr)
    assert auth.post(f"/results/exams/{exam.id}/publish").status_code == 403
    assert auth.post(f"/exams/{exam.id}/publish").status_code == 403
    auth.logout()
    legal = make_user("legal", province_bank["top"])
    login(auth, legal)
    assert auth.post(f"/results/exams/{exam.id}/publish").status_code == 302
    assert exam.results_published_at is not None


def test_practice_never_serves_a_question_of_an_open_exam(db, auth, make_exam, candidate):
    user, other = candidate("360102"), candidate("360103")
    exam = make_exam(officers=[other.officer])         # open now, not for `user`
    from app.exams.taking import start
    attempt = start(None, exam, other.officer, utcnow())
    _db.session.commit()
    locked = [i.version_id for i in paper(attempt)]
    login(auth, user)
    for version_id in locked:
        response = auth.post("/results/practice/answer", data={"version": version_id,
                                                               "answer": "B"})
        assert response.status_code == 404
    for _ in range(5):
        page = auth.client.get("/results/practice").get_data(as_text=True)
        assert not any(f'name="version" value="{v}"' in page for v in locked)
    auth.logout()
    login(auth, other)      # in an open exam: practice and the book are closed
    assert "考试期间暂停练习" in auth.client.get("/results/practice").get_data(as_text=True)
    assert "考试期间暂停练习" in auth.client.get("/results/wrong-book").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/results/", "/results/trend", "/results/mine",
                                 "/results/practice", "/results/wrong-book"])
def test_pages_need_a_login(client, url):
    assert client.get(url).status_code == 302


def test_a_non_candidates_wrong_book_hides_questions_of_an_open_exam(db, auth, make_exam,
                                                                     candidate):
    """Issue 14 (9): a book entry made before an exam opened showed its key during the exam."""
    from app.exams.taking import start
    from app.results.models import WrongBookEntry
    user, other = candidate("360102"), candidate("360103")
    exam = make_exam(officers=[other.officer])         # open now, not for `user`
    attempt = start(None, exam, other.officer, utcnow())
    earlier = utcnow() - timedelta(days=30)
    items = paper(attempt)
    for item in items:
        _db.session.add(WrongBookEntry(
            officer_id=user.officer_id, question_id=item.version.question_id,
            version_id=item.version_id, source="practice", last_response="",
            last_wrong_at=earlier, visible_from=earlier))
    _db.session.commit()
    entry_ids = list(_db.session.scalars(select(WrongBookEntry.id).where(
        WrongBookEntry.officer_id == user.officer_id)))
    login(auth, user)
    page = auth.client.get("/results/wrong-book").get_data(as_text=True)
    assert SECRET not in page
    assert not any(item.version.stem in page for item in items)
    for entry_id in entry_ids:
        assert auth.client.get(f"/results/wrong-book/{entry_id}/retry").status_code == 404
    for item in items:
        response = auth.post("/results/practice/answer",
                             data={"version": item.version_id, "answer": "B", "from_book": "1"})
        assert response.status_code == 404
        assert SECRET not in response.get_data(as_text=True)
