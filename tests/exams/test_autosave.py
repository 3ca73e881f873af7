"""The autosave's fast path (app/exams/autosave.py): one statement, the same answers as before.

A save of a paper this process has cached goes through one checked upsert; every refusal
still answers as the full path does, and a save racing a submission still either lands
before grading or is refused (the attempt's row lock, or SQLite's write lock).
"""
import json
import threading
import time
from datetime import timedelta

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event, select, update

from app.core.models import utcnow
from app.exams import autosave, taking
from app.exams.models import Answer, Attempt
from app.extensions import db as _db
from tests.exams.helpers import fresh, item, save, start, submit


def _statements(work):
    """The SQL statements `work()` sends (BEGIN IMMEDIATE left out), and its result."""
    seen = []

    def record(conn, cursor, statement, params, context, executemany):
        if statement.strip().upper() != "BEGIN IMMEDIATE":
            seen.append(" ".join(statement.split()))
    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        result = work()
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
    return seen, result


def _stored(attempt_id: int) -> dict[int, tuple[str, int]]:
    _db.session.expire_all()
    return {a.item.position: (a.response, a.seq) for a in _db.session.scalars(
        select(Answer).where(Answer.attempt_id == attempt_id))}


def _started(auth, app, make_exam, candidate):
    """An attempt whose paper this process has cached (its first save took the full path)."""
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    first = item(state, "single")["position"]
    assert save(app.test_client(), state, first, "A", 1).status_code == 200
    return user, state


def test_a_save_of_a_cached_paper_is_one_statement_and_answers_as_before(
        db, auth, app, make_exam, candidate):
    _, state = _started(auth, app, make_exam, candidate)
    position = item(state, "truefalse")["position"]
    client = app.test_client()
    sent, fast = _statements(lambda: save(client, state, position, "正确", 2))
    assert fast.status_code == 200
    assert len(sent) == 1 and sent[0].startswith("INSERT INTO exam_answers")
    assert "FROM exam_attempts" in sent[0] and "token_nonce" in sent[0]
    # The full path's answer to the same save, for comparison: same keys, same values.
    full = taking.save_answer(None, fresh(Attempt, state["attempt"]), position, "错误", 3,
                              utcnow())
    _db.session.commit()
    body = fast.json
    assert set(body) == {"ok", *full}
    assert body["ok"] is True and body["saved"] is True and body["applied"] is True
    assert body["seq"] == 2 and body["in_grace"] is False
    assert body["deadline"] == full["deadline"]
    assert abs(body["seconds_left"] - full["seconds_left"]) <= 1
    assert _stored(state["attempt"])[position] == ("错误", 3)


def test_the_fast_path_refuses_what_the_full_path_refuses(db, auth, app, make_exam, candidate):
    user, state = _started(auth, app, make_exam, candidate)
    client, attempt_id = app.test_client(), state["attempt"]
    tf, single = item(state, "truefalse")["position"], item(state, "single")["position"]
    assert save(client, state, tf, "正确", 10).json["applied"] is True
    # An older or replayed seq: stored nothing, said so (applied false), as before.
    older = save(client, state, tf, "错误", 9)
    assert older.status_code == 200 and older.json["applied"] is False
    # Malformed: a question not on the paper, an answer out of range, a bad seq or time.
    assert save(client, state, 999, "A", 11).status_code == 404
    assert save(client, state, single, "Z", 11).status_code == 422
    assert save(client, state, single, "A", 0).status_code == 422
    bad_time = client.post(state["urls"]["save"], json={"q": tf, "value": "错误", "seq": 11,
                                                        "at": "soon"},
                           headers={"X-Attempt-Token": state["token"]})
    assert bad_time.status_code == 422
    assert _stored(attempt_id)[tf] == ("正确", 10)
    # A revoked token (new nonce): refused, though the old nonce's paper is still cached.
    _db.session.execute(update(Attempt).where(Attempt.id == attempt_id)
                        .values(token_nonce="e" * 32))
    _db.session.commit()
    revoked = save(client, state, tf, "错误", 12)
    assert revoked.status_code == 403 and revoked.json["error"] == "答题凭证与本次考试不符"
    assert _stored(attempt_id)[tf] == ("正确", 10)


def test_another_officers_token_cannot_use_the_cached_paper(db, auth, app, make_exam, candidate):
    """The statement checks the token's officer against the attempt's, not only the nonce."""
    alice, state = _started(auth, app, make_exam, candidate)
    bob = candidate("360702")
    attempt = fresh(Attempt, state["attempt"])
    forged = taking._signer().dumps({"a": attempt.id, "o": bob.officer.id, "u": bob.id,
                                     "n": attempt.token_nonce})
    tf = item(state, "truefalse")["position"]
    refused = save(app.test_client(), state, tf, "正确", 5, token=forged)
    assert refused.status_code == 403
    assert tf not in _stored(state["attempt"])


