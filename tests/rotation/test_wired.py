"""The rotation check as the yearly assessment's indicator and the yearly report's section."""
from decimal import Decimal as D
from types import SimpleNamespace

from app.annual import figures
from app.assessment.indicators import INDICATORS, Context
from app.core.actor import CLI
from app.rotation import queries, services
from tests.rotation.conftest import attend


def _scored(world, programme) -> None:
    ja, jb = programme.jurors
    ids = {p.officer.name: p.id for p in programme.participants}
    services.record_scores(CLI, programme, ja, {ids["李明"]: D(80), ids["王芳"]: D(59),
                                                ids["赵强"]: D(90)})
    services.record_scores(CLI, programme, jb, {ids["李明"]: D(85), ids["王芳"]: D(60)})


def test_the_assessment_indicator_is_the_check_and_leaves_out_who_is_in_no_programme(
        world, programme):
    _scored(world, programme)
    w = world
    # 李明 82.5 passes; 王芳 59.5 fails; 赵强 waits for juror 乙 (not passed); 周边 is in no
    # programme (county B), so the indicator does not apply to him.
    officers = [w.li, w.wang, w.zhao, w.other]
    rows = [SimpleNamespace(officer_id=o.id) for o in officers]
    measured = INDICATORS["rotation"].measure(Context(2026, rows))
    assert [measured[o.id] for o in officers] == [1.0, 0.0, 0.0, None]
    assert queries.rotation_check_passed(w.li.id, 2026) is True
    assert queries.rotation_check_passed(w.li.id, 2025) is None


def test_the_yearly_report_counts_participants_completion_and_checks(world, programme):
    _scored(world, programme)
    w = world
    attend(w.s1, w.li, w.wang)
    attend(w.s2, w.li)
    found = figures.rotation([figures.Group(w.a), figures.Group(w.b)], 2026)
    # County A: 3 enrolled, 李明 attended both required sessions, 2 of 3 scored, 1 passed.
    assert found[w.a.id] == {"participants": 3, "completed": 1, "checked": 2, "passed": 1,
                             "pass_rate": 50.0}
    assert found[w.b.id] == {"participants": 0, "completed": 0, "checked": 0, "passed": 0,
                             "pass_rate": None}
