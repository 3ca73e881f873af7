"""The rotation rules on hand-computed cases."""
from decimal import Decimal as D

from app.rotation import rules


def test_completion_needs_every_required_session():
    # Sessions 1 (required), 2 (required), 3 (optional); attended 1 and 3: 2 is missing.
    assert rules.completed({1, 2, 3}, {1, 2}, {1: D(4), 3: D(8)}, None) is False
    assert rules.completed({1, 2, 3}, {1, 2}, {1: D(4), 2: D(4)}, None) is True


def test_completion_with_required_hours_counts_only_programme_sessions():
    # Required 10 h: sessions 1 (4 h) and 2 (4 h) make 8 h, short; with 3 (2.5 h) 10.5 h.
    assert rules.completed({1, 2, 3}, {1}, {1: D(4), 2: D(4)}, D(10)) is False
    assert rules.completed({1, 2, 3}, {1}, {1: D(4), 2: D(4), 3: D("2.5")}, D(10)) is True
    # Exactly the hours is enough.
    assert rules.completed({1, 2}, set(), {1: D(6), 2: D(4)}, D(10)) is True
    # Hours of a session outside the programme (9) do not count.
    assert rules.completed({1}, set(), {1: D(6), 9: D(8)}, D(10)) is False


def test_a_programme_without_sessions_completes_nobody():
    assert rules.completed(set(), set(), {}, None) is False


def test_average_rounds_half_up_to_two_places():
    # (80 + 85 + 86) / 3 = 83.666... -> 83.67; (70 + 70.05) / 2 = 70.025 -> 70.03
    assert rules.average([D(80), D(85), D(86)]) == D("83.67")
    assert rules.average([D(70), D("70.05")]) == D("70.03")
    assert rules.average([]) is None


def test_panel_result_waits_for_every_juror_then_compares_with_the_pass_mark():
    # Three jurors, two scored: pending.
    assert rules.panel_result([D(90), D(95)], 3, D(60)) is None
    # 59 + 61 + 60 = 180 / 3 = 60.00: at the pass mark passes.
    assert rules.panel_result([D(59), D(61), D(60)], 3, D(60)) is True
    # 59 + 60 + 60 = 179 / 3 = 59.67: fails.
    assert rules.panel_result([D(59), D(60), D(60)], 3, D(60)) is False
    assert rules.panel_result([], 0, D(60)) is None


def test_exam_result_takes_a_make_up_pass():
    assert rules.exam_result([False, True]) is True
    assert rules.exam_result([False, None]) is False
    assert rules.exam_result([None]) is None
    assert rules.exam_result([]) is None
