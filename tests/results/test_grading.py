"""Manual grading: the queue split by two graders, anonymised, audited; totals and `passed`."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.core.scoping import Scope
from app.exams import queries as exam_queries
from app.exams import services as exam_services
from app.exams.models import Answer, Attempt
from app.results import grading, services
from tests.exams.helpers import forget_request_state, fresh
from tests.results.conftest import close, paper, sit

ALL = Scope(everything=True)


def _text_answers(items):
    """Right on every choice and true/false, a short answer and an unmatched fill-in."""
    return {i.position: {"single": i.version.answer, "multiple": i.version.answer,
                         "truefalse": i.version.answer, "fill": ["写法不同", "也不同"],
                         "short": "依法处理并告知当事人"}[i.version.type] for i in items}


def _sit_with_text(exam, officer):
    return sit(exam, officer, _text_answers)


@pytest.fixture
def graded_exam(db, make_exam, candidate, make_user, province_bank):
    users = [candidate("360102"), candidate("360702")]
    exam = make_exam(officers=[u.officer for u in users])
    attempts = [_sit_with_text(exam, u.officer) for u in users]
    return exam, users, attempts


def test_text_answers_wait_for_a_person(db, graded_exam):
    exam, _users, attempts = graded_exam
    for a in attempts:
        a = fresh(Attempt, a.id)
        # 3×10 + 2×10 + 2×5 right = 60; fill (unmatched) 0 and short (unscored) wait.
        assert (a.score, a.pending_manual, a.passed) == (Decimal(60), 2, None)


def test_two_graders_split_the_queue_and_every_grade_is_audited(db, graded_exam, make_user,
                                                               province_bank):
    exam, _users, attempts = graded_exam
    one = make_user("legal", province_bank["top"])
    two = make_user("legal", province_bank["top"])
    now = utcnow()
    short = next(i.version_id for i in paper(attempts[0]) if i.version.type == "short")
    assert grading.claim(one, exam, ALL, now, version_id=short) == 2
    assert grading.claim(two, exam, ALL, now) == 2          # only the two fill-ins are left
    assert grading.claim(two, exam, ALL, now) == 0
    mine = grading.my_batch(exam, ALL, one.id, now)
    theirs = grading.my_batch(exam, ALL, two.id, now)
    assert {i.version.type for _a, i, _c in mine} == {"short"}
    assert {i.version.type for _a, i, _c in theirs} == {"fill"}
    with pytest.raises(grading.GradingError):
        grading.grade_answer(two, mine[0][0], Decimal(5), now)
    with pytest.raises(grading.GradingError):
        grading.grade_answer(one, mine[0][0], Decimal(11), now)     # more than the points
    for answer, _item, _code in mine:
        grading.grade_answer(one, answer, Decimal("7.5"), now)
    for answer, _item, _code in theirs:
        grading.grade_answer(two, answer, Decimal(5), now)
    db.session.commit()
    for a in attempts:
        a = fresh(Attempt, a.id)
        assert (a.score, a.pending_manual, a.passed) == (Decimal("72.5"), 0, True)
    graded = db.session.scalars(select(Answer).where(Answer.graded_by_id.is_not(None))).all()
    assert {a.graded_by_id for a in graded} == {one.id, two.id}
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "result.grade")) == 4


def test_a_claim_expires_and_another_grader_may_take_it(db, graded_exam, make_user,
                                                       province_bank):
    exam, _users, _attempts = graded_exam
    one = make_user("legal", province_bank["top"])
    two = make_user("legal", province_bank["top"])
    now = utcnow()
    assert grading.claim(one, exam, ALL, now) == 4
    later = now + timedelta(minutes=grading.CLAIM_MINUTES + 1)
    assert grading.claim(two, exam, ALL, later) == 4


def test_publishing_waits_for_grading(db, graded_exam, make_user, province_bank):
    exam, _users, attempts = graded_exam
    close(exam)
    with pytest.raises(services.ResultError, match="待人工评分"):
        services.publish(CLI, exam, utcnow())
    with pytest.raises(exam_services.ExamError):
        exam_services.publish_results(CLI, exam, utcnow())
    grader = make_user("legal", province_bank["top"])
    now = utcnow()
    grading.claim(grader, exam, ALL, now)
    for answer, _i, _c in grading.my_batch(exam, ALL, grader.id, now):
        grading.grade_answer(grader, answer, Decimal(0), now)
    services.publish(CLI, exam, utcnow())
    db.session.commit()
    assert exam.results_published_at is not None


def test_the_queue_page_hides_names(db, auth, graded_exam, make_user, province_bank):
    exam, users, _attempts = graded_exam
    users[0].officer.name = "欧阳秘名"
    db.session.commit()
    grader = make_user("legal", province_bank["top"])
    forget_request_state()
    auth.login(grader.username)
    auth.post(f"/results/exams/{exam.id}/grading/claim")
    page = auth.client.get(f"/results/exams/{exam.id}/grading").get_data(as_text=True)
    assert "欧阳秘名" not in page and "依法处理并告知当事人" in page
    assert "密钥答案参考" in page        # the model answer is beside the response
    answer_id = db.session.scalars(select(Answer.id).where(Answer.needs_review.is_(True))).first()
    response = auth.post(f"/results/exams/{exam.id}/grading/grade",
                         data={f"score-{answer_id}": "6"})
    assert response.status_code == 302
    assert fresh(Answer, answer_id).score == Decimal(6)


def test_a_county_grader_sees_only_the_county(db, auth, graded_exam, make_user, province_bank):
    exam, _users, attempts = graded_exam
    county = make_user("legal", province_bank["360702"])
    assert grading.claim(county, exam, Scope.of(county), utcnow()) == 2
    other = db.session.scalars(select(Answer.id).where(
        Answer.attempt_id == attempts[0].id, Answer.needs_review.is_(True))).first()
    forget_request_state()
    auth.login(county.username)
    response = auth.post(f"/results/exams/{exam.id}/grading/grade", data={f"score-{other}": "1"})
    assert response.status_code == 404


def test_failed_twice_counts_only_published_fully_graded_results(db, make_exam, candidate,
                                                                  make_user, province_bank):
    officer = candidate("360102").officer
    now = utcnow()
    first = make_exam(officers=[officer], name="一")
    sit(first, officer, {})          # nothing answered: 0, failed
    close(first, minutes_ago=60)
    second = make_exam(officers=[officer], name="二")
    attempt = sit(second, officer, lambda items: {
        i.position: "一段文字" for i in items if i.version.type == "short"})
    close(second)
    assert fresh(Attempt, attempt.id).passed is None         # the short answer waits
    services.publish(CLI, first, now)
    db.session.commit()
    assert exam_queries.failed_twice_in_a_row([officer.id]) == set()
    grader = make_user("legal", province_bank["top"])
    grading.claim(grader, second, ALL, now)
    for answer, _i, _c in grading.my_batch(second, ALL, grader.id, now):
        grading.grade_answer(grader, answer, Decimal(2), now)
    db.session.commit()
    assert fresh(Attempt, attempt.id).passed is False
    assert exam_queries.failed_twice_in_a_row([officer.id]) == set()     # not published yet
    services.publish(CLI, second, utcnow())
    db.session.commit()
    assert exam_queries.failed_twice_in_a_row([officer.id]) == {officer.id}


def test_the_grading_form_refuses_an_auto_graded_answer_of_a_published_exam(
        db, auth, graded_exam, make_user, province_bank):
    """Issue 14 (7): legal set a right, auto-graded answer to 0 outside the queue."""
    exam, _users, attempts = graded_exam
    close(exam)
    grader = make_user("legal", province_bank["top"])
    now = utcnow()
    grading.claim(grader, exam, ALL, now)
    for answer, _i, _c in grading.my_batch(exam, ALL, grader.id, now):
        grading.grade_answer(grader, answer, Decimal(5), now)
    services.publish(CLI, exam, utcnow())
    db.session.commit()
    right = db.session.scalars(select(Answer).where(
        Answer.attempt_id == attempts[0].id, Answer.needs_review.is_(False),
        Answer.graded_by_id.is_(None), Answer.score > 0)).first()
    score_before = fresh(Attempt, attempts[0].id).score
    forget_request_state()
    auth.login(grader.username)
    response = auth.post(f"/results/exams/{exam.id}/grading/grade",
                         data={f"score-{right.id}": "0"})
    assert response.status_code == 409
    assert "不在待评分队列中" in response.get_data(as_text=True)
    assert fresh(Answer, right.id).score > 0
    assert fresh(Attempt, attempts[0].id).score == score_before
    with pytest.raises(grading.NotWaiting):
        grading.grade_answer(grader, fresh(Answer, right.id), Decimal(0), utcnow())


def test_a_graded_answer_left_the_queue(db, graded_exam, make_user, province_bank):
    exam, _users, _attempts = graded_exam
    grader = make_user("legal", province_bank["top"])
    now = utcnow()
    grading.claim(grader, exam, ALL, now)
    answer = grading.my_batch(exam, ALL, grader.id, now)[0][0]
    grading.grade_answer(grader, answer, Decimal(1), now)
    with pytest.raises(grading.NotWaiting, match="^该答案不在待评分队列中，不能人工评分；"
                                                 "客观题答案有误请通过“更正答案”重新评分$"):
        grading.grade_answer(grader, answer, Decimal(2), now)


def _graders(make_user, province_bank):
    return make_user("legal", province_bank["top"]), make_user("legal", province_bank["top"])


def _another_exam_sat(make_exam, candidate):
    """A second exam whose one candidate handed in text answers: two wait for a grader."""
    user = candidate("360102")
    other = make_exam(officers=[user.officer], name="另一场考试")
    _sit_with_text(other, user.officer)
    return other


def test_the_queue_counts_mine_others_and_free(db, graded_exam, make_user, province_bank):
    exam, _users, attempts = graded_exam
    one, two = _graders(make_user, province_bank)
    now = utcnow()
    assert grading.claim(one, exam, ALL, now, limit=1) == 1
    assert grading.claim(two, exam, ALL, now, limit=2) == 2
    view = grading.queue(exam, ALL, one.id, now)
    assert (view["total"], view["mine"], view["others"], view["free"]) == (4, 1, 2, 1)
    assert sum(n for _v, n in view["questions"]) == 4        # papers may differ by question
    assert [n for _code, n in view["papers"]] == [2, 2]
    grading.unclaimed_by(exam, two.id)
    assert grading.queue(exam, ALL, one.id, now)["free"] == 3
    grading.unclaimed_by(exam, one.id)
    paper_code = grading.paper_code(attempts[0].id)
    assert grading.claim(two, exam, ALL, now, paper=paper_code) == 2
    assert {c for _a, _i, c in grading.my_batch(exam, ALL, two.id, now)} == {paper_code}


def test_a_claim_lives_exactly_its_minutes(db, graded_exam, make_user, province_bank):
    exam, _users, _attempts = graded_exam
    one, two = _graders(make_user, province_bank)
    now = utcnow()
    assert grading.claim(one, exam, ALL, now) == 4
    edge = now + timedelta(minutes=grading.CLAIM_MINUTES)
    assert grading.claim(two, exam, ALL, edge) == 0
    answer = grading.my_batch(exam, ALL, one.id, edge)[0][0]
    with pytest.raises(grading.GradingError, match="^该答卷已由其他评分人领取$"):
        grading.grade_answer(two, answer, Decimal(1), edge)
    later = edge + timedelta(seconds=1)
    grading.grade_answer(two, answer, Decimal(1), later)    # the claim has lapsed
    assert answer.graded_by_id == two.id


def test_a_grade_may_be_anything_from_zero_to_the_points(db, graded_exam, make_user,
                                                         province_bank):
    exam, _users, _attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    now = utcnow()
    grading.claim(one, exam, ALL, now)
    batch = grading.my_batch(exam, ALL, one.id, now)
    answer, item = batch[0][0], batch[0][1]
    for bad in (Decimal("-0.5"), item.points + Decimal("0.5")):
        with pytest.raises(grading.GradingError,
                           match=f"^得分须在0到{item.points.normalize():f}分之间$"):
            grading.grade_answer(one, answer, bad, now)
    grading.grade_answer(one, answer, Decimal(0), now)
    grading.grade_answer(one, batch[1][0], batch[1][1].points, now)
    assert (answer.score, batch[1][0].score) == (Decimal(0), batch[1][1].points)


def test_retotal_says_when_a_shown_result_changed(db, graded_exam, make_user, province_bank):
    exam, _users, attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    now = utcnow()
    grading.claim(one, exam, ALL, now)
    for answer, _item, _code in grading.my_batch(exam, ALL, one.id, now):
        grading.grade_answer(one, answer, Decimal(5), now)
    attempt = fresh(Attempt, attempts[0].id)
    assert (attempt.score, attempt.objective_score, attempt.passed) == (
        Decimal(70), Decimal(60), True)
    assert grading.retotal(attempt) is False                  # nothing changed
    answer = db.session.scalars(select(Answer).where(
        Answer.attempt_id == attempt.id, Answer.graded_by_id.is_not(None))).first()
    answer.score = Decimal(1)
    assert grading.retotal(attempt) is True and attempt.score == Decimal(66)
    answer.needs_review = True
    assert grading.retotal(attempt) is True and attempt.passed is None
    answer.needs_review = False
    assert grading.retotal(attempt) is False                  # it was waiting: nothing shown


def test_the_queue_names_each_waiting_question_with_its_count(db, graded_exam, make_user,
                                                              province_bank):
    exam, _users, attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    waiting = [i for a in attempts for i in paper(a) if i.version.type in ("fill", "short")]
    expected = {}
    for item in waiting:
        expected[item.version_id] = expected.get(item.version_id, 0) + 1
    questions = grading.queue(exam, ALL, one.id, utcnow())["questions"]
    assert {version.id: n for version, n in questions} == expected
    assert {version.type for version, _n in questions} == {"fill", "short"}


def test_an_answer_of_a_paper_not_handed_in_is_refused(db, graded_exam, make_user,
                                                       province_bank):
    exam, _users, attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    now = utcnow()
    grading.claim(one, exam, ALL, now)
    answer = grading.my_batch(exam, ALL, one.id, now)[0][0]
    attempt = db.session.get(Attempt, answer.attempt_id)
    attempt.state = "in_progress"
    with pytest.raises(grading.GradingError, match="^考生尚未交卷$"):
        grading.grade_answer(one, answer, Decimal(1), now)
    assert answer.graded_by_id is None and answer.needs_review
    assert grading.queue(exam, ALL, one.id, now)["total"] == 2     # the other paper's two


def test_the_grade_audit_says_what_was_before_and_after(db, graded_exam, make_user,
                                                        province_bank):
    exam, _users, _attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    now = utcnow()
    grading.claim(one, exam, ALL, now)
    answer = next(a for a, i, _c in grading.my_batch(exam, ALL, one.id, now)
                  if i.version.type == "short")
    grading.grade_answer(one, answer, Decimal("7.5"), now)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "result.grade")).one()
    item = answer.item
    assert (entry.actor_id, entry.entity_type, entry.entity_id) == (one.id, "exam_answer",
                                                                    answer.id)
    code = grading.paper_code(answer.attempt_id)
    assert f"答卷{code} · 第{item.position}题" in entry.entity_label
    assert entry.before == {"score": None, "needs_review": True}
    assert entry.after == {"score": "7.5", "attempt_score": "67.50", "passed": None}


def test_giving_back_claims_keeps_those_on_other_exams(db, graded_exam, make_exam, candidate,
                                                       make_user, province_bank):
    exam, _users, _attempts = graded_exam
    other = _another_exam_sat(make_exam, candidate)
    one, _two = _graders(make_user, province_bank)
    now = utcnow()
    assert grading.claim(one, exam, ALL, now) == 4
    assert grading.claim(one, other, ALL, now) == 2
    grading.unclaimed_by(exam, one.id)
    assert grading.queue(exam, ALL, one.id, now)["mine"] == 0
    assert grading.queue(other, ALL, one.id, now)["mine"] == 2


def test_an_answer_nobody_claimed_may_be_graded_and_one_fewer_waits(db, graded_exam, make_user,
                                                                    province_bank):
    exam, _users, attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    waiting = db.session.scalars(select(Answer).where(
        Answer.attempt_id == attempts[0].id, Answer.needs_review.is_(True))
        .order_by(Answer.id)).all()
    grading.grade_answer(one, waiting[0], Decimal(1), utcnow())
    db.session.commit()
    attempt = fresh(Attempt, attempts[0].id)
    assert fresh(Answer, waiting[0].id).graded_by_id == one.id
    assert (attempt.pending_manual, attempt.passed) == (1, None)
    assert grading.queue(exam, ALL, one.id, utcnow())["total"] == 3


def test_the_grade_audit_keeps_the_automatic_score_an_unmatched_fill_in_had(
        db, graded_exam, make_user, province_bank):
    exam, _users, _attempts = graded_exam
    one, _two = _graders(make_user, province_bank)
    now = utcnow()
    grading.claim(one, exam, ALL, now)
    answer = next(a for a, i, _c in grading.my_batch(exam, ALL, one.id, now)
                  if i.version.type == "fill")
    grading.grade_answer(one, answer, Decimal(4), now)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "result.grade")).one()
    assert entry.before == {"score": "0.00", "needs_review": True}
    assert entry.after["score"] == "4"
    assert entry.unit_id == fresh(Attempt, answer.attempt_id).unit_id    # the candidate's unit


def test_a_total_exactly_at_the_pass_mark_passes(db, make_exam, candidate, make_user,
                                                 province_bank):
    officer = candidate("360102").officer
    exam = make_exam(officers=[officer])          # pass mark 30
    attempt = sit(exam, officer, lambda items: {
        i.position: i.version.answer if i.version.type == "single" else "一段文字"
        for i in items if i.version.type in ("single", "short")})
    assert (fresh(Attempt, attempt.id).score, fresh(Attempt, attempt.id).passed) == (
        Decimal(30), None)                        # 3 singles right; the short answer waits
    grader = make_user("legal", province_bank["top"])
    now = utcnow()
    grading.claim(grader, exam, ALL, now)
    (answer, _item, _code), = grading.my_batch(exam, ALL, grader.id, now)
    grading.grade_answer(grader, answer, Decimal(0), now)
    db.session.commit()
    assert (fresh(Attempt, attempt.id).score, fresh(Attempt, attempt.id).passed) == (
        Decimal(30), True)


def test_claiming_clears_the_lapsed_claims_of_this_exam_only(db, graded_exam, make_exam,
                                                             candidate, make_user, province_bank):
    exam, _users, _attempts = graded_exam
    other = _another_exam_sat(make_exam, candidate)
    one, two = _graders(make_user, province_bank)
    now = utcnow()
    assert grading.claim(one, other, ALL, now) == 2
    later = now + timedelta(minutes=grading.CLAIM_MINUTES, seconds=1)
    assert grading.claim(two, exam, ALL, later) == 4
    # The other exam's claims were left alone: read as of the time they were live, they are
    # still the first grader's.
    assert grading.queue(other, ALL, one.id, now)["mine"] == 2


def test_the_grade_that_settles_a_published_result_is_told_to_the_officer(
        db, make_exam, candidate, make_user, province_bank):
    """A key fix sent a matched fill-in of a published exam back to the queue (the officer was
    told 待评分); the grade that settles it tells the result."""
    from app.exams.services import SectionData
    from app.notifications.models import Notification
    from tests.results.conftest import paper

    user = candidate("360102")
    exam = make_exam(officers=[user.officer], sections=[SectionData("single", 3, Decimal(10)),
                                                        SectionData("fill", 1, Decimal(10))])
    attempt = sit(exam, user.officer, lambda items: {
        i.position: i.version.answer if i.version.type == "single"
        else [blank.split("/")[0] for blank in i.version.answer.split("|")] for i in items})
    close(exam)
    legal = make_user("legal", province_bank["top"])
    services.publish(legal, exam, utcnow())
    fill = next(i for i in paper(attempt) if i.version.type == "fill")
    services.fix_key(legal, exam, fill.version, "另一写法|另一空", "原答案有误",
                     Scope.of(legal), utcnow())
    db.session.commit()
    assert (fresh(Attempt, attempt.id).score, fresh(Attempt, attempt.id).passed) == (
        Decimal(30), None)

    def told():
        return db.session.scalars(select(Notification.text).where(
            Notification.user_id == user.id, Notification.text.like("%成绩已更正%"))
            .order_by(Notification.id)).all()

    assert told() == [f"《{exam.name}》成绩已更正：30分，待评分"]
    now = utcnow()
    grading.claim(legal, exam, ALL, now)
    (answer, _item, _code), = grading.my_batch(exam, ALL, legal.id, now)
    grading.grade_answer(legal, answer, Decimal(10), now)
    db.session.commit()
    assert told()[1:] == [f"《{exam.name}》成绩已更正：40分，合格"]


def test_a_claim_lasts_its_minutes_from_when_it_was_made(db, graded_exam, make_user,
                                                         province_bank):
    exam, _users, _attempts = graded_exam
    one, two = _graders(make_user, province_bank)
    now = utcnow()
    assert grading.claim(one, exam, ALL, now - timedelta(minutes=grading.CLAIM_MINUTES,
                                                         seconds=1)) == 4
    view = grading.queue(exam, ALL, two.id, now)
    assert (view["mine"], view["others"], view["free"]) == (0, 0, 4)     # lapsed: free again
    assert grading.my_batch(exam, ALL, one.id, now) == []
    assert grading.claim(two, exam, ALL, now) == 4


def test_the_queue_goes_question_by_question_then_paper_by_paper(db, make_exam, candidate,
                                                                 make_user, province_bank):
    from app.exams import taking
    from tests.results.conftest import shown

    users = [candidate("360102"), candidate("360702")]
    exam = make_exam(officers=[u.officer for u in users])
    now = utcnow()
    attempts = []
    for user in users:                      # the first paper is started first...
        attempts.append(taking.start(CLI, exam, user.officer, now))
        db.session.flush()
    for attempt in reversed(attempts):      # ...and answered and handed in last
        items = {i.position: i for i in paper(attempt)}
        answers = _text_answers(list(items.values()))
        for seq, (position, value) in enumerate(answers.items(), start=1):
            taking.save_answer(CLI, attempt, position, shown(items[position], value), seq, now)
        taking.submit(CLI, attempt, now)
    db.session.commit()
    one, _two = _graders(make_user, province_bank)

    def batch():
        return [(i.version_id, paper_code(a.attempt_id))
                for a, i, _c in grading.my_batch(exam, ALL, one.id, now)]

    paper_code = grading.paper_code
    assert grading.claim(one, exam, ALL, now, limit=2) == 2
    first = batch()
    assert grading.claim(one, exam, ALL, now) == 2
    codes = [paper_code(a.id) for a in attempts]
    order = batch()
    assert order[:2] == first
    assert order == sorted(order, key=lambda row: (row[0], codes.index(row[1])))
