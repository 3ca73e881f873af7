"""Taking an exam through the page and its API, tested as the candidate and as an attacker."""
import json
import re
import sqlite3
from datetime import UTC, timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import func, select, text, update

from app.core.actor import CLI, SCHEDULER
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.exams import taking
from app.exams.models import Answer, Attempt, AttemptEvent, ExamSection, PaperItem
from tests.exams.conftest import SECRET
from tests.exams.helpers import (
    forget_request_state,
    fresh,
    item,
    save,
    start,
    state_of,
    submit,
)


def test_start_shows_the_paper_and_resumes_it(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    page, state = start(auth, exam, user)
    assert page.status_code == 200
    assert [i["type"] for i in state["items"]] == \
        ["single"] * 3 + ["multiple"] * 2 + ["truefalse"] * 2 + ["fill", "short"]
    assert 3500 < state["seconds_left"] <= 3600
    # Starting again (another tab, another device) resumes the same attempt.
    _, again = start(auth, exam, user, login=False)
    assert again["attempt"] == state["attempt"]
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_the_exam_page_has_no_menu_and_its_labels_in_the_users_language(
        db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    page, _ = start(auth, exam, user)
    html = page.get_data(as_text=True)
    assert "navbar-nav" not in html and "/notifications" not in html
    labels = json.loads(re.search(r'id="exam-labels">(.*?)</script>', html, re.S).group(1))
    assert labels["single"] == "单选题" and labels["truefalse"] == "判断题"
    assert labels["answered"] == "已答 {a} / {t} 题"
    auth.client.get("/lang/en")
    refresh()       # the tests' app context outlives a request, and Flask-Babel's locale with it
    english = auth.client.get(page.request.path).get_data(as_text=True)
    labels = json.loads(re.search(r'id="exam-labels">(.*?)</script>', english, re.S).group(1))
    assert labels["single"] == "Single choice"
    assert "navbar-nav" in auth.client.get("/exams/mine").get_data(as_text=True)


def test_a_bank_too_small_for_the_paper_refuses_the_start_in_chinese(db, auth, make_exam,
                                                                     candidate):
    """Questions retired after the exam was scheduled: the start says so, and writes nothing."""
    user = candidate()
    exam = make_exam(officers=[user.officer])
    db.session.execute(update(ExamSection).where(ExamSection.exam_id == exam.id,
                                                 ExamSection.qtype == "single")
                       .values(count=50))
    db.session.commit()
    forget_request_state()
    auth.login(user.username)
    token = auth.csrf("/exams/mine")
    response = auth.client.post(f"/exams/{exam.id}/start", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/exams/mine")
    page = auth.client.get("/exams/mine").get_data(as_text=True)
    assert 'role="alert">题库中的题目已不足以生成本场考试的试卷，请联系考试组织单位</div>' in page
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
    assert db.session.scalar(select(func.count()).select_from(PaperItem)) == 0


def test_answers_are_saved_resumed_and_graded(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    attempt = db.session.get(Attempt, state["attempt"])
    items = {i.position: i for i in db.session.scalars(select(PaperItem).where(
        PaperItem.candidate_id == attempt.candidate_id))}

    def shown(position: int, letters: str) -> str:   # original letters -> as shown
        order = items[position].option_order
        return "".join(sorted(chr(65 + order.index(c)) for c in letters))

    single, multiple = item(state, "single"), item(state, "multiple")
    fill, tf = item(state, "fill"), item(state, "truefalse")
    assert save(auth.client, state, single["position"], shown(single["position"], "B"), 1).json[
        "applied"]
    assert save(auth.client, state, multiple["position"], shown(multiple["position"], "AC"),
                2).status_code == 200
    fill_key = items[fill["position"]].version.answer.split("|")
    assert save(auth.client, state, fill["position"],
                [fill_key[0].split("/")[1], "错的"], 3).status_code == 200
    assert save(auth.client, state, tf["position"], "错误", 4).status_code == 200
    # Reopening shows every answer as given.
    page = auth.client.get(f"/exams/attempts/{attempt.id}")
    resumed = state_of(page)["answers"]
    assert resumed[str(single["position"])]["value"] == shown(single["position"], "B")
    assert resumed[str(fill["position"])]["value"] == [fill_key[0].split("/")[1], "错的"]
    response = submit(auth.client, state)
    assert response.json["state"] == "submitted"
    attempt = fresh(Attempt, attempt.id)
    # 10 (single) + 10 (multiple, all right) + 5 of 10 (one of two blanks) + 0 (false) = 25
    assert attempt.objective_score == 25
    assert attempt.pending_manual == 1          # the fill-in's unmatched blank, for issue 6
    assert attempt.passed is None
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "exam.grade", AuditEntry.entity_id == attempt.id)) == 1


def test_a_replayed_or_older_save_never_overwrites_a_newer_one(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    q = item(state, "truefalse")["position"]
    assert save(auth.client, state, q, "正确", 200).json["applied"] is True
    assert save(auth.client, state, q, "错误", 100).json["applied"] is False   # older, late
    assert save(auth.client, state, q, "错误", 200).json["applied"] is False   # replayed seq
    answer = db.session.scalar(select(Answer))
    assert (answer.response, answer.seq) == ("正确", 200)
    assert save(auth.client, state, q, "错误", 201).json["applied"] is True
    assert fresh(Answer, answer.id).response == "错误"


def test_bad_answers_are_refused_and_change_nothing(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    single = item(state, "single")["position"]
    assert save(auth.client, state, 999, "A", 1).status_code == 404          # not on the paper
    assert save(auth.client, state, single, "Z", 2).status_code == 422       # not an option
    assert save(auth.client, state, single, "AB", 3).status_code == 422      # two for a single
    assert save(auth.client, state, single, "A", -5).status_code == 422      # no valid seq
    assert save(auth.client, state, item(state, "truefalse")["position"], "也许", 4) \
        .status_code == 422
    assert save(auth.client, state, item(state, "fill")["position"], ["a"] * 9, 5) \
        .status_code == 422
    assert auth.client.post(state["urls"]["save"], data="nonsense",
                            headers={"X-Attempt-Token": state["token"]}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_another_candidates_attempt_is_out_of_reach(db, auth, app, make_exam, candidate):
    alice, bob = candidate(), candidate("360702")
    exam = make_exam(officers=[alice.officer, bob.officer])
    _, alice_state = start(auth, exam, alice)
    auth.logout()
    other = app.test_client()
    from tests.conftest import Auth
    bob_auth = Auth(other)
    _, bob_state = start(bob_auth, exam, bob)
    # Bob's token on Alice's attempt, a forged token, no token: refused.
    forged = alice_state["token"][:-3] + "abc"
    q = item(alice_state, "single")["position"]
    for token in (bob_state["token"], forged, ""):
        assert save(other, alice_state, q, "A", 1, token=token).status_code == 403
        assert submit(other, alice_state, token=token).status_code == 403
    # Alice's exam page for Bob: 404, no existence leak.
    assert other.get(f"/exams/attempts/{alice_state['attempt']}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert fresh(Attempt, alice_state["attempt"]).state == "in_progress"


def test_saving_needs_no_session_and_no_form_csrf_token(db, auth, app, make_exam, candidate):
    """A long exam outlives its session: the attempt token alone keeps it saving and submitting."""
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    auth.logout()
    bare = app.test_client()        # no cookies at all: no session, no CSRF token
    assert save(bare, state, item(state, "truefalse")["position"], "正确", 1).status_code == 200
    assert submit(bare, state).json["state"] == "submitted"


def test_an_exam_keeps_saving_after_the_session_ends_and_the_page_can_tell(
        db, auth, app, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    page, state = start(auth, exam, user)
    assert 'id="session-ended"' in page.get_data(as_text=True)
    status, json_only = state["urls"]["session"], {"Accept": "application/json"}
    assert auth.client.get(status, headers=json_only).json == {"ok": True}
    auth.logout()
    forget_request_state()
    ended = auth.client.get(status, headers=json_only)
    assert ended.status_code == 401 and "答案仍会保存" in ended.json["error"]
    bare = app.test_client()
    assert save(bare, state, item(state, "truefalse")["position"], "正确", 1).status_code == 200


def test_a_disabled_officers_token_stops_saving(db, auth, app, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    position = item(state, "truefalse")["position"]
    assert save(app.test_client(), state, position, "正确", 1).status_code == 200
    user.active = False
    db.session.commit()
    refused = save(app.test_client(), state, position, "错误", 2)
    assert refused.status_code == 403 and refused.json["error"] == "账号已停用，不能继续答题"
    assert submit(app.test_client(), state).status_code == 403
    db.session.expire_all()
    assert db.session.scalars(select(Answer.response).where(
        Answer.attempt_id == state["attempt"])).all() == ["正确"]


def test_after_the_deadline_the_attempt_is_submitted_and_saves_refused(db, auth, make_exam,
                                                                        candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    q = item(state, "truefalse")["position"]
    assert save(auth.client, state, q, "正确", 1).status_code == 200
    attempt = db.session.get(Attempt, state["attempt"])
    attempt.deadline_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    response = save(auth.client, state, q, "错误", 2)
    assert response.status_code == 409 and "时间已到" in response.json["error"]
    attempt = fresh(Attempt, attempt.id)
    assert (attempt.state, attempt.submitted_by) == ("submitted", "deadline")
    assert attempt.objective_score == 5             # the answer saved in time counts
    assert db.session.scalar(select(Answer.response)) == "正确"
    assert save(auth.client, state, q, "错误", 3).status_code == 409


def _save_at(client, state, q, value, seq, given_at):
    return client.post(state["urls"]["save"], headers={"X-Attempt-Token": state["token"]},
                       json={"q": q, "value": value, "seq": seq,
                             "at": int(given_at.replace(tzinfo=UTC).timestamp() * 1000)})


def test_in_the_grace_a_save_given_by_the_deadline_is_taken_one_given_after_is_not(
        db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    assert abs(state["deadline"] - state["now"] - state["seconds_left"] * 1000) < 1000
    assert state["grace_seconds"] == 3
    single, tf = item(state, "single")["position"], item(state, "truefalse")["position"]
    attempt = db.session.get(Attempt, state["attempt"])
    deadline = utcnow() - timedelta(seconds=1)          # 1 s into the 3 s grace
    attempt.deadline_at = deadline
    db.session.commit()
    given_late = _save_at(auth.client, state, tf, "正确", 1, deadline + timedelta(seconds=0.5))
    assert given_late.status_code == 409 and given_late.json["reason"] == "late"
    assert "截止之后" in given_late.json["error"]
    in_time = _save_at(auth.client, state, single, "A", 2, deadline - timedelta(seconds=20))
    assert in_time.status_code == 200 and in_time.json["in_grace"] is True
    assert in_time.json["applied"] and in_time.json["seq"] == 2
    assert fresh(Attempt, attempt.id).state == "in_progress"     # still in the grace
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_past_the_grace_a_claimed_early_time_buys_nothing(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    q = item(state, "truefalse")["position"]
    attempt = db.session.get(Attempt, state["attempt"])
    attempt.deadline_at = utcnow() - timedelta(seconds=4)          # past the 3 s grace
    db.session.commit()
    response = _save_at(auth.client, state, q, "正确", 1, utcnow() - timedelta(minutes=10))
    assert response.status_code == 409 and response.json["reason"] == "overdue"
    assert fresh(Attempt, attempt.id).state == "submitted"
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_a_malformed_answer_time_is_refused(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    q = item(state, "truefalse")["position"]
    for bad in ("soon", -5, 1.5, True, 2**60):
        response = auth.client.post(state["urls"]["save"], json={
            "q": q, "value": "正确", "seq": 1, "at": bad},
            headers={"X-Attempt-Token": state["token"]})
        assert response.status_code == 422 and "作答时间" in response.json["error"], bad
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_double_submit_makes_one_result(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    assert submit(auth.client, state).status_code == 200
    assert submit(auth.client, state).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "exam.submit")) == 1
    assert save(auth.client, state, 1, "A", 9).status_code == 409


def test_the_answer_key_is_never_sent_before_grading(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    page, state = start(auth, exam, user)
    attempt = db.session.get(Attempt, state["attempt"])
    keys = [i.version.answer for i in db.session.scalars(select(PaperItem).where(
        PaperItem.candidate_id == attempt.candidate_id))]
    bodies = [page.get_data(as_text=True),
              auth.client.get(state["urls"]["state"],
                              headers={"X-Attempt-Token": state["token"]}).get_data(as_text=True),
              save(auth.client, state, 1, "A", 1).get_data(as_text=True),
              auth.client.get("/exams/mine").get_data(as_text=True)]
    for body in bodies:
        assert SECRET not in body      # fill and short keys, explanations, legal basis
        assert '"answer"' not in body and "option_order" not in body
    assert any(SECRET in k for k in keys)    # the test would have seen them
    for i in state["items"]:
        assert set(i) == {"position", "type", "stem", "options", "blanks", "points"}


def test_shuffled_options_map_back_to_the_originals(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    attempt = db.session.get(Attempt, state["attempt"])
    for paper_item in db.session.scalars(select(PaperItem).where(
            PaperItem.candidate_id == attempt.candidate_id)):
        shown = next(i for i in state["items"] if i["position"] == paper_item.position)
        originals = paper_item.version.options
        assert [text for _, text in shown["options"]] == \
            [originals[c] for c in paper_item.option_order]


def test_leaving_the_page_is_recorded_not_blocked(db, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    headers = {"X-Attempt-Token": state["token"]}
    for kind in ("hidden", "blur", "nonsense"):
        assert auth.client.post(state["urls"]["event"], json={"kind": kind, "seconds_away": 7},
                                headers=headers).status_code == 200
    assert fresh(Attempt, state["attempt"]).leave_count == 2
    assert [e.kind for e in db.session.scalars(select(AttemptEvent))] == ["hidden", "blur"]
    assert save(auth.client, state, 1, "A", 1).status_code == 200


def test_outside_the_window_or_the_list_there_is_no_start(db, auth, make_exam, candidate):
    user, stranger = candidate(), candidate()
    now = utcnow()
    later = make_exam(officers=[user.officer], opens=now + timedelta(hours=1),
                      closes=now + timedelta(hours=3))
    auth.login(user.username)
    token = auth.csrf("/exams/mine")
    response = auth.client.post(f"/exams/{later.id}/start", data={"csrf_token": token},
                                follow_redirects=True)
    assert "考试尚未开始" in response.get_data(as_text=True)
    auth.logout()
    auth.login(stranger.username)
    token = auth.csrf("/exams/mine")
    assert auth.client.post(f"/exams/{later.id}/start",
                            data={"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_with_the_page_closed_the_deadline_submits_every_saved_answer(db, auth, make_exam,
                                                                      candidate):
    """Nobody touches the attempt after the deadline: the scheduled sweeper submits and grades it."""
    from app.scheduling import job_by_id, run_job

    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    for seq, tf in enumerate(i for i in state["items"] if i["type"] == "truefalse"):
        assert save(auth.client, state, tf["position"], "正确", seq + 1).status_code == 200
    assert save(auth.client, state, item(state, "short")["position"], "我的回答", 9) \
        .status_code == 200
    attempt = db.session.get(Attempt, state["attempt"])
    attempt.deadline_at = utcnow() - timedelta(seconds=10)
    db.session.commit()
    run_job(job_by_id("exams-finish-overdue"))
    attempt = fresh(Attempt, attempt.id)
    assert (attempt.state, attempt.submitted_by) == ("submitted", "deadline")
    answers = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)).all()
    assert len(answers) == 3
    assert attempt.objective_score == 10 and attempt.pending_manual == 1
    assert attempt.submitted_at == attempt.deadline_at


# ---- the rules called directly, with the server's time given ------------------------------

def _positions(attempt, qtype: str) -> list[int]:
    return [s for s, slot in sorted(taking.slots(attempt).items()) if slot.qtype == qtype]


def _refusal(call, *args, **kwargs) -> tuple[str, int]:
    with pytest.raises(taking.TakingError) as err:
        call(*args, **kwargs)
    return str(err.value), err.value.status


def test_a_start_is_taken_from_the_opening_moment_until_just_before_closing(
        db, make_exam, candidate):
    early, first, last = candidate(), candidate(), candidate()
    exam = make_exam(officers=[u.officer for u in (early, first, last)])
    opens, closes = exam.opens_at, exam.closes_at
    assert _refusal(taking.start, CLI, exam, early.officer, opens - timedelta(seconds=1)) == (
        "考试尚未开始", 409)
    attempt = taking.start(CLI, exam, first.officer, opens)
    seat = taking.candidate_for(exam, first.officer)
    assert (attempt.exam_id, attempt.candidate_id, attempt.officer_id, attempt.unit_id) == (
        exam.id, seat.id, first.officer.id, seat.unit_id)
    assert (attempt.state, attempt.started_at, attempt.deadline_at) == (
        "in_progress", opens, opens + timedelta(minutes=60))
    assert re.fullmatch(r"[0-9a-f]{32}", attempt.token_nonce)
    assert _refusal(taking.start, CLI, exam, early.officer, closes) == (
        "考试已结束，未参加的请等待补考安排", 409)
    at_the_end = taking.start(CLI, exam, last.officer, closes - timedelta(seconds=1))
    assert at_the_end.deadline_at == closes          # the window ends before the time limit
    assert at_the_end.token_nonce != attempt.token_nonce


def test_no_start_for_an_exam_not_published_or_an_officer_not_on_the_list(
        db, make_exam, candidate):
    user, stranger = candidate(), candidate()
    draft = make_exam(officers=[user.officer], schedule=False)
    assert _refusal(taking.start, CLI, draft, user.officer, utcnow()) == (
        "本场考试未发布或已取消", 409)
    exam = make_exam(officers=[user.officer])
    assert _refusal(taking.start, CLI, exam, stranger.officer, utcnow()) == (
        "您不在本场考试的考生名单中", 404)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_starting_again_resumes_the_attempt_and_past_the_grace_submits_it(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(user, exam, user.officer, exam.opens_at)
    deadline = attempt.deadline_at
    in_grace = taking.start(user, exam, user.officer, deadline + timedelta(seconds=2))
    assert in_grace.id == attempt.id and in_grace.state == "in_progress"
    after_closing = taking.start(user, exam, user.officer, exam.closes_at + timedelta(hours=1))
    assert after_closing.id == attempt.id
    assert (after_closing.state, after_closing.submitted_by, after_closing.submitted_at) == (
        "submitted", "deadline", deadline)
    # The submission and grading the late start did are audited as the officer's, who did it.
    assert db.session.execute(select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.actor_name)
                              .where(AuditEntry.action.in_(["exam.submit", "exam.grade"]))
                              .order_by(AuditEntry.action)).all() == [
        ("exam.grade", user.id, user.username), ("exam.submit", user.id, user.username)]


def test_a_seat_in_one_exam_is_no_seat_in_another(db, make_exam, candidate):
    both, first_only = candidate(), candidate()
    first = make_exam(officers=[both.officer, first_only.officer])
    second = make_exam(officers=[both.officer], name="2026年第4季度基本法律法规知识补考")
    now = utcnow()
    assert taking.candidate_for(second, first_only.officer) is None
    assert _refusal(taking.start, CLI, second, first_only.officer, now) == (
        "您不在本场考试的考生名单中", 404)
    in_first = taking.start(CLI, first, both.officer, now)
    in_second = taking.start(CLI, second, both.officer, now)
    assert in_first.id != in_second.id
    assert [(a.exam_id, a.candidate.exam_id) for a in (in_first, in_second)] == [
        (first.id, first.id), (second.id, second.id)]


def test_a_start_that_loses_the_race_to_another_tab_gets_that_tabs_attempt(
        db, make_exam, candidate, monkeypatch):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    other_tab = taking.start(CLI, exam, user.officer, utcnow())
    db.session.commit()
    real = taking.attempt_of
    calls = []

    def not_yet_seen(seat):       # the other tab's row is not yet visible at the first look
        calls.append(seat)
        return None if len(calls) == 1 else real(seat)
    monkeypatch.setattr(taking, "attempt_of", not_yet_seen)
    assert taking.start(CLI, exam, user.officer, utcnow()).id == other_tab.id
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_the_page_shows_each_question_in_paper_order_whatever_order_it_was_written(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    seat = PaperItem.candidate_id == attempt.candidate_id
    # The rows are written last position first (in two steps: positions are unique per seat).
    db.session.execute(update(PaperItem).where(seat).values(position=PaperItem.position + 100))
    db.session.execute(update(PaperItem).where(seat).values(position=110 - PaperItem.position))
    db.session.commit()
    stems = sorted((i.position, i.version.stem)
                   for i in db.session.scalars(select(PaperItem).where(seat)))
    assert [p for p, _ in stems] == list(range(1, 10))
    # SQLite reads a seat's items through its unique (seat, position) index, in order by
    # chance: asked to, it reads whatever is not ordered backwards (on this connection only).
    on_sqlite = db.engine.dialect.name == "sqlite"
    if on_sqlite:
        db.session.execute(text("PRAGMA reverse_unordered_selects = ON"))
    try:
        state = taking.paper_state(attempt, exam.opens_at)
    finally:
        if on_sqlite:
            db.session.execute(text("PRAGMA reverse_unordered_selects = OFF"))
    assert [(i["position"], i["stem"]) for i in state["items"]] == stems


def test_the_page_state_lists_the_paper_in_order_with_saved_answers_and_time_left(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    now = exam.opens_at + timedelta(minutes=10)
    state = taking.paper_state(attempt, now)
    assert (state["attempt"], state["state"], state["seconds_left"], state["grace_seconds"]) == (
        attempt.id, "in_progress", 50 * 60, 3)
    assert (state["now"], state["deadline"]) == (taking.epoch_ms(now),
                                                 taking.epoch_ms(attempt.deadline_at))
    assert [i["position"] for i in state["items"]] == list(range(1, 10))
    assert (state["answers"], state["max_seq"]) == ({}, 0)
    first, second = _positions(attempt, "truefalse")
    taking.save_answer(CLI, attempt, first, "正确", 5, now)
    taking.save_answer(CLI, attempt, second, "错误", 3, now)
    state = taking.paper_state(attempt, now)
    assert state["answers"] == {str(first): {"value": "正确", "seq": 5},
                                str(second): {"value": "错误", "seq": 3}}
    assert state["max_seq"] == 5
    taking.submit(CLI, attempt, now)
    state = taking.paper_state(attempt, now)
    assert (state["state"], state["seconds_left"]) == ("submitted", 0)


def test_at_the_deadline_a_save_is_in_time_and_in_the_grace_only_if_given_by_then(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    deadline, q = attempt.deadline_at, _positions(attempt, "truefalse")[0]
    assert taking.save_answer(CLI, attempt, q, "正确", 1, deadline, given_at=deadline) == {
        "saved": True, "applied": True, "seq": 1, "in_grace": False, "seconds_left": 0,
        "now": taking.epoch_ms(deadline), "deadline": taking.epoch_ms(deadline)}
    in_grace = deadline + timedelta(seconds=2)
    taken = taking.save_answer(CLI, attempt, q, "错误", 2, in_grace, given_at=deadline)
    assert (taken["applied"], taken["in_grace"]) == (True, True)
    with pytest.raises(taking.TooLate):
        taking.save_answer(CLI, attempt, q, "正确", 3, in_grace,
                           given_at=deadline + timedelta(milliseconds=1))
    unsaid = taking.save_answer(CLI, attempt, q, "正确", 4, in_grace)    # the page did not say
    assert unsaid["applied"] is True
    with pytest.raises(taking.Overdue):
        taking.save_answer(CLI, attempt, q, "错误", 5, deadline + timedelta(seconds=3),
                           given_at=deadline)
    assert db.session.scalar(select(Answer.response)) == "正确"


def test_no_save_after_submitting_or_for_a_question_not_on_the_paper(db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    now = exam.opens_at + timedelta(minutes=1)
    attempt = taking.start(CLI, exam, user.officer, now)
    assert _refusal(taking.save_answer, CLI, attempt, 10, "A", 1, now) == (
        "试卷中没有这道题", 404)
    taking.submit(CLI, attempt, now)
    assert _refusal(taking.save_answer, CLI, attempt, 1, "A", 2, now) == (
        "已交卷，答案不能再修改", 409)
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_a_newer_save_replaces_the_answer_and_its_time_an_older_one_neither(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    t0 = exam.opens_at
    attempt = taking.start(CLI, exam, user.officer, t0)
    q = _positions(attempt, "truefalse")[0]
    minute = timedelta(minutes=1)
    assert taking.save_answer(CLI, attempt, q, "正确", 2, t0 + minute)["applied"] is True
    assert taking.save_answer(CLI, attempt, q, "错误", 1, t0 + 2 * minute)["applied"] is False
    answer = db.session.scalar(select(Answer))
    db.session.refresh(answer)
    assert (answer.response, answer.seq, answer.saved_at, answer.needs_review) == (
        "正确", 2, t0 + minute, False)
    assert taking.save_answer(CLI, attempt, q, "错误", 3, t0 + 3 * minute)["applied"] is True
    db.session.refresh(answer)
    assert (answer.response, answer.seq, answer.saved_at) == ("错误", 3, t0 + 3 * minute)


def test_leaving_the_page_keeps_a_plausible_time_away_and_at_most_500_records(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    now = exam.opens_at + timedelta(minutes=1)
    attempt = taking.start(CLI, exam, user.officer, now)
    for seconds in (0, 86399, 86400, -1, "5", None):
        taking.record_event(attempt, "hidden", seconds, now)
    taking.record_event(attempt, "blur", 7, now + timedelta(seconds=1))
    events = db.session.scalars(select(AttemptEvent).order_by(AttemptEvent.id)).all()
    assert [(e.kind, e.seconds_away) for e in events] == [
        ("hidden", 0), ("hidden", 86399), ("hidden", None), ("hidden", None), ("hidden", None),
        ("hidden", None), ("blur", 7)]
    assert events[-1].at == now + timedelta(seconds=1)
    db.session.refresh(attempt)
    assert attempt.leave_count == 7
    attempt.leave_count = taking.MAX_EVENTS - 1
    db.session.flush()
    taking.record_event(attempt, "blur", 1, now)
    db.session.refresh(attempt)
    taking.record_event(attempt, "blur", 1, now)
    db.session.refresh(attempt)
    assert attempt.leave_count == taking.MAX_EVENTS
    assert db.session.scalar(select(func.count()).select_from(AttemptEvent)) == 8
    taking.submit(CLI, attempt, now)
    attempt.leave_count = 0
    taking.record_event(attempt, "hidden", 1, now)
    assert db.session.scalar(select(func.count()).select_from(AttemptEvent)) == 8


def test_a_paper_is_submitted_once_at_the_deadline_at_the_latest_and_audited(
        db, make_exam, candidate):
    users = [candidate(), candidate(), candidate()]
    exam = make_exam(officers=[u.officer for u in users])
    t0 = exam.opens_at
    own, late, ended = (taking.start(CLI, exam, u.officer, t0) for u in users)
    for attempt, n in ((own, 2), (late, 1)):
        for seq, q in enumerate(_positions(attempt, "truefalse")[:n], start=1):
            taking.save_answer(CLI, attempt, q, "正确", seq, t0)
    ten = t0 + timedelta(minutes=10)
    assert taking.submit(CLI, own, ten) is True
    assert taking.submit(CLI, own, ten + timedelta(minutes=1)) is False
    assert taking.submit(CLI, late, late.deadline_at + timedelta(seconds=2), by="deadline")
    assert taking.submit(CLI, ended, ten, by="deadline")       # the exam ended early
    assert [(a.state, a.submitted_by, a.submitted_at) for a in (own, late, ended)] == [
        ("submitted", "candidate", ten), ("submitted", "deadline", late.deadline_at),
        ("submitted", "deadline", ten)]
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "exam.submit").order_by(AuditEntry.id)).all()
    assert [(e.entity_type, e.entity_id, e.entity_label, e.unit_id, e.after, e.actor_name)
            for e in entries] == [
        ("exam_attempt", a.id, f"{exam.name} · {a.officer.name}", a.unit_id,
         {"submitted_by": by, "answers": n}, "cli")
        for a, by, n in ((own, "candidate", 2), (late, "deadline", 1), (ended, "deadline", 0))]
    assert own.objective_score == 10 and late.objective_score == 5
    graders = db.session.scalars(select(AuditEntry.actor_name).where(
        AuditEntry.action == "exam.grade")).all()
    assert graders == ["cli"] * 3


def test_a_candidate_submitting_in_the_grace_is_recorded_at_that_moment(
        db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    in_grace = attempt.deadline_at + timedelta(seconds=2)
    assert taking.submit(CLI, attempt, in_grace) is True
    assert (attempt.submitted_by, attempt.submitted_at) == ("candidate", in_grace)


def test_the_sweeper_finishes_only_an_attempt_past_its_grace(db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    db.session.commit()
    grace_end = attempt.deadline_at + timedelta(seconds=3)
    assert taking.finish_overdue(CLI, attempt.id + 1, grace_end) is False     # no such attempt
    assert taking.finish_overdue(CLI, attempt.id,
                                 grace_end - timedelta(milliseconds=1)) is False
    assert attempt.state == "in_progress"
    assert taking.finish_overdue(SCHEDULER, attempt.id, grace_end) is True
    assert (attempt.state, attempt.submitted_at) == ("submitted", attempt.deadline_at)
    assert taking.finish_overdue(SCHEDULER, attempt.id, grace_end) is False
    assert db.session.scalars(select(AuditEntry.actor_name).where(
        AuditEntry.action.in_(["exam.submit", "exam.grade"]))).all() == ["scheduler"] * 2


def test_the_sweeper_does_not_count_an_attempt_another_request_submitted(
        db, make_exam, candidate):
    """Its session read the attempt in progress; the candidate's submission came between."""
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    db.session.commit()
    assert attempt.state == "in_progress"                   # read into this session
    with db.engine.begin() as conn:
        conn.execute(update(Attempt).where(Attempt.id == attempt.id).values(
            state="submitted", submitted_by="candidate", submitted_at=exam.opens_at))
    assert taking.finish_overdue(SCHEDULER, attempt.id,
                                 attempt.deadline_at + timedelta(minutes=1)) is False
    assert attempt.submitted_by == "candidate"
    db.session.rollback()


def test_a_token_opens_only_its_own_attempt_while_it_is_current(
        db, make_exam, candidate, make_officer, province_bank):
    alice, bob = candidate(), candidate()
    no_account = make_officer(province_bank["360102"])
    exam = make_exam(officers=[alice.officer, bob.officer, no_account])
    now = exam.opens_at
    mine = taking.start(CLI, exam, alice.officer, now)
    theirs = taking.start(CLI, exam, bob.officer, now)
    token = taking.token_for(mine, alice.id)
    assert taking.attempt_for_token(token, mine.id) is mine
    assert taking.attempt_for_token(token, mine.id, hold=True) is mine
    invalid, foreign = ("答题凭证无效，请重新打开考试页面", 403), ("答题凭证与本次考试不符", 403)
    for bad in (None, "", token[:-2] + "xx"):
        assert _refusal(taking.attempt_for_token, bad, mine.id) == invalid
    signer = taking._signer()
    forged = [token_for_other := taking.token_for(theirs, bob.id), signer.dumps([mine.id]),
              signer.dumps({"a": mine.id, "o": bob.officer.id, "n": mine.token_nonce}),
              signer.dumps({"a": mine.id, "o": alice.officer.id, "n": "0" * 32})]
    for bad in forged:
        assert _refusal(taking.attempt_for_token, bad, mine.id) == foreign
    assert _refusal(taking.attempt_for_token, token_for_other, theirs.id + 100) == foreign
    mine.token_nonce = "f" * 32                                   # a new nonce revokes
    db.session.commit()
    assert _refusal(taking.attempt_for_token, token, mine.id) == foreign
    # An officer without an account (started by a proctor) is not refused for it.
    walk_in = taking.start(CLI, exam, no_account, now)
    assert taking.attempt_for_token(taking.token_for(walk_in, 0), walk_in.id) is walk_in


@pytest.mark.parametrize("salt", [{"salt": None}, {}, {"salt": "wtf-csrf-token"},
                                  {"salt": "cookie-session"}],
                         ids=["no-salt", "serializer-default", "csrf", "session"])
def test_a_token_signed_with_the_key_for_another_purpose_is_refused(
        db, app, make_exam, candidate, salt):
    """Only a token signed as an attempt token opens an attempt, not other values signed with
    SECRET_KEY: itsdangerous's defaults (no salt, a serializer's default) or Flask's salts."""
    from itsdangerous import URLSafeSerializer

    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, utcnow())
    claims = {"a": attempt.id, "o": attempt.officer_id, "u": user.id, "n": attempt.token_nonce}
    other = URLSafeSerializer(app.config["SECRET_KEY"], **salt)
    assert _refusal(taking.attempt_for_token, other.dumps(claims), attempt.id) == (
        "答题凭证无效，请重新打开考试页面", 403)
    assert taking.attempt_for_token(taking.token_for(attempt, user.id), attempt.id) is attempt


def test_a_token_for_an_attempt_that_no_longer_exists_is_refused(db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, utcnow())
    token, attempt_id = taking.token_for(attempt, user.id), attempt.id
    db.session.delete(attempt)
    db.session.commit()
    for hold in (False, True):
        assert _refusal(taking.attempt_for_token, token, attempt_id, hold=hold) == (
            "答题凭证与本次考试不符", 403)


def _as_shown(qtype: str, order: list, key: str):
    """The key in the letters the page showed: the position of each original letter."""
    if qtype in ("single", "multiple"):
        return "".join(sorted(chr(65 + order.index(c)) for c in key))
    return key.split("|") if qtype == "fill" else key


def test_a_stored_answer_shows_in_the_letters_the_candidate_saw(db, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    items = db.session.scalars(select(PaperItem).where(
        PaperItem.candidate_id == attempt.candidate_id)).all()
    assert {i.version.type for i in items} == {"single", "multiple", "truefalse", "fill", "short"}
    for paper_item in items:
        version = paper_item.version
        assert taking.shown_value(paper_item, version.answer) == _as_shown(
            version.type, paper_item.option_order, version.answer)


def test_on_sqlite_a_write_takes_the_database_lock_before_it_reads(db):
    """SQLite has no row locks: a save or a submission takes the write lock (BEGIN IMMEDIATE)
    before reading the attempt, so that a submission cannot slip between a save's check and
    its write. PostgreSQL share-locks the attempt row instead (attempt_for_token)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks the attempt row")
    db.session.commit()
    taking.begin_write()
    other = sqlite3.connect(db.engine.url.database, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        taking.begin_write()             # again in the same transaction: nothing more to take
        db.session.rollback()
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
    finally:
        other.close()


def test_the_grace_follows_the_setting(db, app, make_exam, candidate, monkeypatch):
    monkeypatch.setitem(app.config, "EXAM_GRACE_SECONDS", "10")
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, exam.opens_at)
    deadline, q = attempt.deadline_at, _positions(attempt, "truefalse")[0]
    five_late = deadline + timedelta(seconds=5)
    assert taking.paper_state(attempt, five_late)["grace_seconds"] == 10
    assert taking.save_answer(CLI, attempt, q, "正确", 1, five_late, given_at=deadline)["applied"]
    assert taking.finish_if_overdue(CLI, attempt, deadline + timedelta(seconds=9)) is False
    assert taking.finish_if_overdue(CLI, attempt, deadline + timedelta(seconds=10)) is True


def test_on_sqlite_a_start_draws_the_paper_holding_the_write_lock(
        db, make_exam, candidate, monkeypatch):
    """Two tabs starting at once must not both find no paper and both draw one."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL: the unique seat and paper positions settle it")
    user = candidate()
    exam = make_exam(officers=[user.officer])
    other = sqlite3.connect(db.engine.url.database, timeout=0)
    real, seen = taking.drawing.draw_paper, []

    def draw(*args):
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            seen.append("free")
        except sqlite3.OperationalError:
            seen.append("locked")
        return real(*args)
    monkeypatch.setattr(taking.drawing, "draw_paper", draw)
    try:
        taking.start(CLI, exam, user.officer, utcnow())
    finally:
        db.session.rollback()
        other.close()
    assert seen == ["locked"]


def test_a_token_check_reads_the_attempt_as_it_is_now(db, make_exam, candidate):
    """Even when this session read the attempt before another submitted it."""
    user = candidate()
    exam = make_exam(officers=[user.officer])
    attempt = taking.start(CLI, exam, user.officer, utcnow())
    db.session.commit()
    assert attempt.state == "in_progress"                   # read into this session
    with db.engine.begin() as conn:                          # another request submits it
        conn.execute(update(Attempt).where(Attempt.id == attempt.id).values(state="submitted"))
    token = taking.token_for(attempt, user.id)
    assert taking.attempt_for_token(token, attempt.id, hold=True).state == "submitted"
    db.session.rollback()
