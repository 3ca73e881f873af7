"""The heartbeat rules: time counts only between two beats the server saw, from one active tab,
at most 1.5× speed, with no check pending. Hand-computed cases on an injected clock."""
import random

import pytest

from app.learning import heartbeat
from app.learning.heartbeat import Beat, BeatRefused
from tests.learning.conftest import at


def beats(db, enrolment, chapter, times, tab="A", visible=True, playing=True, rate=1.0,
          speed=None):
    """Send a beat at each time (seconds after START); a video position moves at `speed`."""
    verdicts = []
    for t in times:
        position = t * (speed if speed is not None else rate)
        verdicts.append(heartbeat.record(enrolment, chapter, Beat(
            tab, chapter.id, visible, playing, rate, position), at(t)))
    db.session.commit()
    return verdicts


def counted(enrolment, chapter):
    return next(p.counted_seconds for p in enrolment.progress if p.chapter_id == chapter.id)


def test_steady_beats_count_the_wall_time_after_the_first(db, course, enrol):
    e = enrol(course)
    chapter = course.chapters[0]
    verdicts = beats(db, e, chapter, range(0, 601, 30))
    assert verdicts[0].verdict == "start" and verdicts[0].credited == 0
    assert counted(e, chapter) == 600
    assert verdicts[-1].chapter_complete       # 600 s = the 10 minutes asked
    assert not verdicts[-2].chapter_complete   # 570 s


def test_missing_heartbeats_leave_the_gap_uncounted(db, course, enrol):
    e = enrol(course)
    chapter = course.chapters[0]
    verdicts = beats(db, e, chapter, [0, 30, 150, 180])   # 120 s without a beat
    assert [v.verdict for v in verdicts] == ["start", "counted", "gap", "counted"]
    assert counted(e, chapter) == 60


def test_beating_faster_never_earns_more_than_the_wall_time(db, course, enrol):
    e = enrol(course)
    chapter = course.chapters[0]
    beats(db, e, chapter, [t / 4 for t in range(0, 241)])   # every 0.25 s for 60 s
    assert counted(e, chapter) == 60


def test_a_second_tab_does_not_double_the_time(db, course, enrol):
    e = enrol(course)
    first, second = course.chapters
    for t in range(0, 301, 30):
        heartbeat.record(e, first, Beat("A", first.id, True, True), at(t))
        verdict = heartbeat.record(e, second, Beat("B", second.id, True, True), at(t + 15))
        assert verdict.verdict == "other_tab" and verdict.credited == 0
    db.session.commit()
    assert counted(e, first) == 300
    assert counted(e, second) == 0


def test_a_second_course_counts_only_once_the_first_tab_fell_silent(db, course, video_course,
                                                                    enrol):
    e1, e2 = enrol(course), enrol(video_course)
    text, video = course.chapters[0], video_course.chapters[0]
    beats(db, e1, text, [0, 30, 60])
    assert beats(db, e2, video, [70], tab="B")[0].verdict == "other_tab"   # A beat 10 s ago
    later = beats(db, e2, video, [130, 160], tab="B")                       # A silent 70 s
    assert [v.verdict for v in later] == ["start", "counted"]
    assert counted(e1, text) == 60 and counted(e2, video) == 30


def test_four_times_speed_counts_three_eighths(db, video_course, enrol):
    e = enrol(video_course)
    chapter = video_course.chapters[0]
    verdicts = beats(db, e, chapter, [0, 30, 60], rate=4.0)
    assert {v.verdict for v in verdicts[1:]} == {"fast"}
    assert counted(e, chapter) == pytest.approx(60 * 1.5 / 4)   # 22.5 s


def test_a_page_lying_about_its_speed_is_judged_by_its_positions(db, video_course, enrol):
    e = enrol(video_course)
    chapter = video_course.chapters[0]
    beats(db, e, chapter, [0, 30, 60], rate=1.0, speed=4.0)   # says 1×, moves 120 s per 30 s
    assert counted(e, chapter) == pytest.approx(22.5)


def test_one_and_a_half_speed_counts_in_full(db, video_course, enrol):
    e = enrol(video_course)
    chapter = video_course.chapters[0]
    beats(db, e, chapter, [0, 30, 60], rate=1.5)
    assert counted(e, chapter) == 60


def test_a_hidden_page_or_a_paused_video_earns_nothing(db, video_course, enrol):
    e = enrol(video_course)
    chapter = video_course.chapters[0]
    beats(db, e, chapter, [0, 30])                                        # 30 counted
    hidden = beats(db, e, chapter, [60, 90], visible=False)
    back = beats(db, e, chapter, [120, 150])                              # restarts at 120
    paused = beats(db, e, chapter, [180, 210], playing=False)
    assert [v.verdict for v in hidden + back + paused] == [
        "hidden", "hidden", "start", "counted", "paused", "paused"]
    assert counted(e, chapter) == 60


def test_a_text_chapter_counts_while_visible_without_a_video(db, course, enrol):
    e = enrol(course)
    chapter = course.chapters[0]
    beats(db, e, chapter, [0, 30], playing=False)
    assert counted(e, chapter) == 30


def test_the_presence_check_stops_the_count_until_answered(db, course, enrol):
    e = enrol(course)
    e.check_at_seconds = 60
    chapter = course.chapters[0]
    verdicts = beats(db, e, chapter, [0, 30, 60, 90, 120])
    assert [v.verdict for v in verdicts] == ["start", "counted", "counted", "check", "check"]
    assert verdicts[2].check and counted(e, chapter) == 60
    heartbeat.confirm_presence(e, rng=random.Random(1))
    assert not e.check_pending and 660 <= e.check_at_seconds <= 1260
    assert beats(db, e, chapter, [150])[0].verdict == "counted"
    assert counted(e, chapter) == 90


def test_a_closed_course_counts_nothing(db, course, enrol):
    e = enrol(course)
    course.closes_on = course.opens_on
    chapter = course.chapters[0]
    verdicts = beats(db, e, chapter, [0, 30])
    assert {v.verdict for v in verdicts} == {"closed"} and counted(e, chapter) == 0


def test_a_chapter_of_another_course_is_refused(db, course, video_course, enrol):
    e = enrol(course)
    with pytest.raises(BeatRefused):
        heartbeat.record(e, video_course.chapters[0], Beat("A", 1, True, True), at(0))


def test_every_beat_is_logged_with_its_verdict(db, course, enrol):
    from app.learning.models import StudyBeat

    e = enrol(course)
    beats(db, e, course.chapters[0], [0, 30, 200])
    log = db.session.query(StudyBeat).order_by(StudyBeat.at).all()
    assert [(b.verdict, b.credited) for b in log] == [("start", 0), ("counted", 30), ("gap", 0)]


def test_two_pages_sharing_one_tab_id_still_earn_only_the_wall_time(db, course, enrol):
    """A duplicated tab copies the tab id: its beats interleave with the first one's, and each
    earns only the time since the other's beat, so the sum is the wall time."""
    e = enrol(course)
    chapter = course.chapters[0]
    beats(db, e, chapter, sorted([*range(0, 301, 30), *range(15, 301, 30)]))
    assert counted(e, chapter) == 300