def test_after_submitting_or_past_the_deadline_the_fast_path_stores_nothing(
        db, auth, app, make_exam, candidate):
    _, state = _started(auth, app, make_exam, candidate)
    client, attempt_id = app.test_client(), state["attempt"]
    tf = item(state, "truefalse")["position"]
    # In the grace (deadline just passed): the full path takes it and says so.
    _db.session.execute(update(Attempt).where(Attempt.id == attempt_id)
                        .values(deadline_at=utcnow() - timedelta(seconds=1)))
    _db.session.commit()
    late = save(client, state, tf, "正确", 2)
    assert late.status_code == 200 and late.json["in_grace"] is True
    # Past the grace: refused, and the attempt submitted by the deadline.
    _db.session.execute(update(Attempt).where(Attempt.id == attempt_id)
                        .values(deadline_at=utcnow() - timedelta(minutes=1)))
    _db.session.commit()
    overdue = save(client, state, tf, "错误", 3)
    assert overdue.status_code == 409 and overdue.json["reason"] == "overdue"
    assert fresh(Attempt, attempt_id).state == "submitted"
    assert _stored(attempt_id)[tf] == ("正确", 2)


def test_a_save_after_the_candidate_submitted_is_refused(db, auth, app, make_exam, candidate):
    _, state = _started(auth, app, make_exam, candidate)
    client = app.test_client()
    assert submit(client, state).status_code == 200
    tf = item(state, "truefalse")["position"]
    refused = save(client, state, tf, "正确", 2)
    assert refused.status_code == 409 and refused.json["error"] == "已交卷，答案不能再修改"
    assert tf not in _stored(state["attempt"])


def test_a_save_waiting_on_a_submission_finds_it_submitted(db, auth, app, make_exam, candidate):
    """Another transaction has submitted the attempt but not committed: the save waits for it
    (PostgreSQL: the row lock, then the WHERE is checked again on the new row; SQLite: the
    write lock), then stores nothing."""
    _, state = _started(auth, app, make_exam, candidate)
    tf = item(state, "truefalse")["position"]
    answers: list = []
    with _db.engine.connect() as other:
        other.execute(update(Attempt).where(Attempt.id == state["attempt"])
                      .values(state="submitted", submitted_at=utcnow(),
                              submitted_by="candidate"))
        saver = threading.Thread(target=lambda: answers.append(
            save(app.test_client(), state, tf, "正确", 2)))
        saver.start()
        time.sleep(0.5)
        assert saver.is_alive() and not answers        # waiting for the submission
        other.commit()
    saver.join(timeout=30)
    assert answers[0].status_code == 409
    assert tf not in _stored(state["attempt"])


def test_a_save_waiting_on_a_new_deadline_is_judged_and_answered_by_it(
        db, auth, app, make_exam, candidate):
    """Ended early while the save waited: refused past the new deadline's grace. Given more
    time: stored, and the answer carries the new deadline."""
    _, state = _started(auth, app, make_exam, candidate)
    tf = item(state, "truefalse")["position"]
    later = utcnow().replace(microsecond=0) + timedelta(hours=5)

    def waiting_save(deadline, seq):
        answers: list = []
        with _db.engine.connect() as other:
            other.execute(update(Attempt).where(Attempt.id == state["attempt"])
                          .values(deadline_at=deadline))
            saver = threading.Thread(target=lambda: answers.append(
                save(app.test_client(), state, tf, "正确", seq)))
            saver.start()
            time.sleep(0.5)
            assert saver.is_alive() and not answers
            other.commit()
        saver.join(timeout=30)
        return answers[0]
    extended = waiting_save(later, 2)
    assert extended.status_code == 200 and extended.json["applied"] is True
    assert extended.json["deadline"] == taking.epoch_ms(later)
    ended = waiting_save(utcnow() - timedelta(minutes=1), 3)
    assert ended.status_code == 409 and ended.json["reason"] == "overdue"
    assert _stored(state["attempt"])[tf] == ("正确", 2)


def test_saves_racing_a_submission_on_a_cached_paper_are_graded_or_refused(
        db, auth, app, make_exam, candidate):
    _, state = _started(auth, app, make_exam, candidate)
    positions = [i["position"] for i in state["items"] if i["type"] == "truefalse"]
    barrier = threading.Barrier(6)
    results: list = []

    def work(i):
        client = app.test_client()
        barrier.wait()
        if i == 0:
            results.append(("submit", submit(client, state).status_code))
        else:
            response = save(client, state, positions[i % 2], "正确", 100 + i)
            results.append(("save", response.status_code))
    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert ("submit", 200) in results
    assert all(code in (200, 409) for kind, code in results if kind == "save")
    _db.session.expire_all()
    # Every stored answer was graded: none slipped in after the grading.
    assert _db.session.scalar(select(Answer.id).where(
        Answer.attempt_id == state["attempt"], Answer.auto_score.is_(None))) is None


