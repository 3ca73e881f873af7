"""Staff pages: a course made through the forms, progress per unit and reminders within the HR
clerk's scope only, and a 讲法微课堂 recording made a course in one step."""
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.actor import CLI
from app.core.models import utcnow
from app.learning import credit, heartbeat, services
from app.learning.models import Chapter, Course
from app.notifications.models import Notification
from app.training.models import Attendance, TrainingSession
from tests.learning.test_pages import MP4

TODAY = clock.today()


def mp4_upload():
    return (BytesIO(MP4.read_bytes()), "讲座.mp4")


def test_hr_makes_a_course_with_chapters_and_publishes_it(db, auth, make_user, province):
    hr = make_user("hr", province["360100"])
    auth.login(hr.username)
    answer = auth.post("/learning/admin/new", {
        "title": "行政处罚程序", "category": "business", "hours": "1.5",
        "unit_id": province["360100"].id, "audience": [province["360102"].id],
        "opens_on": TODAY.isoformat(), "closes_on": (TODAY + timedelta(days=9)).isoformat(),
        "quiz_size": "0", "pass_percent": "60"})
    assert answer.status_code == 302
    course = db.session.scalar(select(Course))
    url = f"/learning/admin/{course.id}"
    auth.post(url, {"title": "录像", "kind": "video", "min_minutes": "5", "file": mp4_upload()},
              content_type="multipart/form-data")
    auth.post(url, {"title": "假视频", "kind": "video", "min_minutes": "5",
                    "file": (BytesIO(b"not a video at all"), "x.mp4")},
              content_type="multipart/form-data")
    auth.post(url, {"title": "讲义", "kind": "text", "min_minutes": "3", "body": "第一段"})
    auth.post(f"/learning/admin/{course.id}/publish")
    db.session.expire_all()
    assert [(c.title, c.kind) for c in course.chapters] == [("录像", "video"), ("讲义", "text")]
    assert course.state == "published" and [u.code for u in course.units] == ["360102"]
    staff_file = auth.client.get(f"/learning/admin/chapters/{course.chapters[0].id}/file",
                                 headers={"Range": "bytes=0-9"})
    assert staff_file.status_code == 206 and staff_file.data == MP4.read_bytes()[:10]


def test_hr_cannot_open_a_course_for_a_unit_outside_its_scope(db, auth, make_user, province):
    hr = make_user("hr", province["360102"])
    auth.login(hr.username)
    auth.post("/learning/admin/new", {
        "title": "越权", "category": "business", "hours": "1", "unit_id": province["360700"].id,
        "opens_on": TODAY.isoformat(), "closes_on": TODAY.isoformat(), "quiz_size": "0",
        "pass_percent": "60"})
    assert db.session.scalar(select(Course.id)) is None


@pytest.fixture
def open_course(db, province):
    course = services.create_course(
        CLI, title="食品安全法", category="business", hours=Decimal("1"),
        unit=province["360100"], opens_on=TODAY, closes_on=TODAY + timedelta(days=5), quiz_size=0)
    services.add_chapter(CLI, course, title="一", kind="text", min_minutes=1, body="x")
    services.publish(CLI, course)
    db.session.commit()
    return course


def finish(db, course, officer):
    enrolment = services.enrol(officer, course, TODAY, utcnow())
    chapter = course.chapters[0]
    now = utcnow()
    for i in range(4):
        heartbeat.record(enrolment, chapter, heartbeat.Beat("t", chapter.id, True, True),
                         now + timedelta(seconds=30 * i))
    credit.complete_if_due(CLI, enrolment, now)
    db.session.commit()
    return enrolment


def test_progress_by_unit_and_reminders_stay_in_the_clerks_scope(
        db, auth, make_user, make_officer, province, open_course):
    a = make_officer(province["360102"], "甲")
    b = make_officer(province["360103"], "乙")
    c = make_officer(province["360103"], "丙")
    users = {o.id: make_user("officer", o.unit, officer=o) for o in (a, b, c)}
    finish(db, open_course, a)
    county_hr = make_user("hr", province["360103"])
    auth.login(county_hr.username)
    page = auth.client.get(f"/learning/admin/{open_course.id}").get_data(as_text=True)
    table = page.split('id="unit-progress"')[1].split("</table>")[0]
    assert "360103县局" in table and "360102县局" not in table
    auth.post(f"/learning/admin/{open_course.id}/remind")
    notified = set(db.session.scalars(select(Notification.user_id)))
    assert notified == {users[b.id].id, users[c.id].id}
    auth.post(f"/learning/admin/{open_course.id}/remind")     # the same day: nobody twice
    assert db.session.query(Notification).count() == 2
    auth.logout()
    city_hr = make_user("hr", province["360100"])
    auth.login(city_hr.username)
    page = auth.client.get(f"/learning/admin/{open_course.id}").get_data(as_text=True)
    table = page.split('id="unit-progress"')[1].split("</table>")[0]
    assert "<td>360102县局</td><td>1</td><td>1</td><td>1</td><td>100%</td>" in table
    assert "<td>360103县局</td><td>2</td><td>0</td><td>0</td><td>0%</td>" in table


