"""What the exam page may send and how it is stored and shown (app/exams/taking.py), directly."""
import time
from datetime import datetime
from decimal import Decimal

import pytest

from app.core.actor import CLI
from app.exams.taking import (
    MAX_BLANK,
    MAX_TEXT,
    PaperRow,
    Slot,
    TakingError,
    item_view,
    save_answer,
    shown,
    stored_value,
)

ORDER = ("C", "A", "B")          # shown A is the original C, shown B the original A, ...


def refused(slot, value) -> tuple[str, int]:
    with pytest.raises(TakingError) as err:
        stored_value(slot, value)
    return str(err.value), err.value.status


@pytest.mark.parametrize(("qtype", "value", "stored"), [
    ("single", "A", "C"), ("single", "b", "A"), ("single", "", ""), ("single", 5, ""),
    ("multiple", "AC", "BC"), ("multiple", "cab", "ABC"), ("multiple", "", ""),
])
def test_choices_are_stored_in_original_letters(qtype, value, stored):
    assert stored_value(Slot(1, qtype, ORDER, 0), value) == stored


@pytest.mark.parametrize(("qtype", "value", "message"), [
    ("single", "AB", "答案不在选项范围内"), ("single", "D", "答案不在选项范围内"),
    ("multiple", "AD", "答案不在选项范围内"), ("multiple", "AA", "答案格式不正确"),
    ("multiple", "A1", "答案格式不正确"), ("single", "甲", "答案格式不正确"),
])
def test_bad_choices_are_refused(qtype, value, message):
    assert refused(Slot(1, qtype, ORDER, 0), value) == (message, 422)


def test_true_false_takes_only_its_two_words():
    slot = Slot(1, "truefalse", (), 0)
    assert [stored_value(slot, v) for v in ("正确", "错误", "")] == ["正确", "错误", ""]
    assert refused(slot, "对") == ("判断题只能回答正确或错误", 422)


def test_fill_ins_are_joined_by_blank():
    slot = Slot(1, "fill", (), 2)
    assert stored_value(slot, [" 七日 ", "15日"]) == "七日|15日"
    assert stored_value(slot, ["a|b", ""]) == "a/b|"
    assert stored_value(slot, ["", "  "]) == ""
    assert stored_value(slot, ["x" * MAX_BLANK]) == "x" * MAX_BLANK
    for bad in (["a", "b", "c"], "a|b", ["x" * (MAX_BLANK + 1)], [1]):
        assert refused(slot, bad) == ("填空题答案格式不正确", 422)


def test_short_answers_have_a_length_limit():
    slot = Slot(1, "short", (), 0)
    assert stored_value(slot, "x" * MAX_TEXT) == "x" * MAX_TEXT
    for bad in ("x" * (MAX_TEXT + 1), 5):
        assert refused(slot, bad) == (f"简答题答案不能超过{MAX_TEXT}字", 422)


def test_stored_answers_show_in_the_candidates_letters():
    assert shown("single", list(ORDER), "A") == "B"
    assert shown("multiple", list(ORDER), "CB") == "AC"
    assert shown("multiple", list(ORDER), "CZ") == "A"
    assert shown("fill", [], "七日|15日") == ["七日", "15日"]
    assert shown("fill", [], "") == []
    assert shown("short", [], "文字") == "文字"


def test_the_page_gets_letters_in_shown_order_and_no_key():
    row = PaperRow(1, 3, Decimal("2.50"), ["C", "A"], "single", "题干",
                   {"A": "甲", "B": "乙", "C": "丙"}, "C")
    view = item_view(row)
    assert (view.position, view.type, view.stem, view.options, view.blanks, view.points) == (
        3, "single", "题干", [("A", "丙"), ("B", "甲")], 0, "2.5")
    fill = item_view(PaperRow(2, 4, Decimal("10.00"), None, "fill", "填", {}, "a|b/c|d"))
    assert (fill.options, fill.blanks, fill.points) == ([], 3, "10")


@pytest.mark.parametrize("seq", [0, -1, True, 2**62, "3", None])
def test_a_save_needs_a_positive_sequence_number(seq):
    with pytest.raises(TakingError, match="^请求缺少有效的序号$") as err:
        save_answer(CLI, None, 1, "A", seq, datetime(2026, 1, 1))
    assert err.value.status == 422


def test_the_largest_sequence_number_is_taken():
    with pytest.raises(AttributeError):      # past the number check, at the (absent) attempt
        save_answer(CLI, None, 1, "A", 2**62 - 1, datetime(2026, 1, 1))


def test_page_clock_readings_in_milliseconds():
    from app.exams.taking import epoch_ms, made_at

    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 1)) == 1000
    assert epoch_ms(datetime(2026, 1, 1, 8, 0, 0, 250000)) == 1767254400250
    assert made_at(None) is None
    assert made_at(1) == datetime(1970, 1, 1, 0, 0, 0, 1000)
    assert made_at(1767254400250) == datetime(2026, 1, 1, 8, 0, 0, 250000)
    assert made_at(253_402_300_799_999) == datetime(9999, 12, 31, 23, 59, 59, 999000)
    for bad in (0, -5, 2**53, 2**53 - 1, 253_402_300_800_000, True, "1767254400250", 1.5):
        with pytest.raises(TakingError, match="^作答时间格式不正确$") as err:
            made_at(bad)
        assert err.value.status == 422


@pytest.fixture
def server_in_beijing(monkeypatch):
    """The server's local time is UTC+8 (a POSIX rule: no time zone database needed)."""
    monkeypatch.setenv("TZ", "CST-8")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_page_clock_is_utc_whatever_the_servers_time_zone(server_in_beijing):
    from app.exams.taking import epoch_ms, made_at

    assert time.localtime(0).tm_hour == 8            # the zone did take
    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 1)) == 1000
    assert epoch_ms(datetime(2026, 1, 1, 8, 0, 0, 250000)) == 1767254400250
    assert made_at(1767254400250) == datetime(2026, 1, 1, 8, 0, 0, 250000)


def test_the_two_refusals_at_the_deadline_say_which_they_are():
    from app.exams.taking import Overdue, TooLate

    overdue, late = Overdue(), TooLate()
    assert (str(overdue), overdue.status, overdue.reason) == (
        "考试时间已到，已自动交卷", 409, "overdue")
    assert (str(late), late.status, late.reason) == (
        "该答案作答于考试截止之后，未保存", 409, "late")
    plain = TakingError("不行")
    assert (plain.status, plain.reason) == (409, None)
