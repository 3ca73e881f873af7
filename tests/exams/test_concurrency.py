"""Many requests on one attempt at once (threads, real transactions): nothing lost, one result."""
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.exams.models import Answer, Attempt
from tests.conftest import Auth
from tests.exams.helpers import forget_request_state, save, start, submit


def _parallel(n: int, work):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        return work(i)
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_concurrent_saves_lose_nothing_and_the_newest_wins(db, app, auth, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    positions = [i["position"] for i in state["items"] if i["type"] == "truefalse"] + \
        [i["position"] for i in state["items"] if i["type"] == "short"]
    counter = itertools.count(1)
    lock = threading.Lock()
    sent: dict[int, list[int]] = {p: [] for p in positions}

    def work(i):
        client = app.test_client()   # a tab of its own: no cookies, the token only
        statuses = []
        for k in range(12):
            position = positions[(i + k) % len(positions)]
            with lock:
                seq = next(counter)
            value = "正确" if position != positions[-1] else f"第{seq}稿"
            response = save(client, state, position, value if seq % 2 else
                            ("错误" if position != positions[-1] else value), seq)
            statuses.append(response.status_code)
            with lock:
                sent[position].append(seq)
        return statuses

    results = _parallel(8, work)
    assert all(code == 200 for codes in results for code in codes)
    db.session.expire_all()
    stored = {a.item.position: a for a in db.session.scalars(
        select(Answer).where(Answer.attempt_id == state["attempt"]))}
    assert set(stored) == set(positions)
    for position, seqs in sent.items():
        assert stored[position].seq == max(seqs)         # the newest write is the one kept
    short = stored[positions[-1]]
    assert short.response == f"第{short.seq}稿"


def test_double_start_makes_one_attempt(db, app, make_exam, candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    clients = []
    for _ in range(4):
        a = Auth(app.test_client())
        forget_request_state()
        a.login(user.username)
        forget_request_state()
        clients.append((a, a.csrf("/exams/mine")))

    def work(i):
        a, token = clients[i]
        return a.client.post(f"/exams/{exam.id}/start", data={"csrf_token": token}).status_code

    assert _parallel(4, work) == [302] * 4
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_submit_racing_saves_grades_every_acknowledged_answer(db, app, auth, make_exam,
                                                             candidate):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    tf = [i["position"] for i in state["items"] if i["type"] == "truefalse"]

    def work(i):
        client = app.test_client()
        if i < 2:
            return ("submit", submit(client, state).status_code)
        return ("save", save(client, state, tf[i % 2], "正确", 100 + i).status_code)

    results = _parallel(6, work)
    assert {code for kind, code in results if kind == "submit"} == {200}
    assert all(code in (200, 409) for kind, code in results if kind == "save")
    db.session.expire_all()
    attempt = db.session.get(Attempt, state["attempt"])
    assert attempt.state == "submitted"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "exam.submit")) == 1
    # Every stored answer was graded: none slipped in after the grading.
    assert db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.attempt_id == attempt.id, Answer.auto_score.is_(None))) == 0
    saved = db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.attempt_id == attempt.id))
    assert attempt.objective_score == 5 * saved