def test_a_lecture_becomes_a_course_and_its_attendees_are_not_credited_twice(
        db, auth, make_user, make_officer, province):
    sat = make_officer(province["360102"], "到场")
    missed = make_officer(province["360102"], "缺席")
    lecture = TrainingSession(title="讲法微课堂：广告法", category="public_law",
                              study_format="讲法微课堂", unit=province["360100"],
                              start_date=TODAY, end_date=TODAY, year=TODAY.year,
                              hours=Decimal("1"), mode="offline", content="主讲：法规科")
    db.session.add(lecture)
    db.session.add(Attendance(session=lecture, officer_id=sat.id, hours=Decimal("1"),
                              year=TODAY.year, category="public_law"))
    db.session.commit()
    hr = make_user("hr", province["360100"])
    auth.login(hr.username)
    assert "to-course" in auth.client.get(f"/training/sessions/{lecture.id}").get_data(
        as_text=True)
    answer = auth.post(f"/learning/admin/from-session/{lecture.id}", {
        "file": mp4_upload(), "min_minutes": "1", "quiz_size": "0"},
        content_type="multipart/form-data")
    assert answer.status_code == 302
    course = db.session.scalar(select(Course))
    assert course.state == "published" and course.source_session_id == lecture.id
    assert [c.kind for c in course.chapters] == ["video"]
    again = auth.post(f"/learning/admin/from-session/{lecture.id}", {
        "file": mp4_upload(), "min_minutes": "1", "quiz_size": "0"},
        content_type="multipart/form-data")
    assert again.status_code == 200 and db.session.query(Course).count() == 1
    for officer in (sat, missed):
        enrolment = services.enrol(officer, course, TODAY, utcnow())
        chapter = course.chapters[0]
        now = utcnow()
        for i in range(4):
            heartbeat.record(enrolment, chapter, heartbeat.Beat(
                "t", chapter.id, True, True, 1.0, 30.0 * i), now + timedelta(seconds=30 * i))
        assert credit.complete_if_due(CLI, enrolment, now)
    db.session.commit()
    hours = {o: sum(a.hours for a in db.session.scalars(
        select(Attendance).where(Attendance.officer_id == o.id))) for o in (sat, missed)}
    assert hours == {sat: Decimal("1"), missed: Decimal("1")}
    assert db.session.query(Attendance).count() == 2


def test_the_officer_home_shows_open_courses_and_what_they_add(
        db, auth, make_user, make_officer, province, open_course):
    user = make_user("officer", province["360102"],
                     officer=make_officer(province["360102"], "首页"))
    auth.login(user.username)
    page = auth.client.get("/").get_data(as_text=True)
    assert "食品安全法" in page and "可计业务知识和行政执法技能1学时" in page


def test_a_county_clerk_follows_the_citys_course_but_cannot_change_it(
        db, auth, make_user, province, open_course):
    hr = make_user("hr", province["360102"])
    auth.login(hr.username)
    assert auth.client.get(f"/learning/admin/{open_course.id}").status_code == 200
    assert auth.post(f"/learning/admin/{open_course.id}", {
        "title": "塞进来", "kind": "text", "min_minutes": "1", "body": "x"}).status_code == 404
    assert auth.post(f"/learning/admin/{open_course.id}/publish").status_code == 404
    assert [c.title for c in db.session.scalars(select(Chapter))] == ["一"]


def test_a_video_bigger_than_the_form_limit_is_taken_by_the_upload_pages(
        db, app, auth, make_user, province, open_course, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 20_000)     # the mp4 is ~68 KB
    hr = make_user("hr", province["360100"])
    auth.login(hr.username)
    answer = auth.post(f"/learning/admin/{open_course.id}", {
        "title": "大视频", "kind": "video", "min_minutes": "5", "file": mp4_upload()},
        content_type="multipart/form-data")
    assert answer.status_code == 302
    assert [c.title for c in db.session.scalars(select(Chapter).order_by(Chapter.id))] == [
        "一", "大视频"]
    big = auth.post("/training/sessions/new", {"title": "x" * 30_000})
    assert big.status_code == 413                                     # elsewhere unchanged
