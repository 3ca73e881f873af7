"""The officer's pages through the client: study, heartbeats, range requests, the quiz, the
credit in the record and the archive PDF; and the same routes tried as an attacker."""
import subprocess
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core import clock as core_clock
from app.core.actor import CLI
from app.core.models import utcnow
from app.laws.models import Law
from app.learning import services, timing
from app.learning.models import Enrolment, StudyBeat
from app.questions.models import Question, QuestionVersion, question_key
from app.specialties.models import Specialty
from app.training.models import Attendance
from app.training.online.models import OnlineCourse

MP4 = Path(__file__).parent / "fixtures" / "tiny.mp4"


class Clock:
    """The server's study clock, moved by the test."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def tick(self, seconds: float):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(timing, "now", fake)
    return fake


def law_with_questions(db, name="反不正当竞争法", n=3):
    law = Law(name=name)
    specialty = db.session.scalar(select(Specialty).order_by(Specialty.id))
    db.session.add(law)
    for i in range(n):
        stem = f"{name}判断题{i}"
        q = Question(specialty=specialty, key_hash=question_key("truefalse", stem),
                     current_number=1)
        q.versions.append(QuestionVersion(number=1, type="truefalse", stem=stem, options={},
                                          answer="正确", basis_law=name, search_text=stem))
        db.session.add(q)
    db.session.commit()
    return law


@pytest.fixture
def course(db, province, app):
    law = law_with_questions(db)
    today = core_clock.today()
    course = services.create_course(
        CLI, title="反不正当竞争法新修订", category="public_law", hours=Decimal("2"),
        unit=province["360100"], opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30), law_ids=[law.id], quiz_size=2, pass_percent=60)
    services.add_chapter(CLI, course, title="第一讲", kind="text", min_minutes=1, body="正文")
    with app.test_request_context():
        services.add_chapter(CLI, course, title="视频", kind="video", min_minutes=1,
                             stored_name=_store_mp4(), original_name="tiny.mp4")
    services.publish(CLI, course)
    db.session.commit()
    return course


def _store_mp4() -> str:
    from app.learning import media
    with open(MP4, "rb") as f:
        return media.save(f, "video")


@pytest.fixture
def officer_user(make_user, make_officer, province):
    return make_user("officer", province["360102"],
                     officer=make_officer(province["360102"], "王在线"))


def beat(auth, enrolment_id, chapter_id, tab="T1", **over):
    body = {"tab": tab, "chapter_id": chapter_id, "visible": True, "playing": True,
            "rate": 1, "position": 0} | over
    return auth.client.post(f"/learning/beat/{enrolment_id}", json=body,
                            headers={"X-CSRFToken": auth.token})


def study_all(auth, course, clock, enrolment_id):
    for chapter in course.chapters:
        for i in range(4):                      # 0, 30, 60, 90 s: 90 counted
            answer = beat(auth, enrolment_id, chapter.id, position=30 * i)
            assert answer.status_code == 200
            clock.tick(30)
        assert answer.get_json()["complete"]


def enrolment_of(db, officer_id, course):
    return db.session.scalar(select(Enrolment).where(Enrolment.officer_id == officer_id,
                                                     Enrolment.course_id == course.id))


def test_the_officer_studies_passes_the_quiz_and_finds_the_hours(db, auth, course,
                                                                  officer_user, clock):
    auth.login(officer_user.username)
    page = auth.client.get("/learning/").get_data(as_text=True)
    assert "反不正当竞争法新修订" in page
    assert auth.client.get(f"/learning/courses/{course.id}").status_code == 200
    enrolment = enrolment_of(db, officer_user.officer_id, course)
    chapter_page = auth.client.get(
        f"/learning/courses/{course.id}/chapters/{course.chapters[1].id}").get_data(as_text=True)
    assert 'data-beat-ms="30000"' in chapter_page and "<video" in chapter_page
    assert auth.client.get(f"/learning/courses/{course.id}/quiz").status_code == 302  # not yet
    study_all(auth, course, clock, enrolment.id)

    quiz = auth.client.get(f"/learning/courses/{course.id}/quiz").get_data(as_text=True)
    ids = sorted({int(x) for x in __import__("re").findall(r'name="q(\d+)"', quiz)})
    assert len(ids) == 2
    done = auth.post(f"/learning/courses/{course.id}/quiz", {f"q{i}": "正确" for i in ids})
    assert done.status_code == 302

    db.session.expire_all()
    rows = db.session.scalars(select(Attendance).where(
        Attendance.officer_id == officer_user.officer_id)).all()
    assert [(r.hours, r.category, r.year) for r in rows] == [
        (Decimal("2.0"), "public_law", core_clock.today().year)]
    session = rows[0].session
    assert session.mode == "online" and "学习记录" in session.content
    assert "服务器计时有效学习3分钟" in session.content      # 90 + 90 s counted
    archive = auth.client.get("/training/me/archive.pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=archive.data, capture_output=True,
                          check=True).stdout.decode()
    text = "".join(text.split())          # table cells wrap their text
    assert "反不正当竞争法新修订" in text and "在线学习记录" in text


def test_a_failed_quiz_credits_nothing_and_a_second_completion_never_counts_twice(
        db, auth, course, officer_user, clock):
    from app.learning import credit

    auth.login(officer_user.username)
    auth.client.get(f"/learning/courses/{course.id}")
    enrolment = enrolment_of(db, officer_user.officer_id, course)
    study_all(auth, course, clock, enrolment.id)
    auth.client.get(f"/learning/courses/{course.id}/quiz")
    auth.post(f"/learning/courses/{course.id}/quiz", {})          # nothing answered: 0
    assert db.session.scalar(select(Attendance.id)) is None
    auth.client.get(f"/learning/courses/{course.id}/quiz")
    quiz = auth.client.get(f"/learning/courses/{course.id}/quiz").get_data(as_text=True)
    ids = {int(x) for x in __import__("re").findall(r'name="q(\d+)"', quiz)}
    auth.post(f"/learning/courses/{course.id}/quiz", {f"q{i}": "正确" for i in ids})
    db.session.expire_all()
    enrolment = enrolment_of(db, officer_user.officer_id, course)
    enrolment.completed_at = None                                # as if completing again
    assert credit.complete_if_due(CLI, enrolment, utcnow())
    db.session.commit()
    assert len(db.session.scalars(select(Attendance)).all()) == 1
    assert len(db.session.scalars(select(OnlineCourse)).all()) == 1


def test_resume_keeps_the_position_across_a_reload(db, auth, course, officer_user, clock):
    auth.login(officer_user.username)
    auth.client.get(f"/learning/courses/{course.id}")
    enrolment = enrolment_of(db, officer_user.officer_id, course)
    video = course.chapters[1]
    beat(auth, enrolment.id, video.id, position=12.5)
    page = auth.client.get(f"/learning/courses/{course.id}/chapters/{video.id}")
    assert 'data-position="12.5"' in page.get_data(as_text=True)
    course_page = auth.client.get(f"/learning/courses/{course.id}").get_data(as_text=True)
    assert f"/chapters/{video.id}" in course_page.split('id="resume"')[1].split(">")[0]


def test_video_is_served_with_range_requests(db, auth, course, officer_user):
    auth.login(officer_user.username)
    video = course.chapters[1]
    whole = auth.client.get(f"/learning/media/{video.id}")
    assert whole.status_code == 200 and whole.data == MP4.read_bytes()
    part = auth.client.get(f"/learning/media/{video.id}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{MP4.stat().st_size}"
    assert part.data == MP4.read_bytes()[100:200]
    assert part.headers["Accept-Ranges"] == "bytes"


def test_behind_nginx_the_file_goes_by_x_accel_redirect(db, app, auth, course, officer_user,
                                                        monkeypatch):
    monkeypatch.setitem(app.config, "LEARNING_ACCEL_PREFIX", "/protected-learning/")
    auth.login(officer_user.username)
    video = course.chapters[1]
    answer = auth.client.get(f"/learning/media/{video.id}")
    assert answer.headers["X-Accel-Redirect"] == f"/protected-learning/{video.stored_name}"
    assert answer.data == b""


# ---- as an attacker ------------------------------------------------------------------------

def test_a_beat_for_another_officers_enrolment_is_404_and_counts_nothing(
        db, auth, course, officer_user, make_user, make_officer, province, clock):
    victim = make_officer(province["360102"], "赵别人")
    enrolment = services.enrol(victim, course, core_clock.today(), utcnow())
    db.session.commit()
    auth.login(officer_user.username)
    for _ in range(3):
        assert beat(auth, enrolment.id, course.chapters[0].id).status_code == 404
        clock.tick(30)
    assert db.session.scalar(select(StudyBeat.id)) is None
    assert auth.client.post(f"/learning/confirm/{enrolment.id}",
                            headers={"X-CSRFToken": auth.token}).status_code == 404


def test_a_chapter_of_another_course_in_a_beat_is_404(db, auth, course, officer_user, clock):
    other = services.create_course(
        CLI, title="别的课", category="business", hours=Decimal("1"),
        unit=course.unit, opens_on=course.opens_on, closes_on=course.closes_on, quiz_size=0)
    services.add_chapter(CLI, other, title="x", kind="text", min_minutes=1, body="x")
    db.session.commit()
    auth.login(officer_user.username)
    auth.client.get(f"/learning/courses/{course.id}")
    enrolment = enrolment_of(db, officer_user.officer_id, course)
    assert beat(auth, enrolment.id, other.chapters[0].id).status_code == 404


def test_a_course_outside_the_audience_is_404_everywhere(db, auth, course, make_user,
                                                         make_officer, province):
    outsider = make_user("officer", province["360702"],
                         officer=make_officer(province["360702"], "钱外市"))
    auth.login(outsider.username)
    assert "反不正当竞争法新修订" not in auth.client.get("/learning/").get_data(as_text=True)
    video = course.chapters[1]
    for url in (f"/learning/courses/{course.id}",
                f"/learning/courses/{course.id}/chapters/{video.id}",
                f"/learning/media/{video.id}", f"/learning/courses/{course.id}/quiz"):
        assert auth.client.get(url).status_code == 404, url
    assert db.session.scalar(select(Enrolment.id)) is None


def test_the_beat_needs_the_csrf_token(db, auth, course, officer_user):
    auth.login(officer_user.username)
    auth.client.get(f"/learning/courses/{course.id}")
    enrolment = enrolment_of(db, officer_user.officer_id, course)
    answer = auth.client.post(f"/learning/beat/{enrolment.id}", json={
        "tab": "x", "chapter_id": course.chapters[0].id, "visible": True, "playing": True})
    assert answer.status_code == 400


def test_staff_pages_are_for_staff_of_the_course_scope(db, auth, course, make_user, province,
                                                       officer_user):
    auth.login(officer_user.username)
    assert auth.client.get("/learning/admin/").status_code == 403
    assert auth.client.get(f"/learning/admin/{course.id}").status_code == 403
    auth.logout()
    other_city = make_user("hr", province["360700"])
    auth.login(other_city.username)
    assert auth.client.get(f"/learning/admin/{course.id}").status_code == 404
    assert auth.client.get(f"/learning/admin/chapters/{course.chapters[1].id}/file"
                           ).status_code == 404
    assert "反不正当竞争法新修订" not in auth.client.get("/learning/admin/").get_data(as_text=True)


def test_a_pdf_chapter_is_shown_in_the_page_and_only_framed_by_this_site(
        db, app, auth, course, officer_user):
    from app.learning import media

    with app.test_request_context():
        stored = media.save(BytesIO(b"%PDF-1.4\n%tiny\n"), "pdf")
    chapter = services.add_chapter(CLI, course, title="讲义", kind="pdf", min_minutes=1,
                                   stored_name=stored, original_name="讲义.pdf")
    db.session.commit()
    auth.login(officer_user.username)
    page = auth.client.get(f"/learning/courses/{course.id}/chapters/{chapter.id}")
    assert f'<iframe class="w-100 border pdf-frame" title="讲义" src="/learning/media/{chapter.id}"' \
        in page.get_data(as_text=True)
    pdf = auth.client.get(f"/learning/media/{chapter.id}")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert "frame-ancestors 'self'" in pdf.headers["Content-Security-Policy"]
    assert pdf.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "attachment" not in pdf.headers.get("Content-Disposition", "")


def test_a_file_that_is_not_what_it_claims_is_refused(app):
    from app.learning import media

    with app.test_request_context(), pytest.raises(media.MediaError):
        media.save(BytesIO(b"%PDF-1.4 not a video"), "video")


@pytest.mark.parametrize("method, url", [
    ("get", "/learning/"), ("get", "/learning/courses/1"), ("get", "/learning/media/1"),
    ("post", "/learning/beat/1"), ("post", "/learning/confirm/1"),
    ("get", "/learning/courses/1/quiz"), ("get", "/learning/admin/"),
    ("get", "/learning/admin/1"), ("post", "/learning/admin/1/remind"),
    ("get", "/learning/admin/from-session/1")])
def test_every_learning_route_needs_a_log_in(client, method, url):
    answer = getattr(client, method)(url)
    assert answer.status_code in (302, 400) and (answer.status_code == 400
                                                 or "/login" in answer.headers["Location"])


def test_staff_have_no_officer_study_pages(db, auth, make_user, province, course):
    hr = make_user("hr", province["360100"])
    auth.login(hr.username)
    for url in ("/learning/", f"/learning/courses/{course.id}",
                f"/learning/media/{course.chapters[1].id}"):
        assert auth.client.get(url).status_code == 403, url