def test_the_statement_is_built_once_per_dialect():
    assert autosave.checked_upsert("postgresql") is autosave.checked_upsert("postgresql")


def test_the_exam_api_neither_reads_nor_sets_the_session_cookie(db, auth, app, make_exam,
                                                                candidate, monkeypatch):
    """Token-authorised: the page's session cookie rides along, is not opened, and the answer
    sets no cookie; the same client's pages still see the log-in."""
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    tf = item(state, "truefalse")["position"]
    opened, real = [], SecureCookieSessionInterface.open_session

    def spy(self, app_, request):
        opened.append(request.path)
        return real(self, app_, request)
    monkeypatch.setattr(SecureCookieSessionInterface, "open_session", spy)
    for seq in (1, 2):                                  # the full path, then the fast one
        answer = save(auth.client, state, tf, "正确", seq)
        assert answer.status_code == 200
        assert "Set-Cookie" not in answer.headers
        assert "Cookie" not in answer.headers.get("Vary", "")
    assert auth.client.get("/exams/mine").status_code == 200        # still logged in
    assert opened == ["/exams/mine"]


# ---- FastSaves: the fast path answered before Flask ------------------------------------------

def _spy_on_flask(app, monkeypatch) -> list[str]:
    """The paths Flask's own request handling saw (FastSaves answers the others itself)."""
    seen, handled = [], app.wsgi_app.next_app

    def flask(environ, start_response):
        seen.append(environ["PATH_INFO"])
        return handled(environ, start_response)
    monkeypatch.setattr(app.wsgi_app, "next_app", flask)
    return seen


def test_a_fast_save_skips_flask_and_carries_every_security_header(
        db, auth, app, make_exam, candidate, monkeypatch):
    from app.core import headers
    _, state = _started(auth, app, make_exam, candidate)
    seen = _spy_on_flask(app, monkeypatch)
    answer = save(app.test_client(), state, item(state, "truefalse")["position"], "正确", 2)
    assert answer.status_code == 200 and answer.json["applied"] is True
    assert seen == []
    assert answer.headers["Content-Type"] == "application/json"
    for name, value in headers.for_app(app).items():
        assert answer.headers[name] == value
    assert "Set-Cookie" not in answer.headers


def test_what_the_fast_path_does_not_store_reaches_flask_with_its_body(
        db, auth, app, make_exam, candidate, monkeypatch):
    """Malformed JSON, a body too big for a save, an older seq: Flask gets the request, the
    body it read put back, and the full path answers as before."""
    _, state = _started(auth, app, make_exam, candidate)
    client, tf = app.test_client(), item(state, "truefalse")["position"]
    seen = _spy_on_flask(app, monkeypatch)
    url, token = state["urls"]["save"], {"X-Attempt-Token": state["token"]}
    broken = client.post(url, data=b'{"q": 1, "value"', headers=token,
                         content_type="application/json")
    assert broken.status_code == 400 and broken.json["error"] == "请求格式不正确"
    padded = json.dumps({"q": tf, "value": "正确", "seq": 5, "pad": "x" * 20_000},
                        ensure_ascii=False)
    big = client.post(url, data=padded.encode(), headers=token, content_type="application/json")
    assert big.status_code == 200 and big.json["seq"] == 5 and big.json["applied"] is True
    older = save(client, state, tf, "错误", 4)
    assert older.status_code == 200 and older.json["applied"] is False
    assert seen == [url] * 3
    assert _stored(state["attempt"])[tf] == ("正确", 5)


def test_a_database_error_in_the_fast_path_leaves_the_answer_to_the_full_path(
        db, auth, app, make_exam, candidate, monkeypatch):
    from sqlalchemy.exc import OperationalError
    _, state = _started(auth, app, make_exam, candidate)

    def failing(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("connection lost"))
    monkeypatch.setattr(autosave, "save", failing)
    tf = item(state, "truefalse")["position"]
    answer = save(app.test_client(), state, tf, "正确", 2)
    assert answer.status_code == 200 and answer.json["applied"] is True
    assert _stored(state["attempt"])[tf] == ("正确", 2)


def test_a_token_is_verified_once_and_a_forged_one_is_never_taken(app):
    with app.app_context():
        secret = app.config["SECRET_KEY"]
        token = taking._signer().dumps({"a": 7, "o": 3, "u": 2, "n": "n" * 32})
        autosave._claims.cache_clear()
        assert autosave._claims(secret, token) == {"a": 7, "o": 3, "u": 2, "n": "n" * 32}
        assert autosave._claims(secret, token) == {"a": 7, "o": 3, "u": 2, "n": "n" * 32}
        assert autosave._claims.cache_info().hits == 1
        assert autosave._claims(secret, token[:-2] + "xx") is None
        assert autosave._claims(secret, "") is None
