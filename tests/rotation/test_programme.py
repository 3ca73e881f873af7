"""Programmes: enrolment, completion, panel and exam checks, the two query functions."""
from decimal import Decimal as D

import pytest

from app.core.actor import CLI
from app.exams.models import Attempt, Exam, ExamCandidate
from app.extensions import db
from app.rotation import queries, services
from app.specialties.models import Specialty
from tests.rotation.conftest import at, attend, session


def by_name(rows):
    return {r.officer.name: r for r in rows}


def test_enrol_takes_the_enforcement_officers_of_the_units_and_below_once(world, programme):
    names = {p.officer.name for p in programme.participants}
    # 钱多 is off the post, 孙退 retired, 周边 in county B.
    assert names == {"李明", "王芳", "赵强"}
    assert services.enrol(CLI, programme) == 0


def test_units_outside_the_organiser_are_refused(world):
    with pytest.raises(services.RotationError) as err:
        services.save_programme(CLI, services.ProgrammeData(
            name="x", year=2026, unit=world.a, units=[world.b]))
    assert "下级单位" in err.value.errors["units"]


def test_a_session_of_another_county_cannot_be_linked(world, programme):
    foreign = session(world.b, "西湖区培训", D(2), "offline")
    with pytest.raises(services.RotationError):
        services.link_session(CLI, programme, foreign, True)


def test_completion_per_officer(world, programme):
    w = world
    attend(w.s1, w.li, w.wang, w.zhao)
    attend(w.s2, w.li, w.wang)
    attend(w.s3, w.zhao)
    rows = by_name(queries.rows(programme))
    # 李明 s1+s2: both required, 8 h. 王芳 the same. 赵强 s1+s3: s2 missing, 6 h.
    assert [rows[n].completed for n in ("李明", "王芳", "赵强")] == [True, True, False]
    assert rows["赵强"].hours == D(6) and rows["赵强"].required_attended == 1
    programme.required_hours = D(10)
    db.session.flush()
    rows = by_name(queries.rows(programme))
    # With 10 h required, 8 h are not enough for anyone; 赵强 lacks s2 anyway.
    assert not any(r.completed for r in rows.values())


def test_panel_average_and_pass(world, programme):
    ja, jb = programme.jurors
    ids = {p.officer.name: p.id for p in programme.participants}
    services.record_scores(CLI, programme, ja, {ids["李明"]: D(80), ids["王芳"]: D(59),
                                                ids["赵强"]: D(90)})
    rows = by_name(queries.rows(programme))
    assert rows["李明"].passed is None     # juror 乙 has not scored
    services.record_scores(CLI, programme, jb, {ids["李明"]: D(85), ids["王芳"]: D(60),
                                                ids["赵强"]: None})
    rows = by_name(queries.rows(programme))
    # 李明 (80+85)/2 = 82.50 pass; 王芳 (59+60)/2 = 59.50 fail; 赵强 waits for 乙.
    assert (rows["李明"].average, rows["李明"].passed) == (D("82.50"), True)
    assert (rows["王芳"].average, rows["王芳"].passed) == (D("59.50"), False)
    assert rows["赵强"].passed is None and rows["赵强"].average == D(90)


def test_a_score_above_full_marks_is_refused_and_nothing_is_written(world, programme):
    ja = programme.jurors[0]
    ids = [p.id for p in programme.participants]
    with pytest.raises(services.RotationError):
        services.record_scores(CLI, programme, ja, {ids[0]: D(70), ids[1]: D(101)})
    assert ja.scores == []


def exam_for(world, parent=None) -> Exam:
    exam = Exam(name="轮训笔试" + ("补考" if parent else ""), unit=world.a, year=2026,
                specialty=db.session.query(Specialty).filter_by(code="basic").one(),
                opens_at=at(1), closes_at=at(2), status="scheduled",
                kind="makeup" if parent else "regular", parent=parent)
    db.session.add(exam)
    db.session.flush()
    return exam


def sat(exam: Exam, officer, passed, score) -> None:
    seat = ExamCandidate(exam=exam, officer=officer, unit_id=officer.unit_id)
    db.session.add(seat)
    db.session.flush()
    db.session.add(Attempt(exam=exam, candidate=seat, officer=officer, unit_id=officer.unit_id,
                           deadline_at=at(2), token_nonce="n", state="submitted",
                           passed=passed, score=score))
    db.session.flush()


def test_written_check_takes_the_exam_and_its_make_up(world, programme):
    w = world
    exam = exam_for(w)
    makeup = exam_for(w, parent=exam)
    sat(exam, w.li, True, D(88))
    sat(exam, w.wang, False, D(50))
    sat(makeup, w.wang, True, D(75))
    sat(exam, w.zhao, False, D(40))
    services.save_programme(CLI, services.ProgrammeData(
        name=programme.name, year=2026, unit=w.a, units=[w.a], method="written", exam=exam),
        programme)
    rows = by_name(queries.rows(programme))
    assert {n: r.passed for n, r in rows.items()} == {"李明": True, "王芳": True, "赵强": False}
    assert rows["王芳"].average == D(75)


def test_a_written_check_needs_an_exam(world):
    with pytest.raises(services.RotationError) as err:
        services.save_programme(CLI, services.ProgrammeData(
            name="x", year=2026, unit=world.a, units=[world.a], method="written"))
    assert "exam_id" in err.value.errors


def test_rotation_check_passed(world, programme):
    w = world
    ja, jb = programme.jurors
    ids = {p.officer.name: p.id for p in programme.participants}
    for juror in (ja, jb):
        services.record_scores(CLI, programme, juror, {ids["李明"]: D(70), ids["王芳"]: D(50)})
    assert queries.rotation_check_passed(w.li.id, 2026) is True
    assert queries.rotation_check_passed(w.wang.id, 2026) is False
    assert queries.rotation_check_passed(w.zhao.id, 2026) is False     # not scored yet
    assert queries.rotation_check_passed(w.other.id, 2026) is None     # in no programme
    assert queries.rotation_check_passed(w.li.id, 2025) is None


def test_rotation_figures(world, programme):
    w = world
    attend(w.s1, w.li, w.wang, w.zhao)
    attend(w.s2, w.li)
    ja, jb = programme.jurors
    ids = {p.officer.name: p.id for p in programme.participants}
    for juror in (ja, jb):
        services.record_scores(CLI, programme, juror, {ids["李明"]: D(70), ids["王芳"]: D(50)})
    # County A's own officers: 李明 (completed, passed), 赵强 (neither, not scored).
    assert queries.rotation_figures([w.a.id], 2026) == {
        "programmes": 1, "participants": 2, "completed": 1, "checked": 1, "passed": 1}
    # With the office: 王芳 joins (not completed: s2 missing; checked, failed).
    assert queries.rotation_figures([w.a.id, w.a_office.id], 2026) == {
        "programmes": 1, "participants": 3, "completed": 1, "checked": 2, "passed": 1}
    assert queries.rotation_figures([w.b.id], 2026) == {
        "programmes": 0, "participants": 0, "completed": 0, "checked": 0, "passed": 0}
