"""Number formats as Excel shows them (app/core/cells.py)."""
from datetime import datetime

import pytest

from app.core.cells import from_date, from_number


@pytest.mark.parametrize("value, fmt, shown", [
    (3, "General", "3"), (0.1, "General", "0.1"), (0.30000000000000004, "General", "0.3"),
    (0.03, "0%", "3%"), (0.0003, "0.00%", "0.03%"), (0.125, "0.0%", "12.5%"),
    (3.1, "0.00", "3.10"), (2.5, "0", "3"), (1234, "#,##0", "1234"), (0.5, "# ?/?", "1/2"), (1.75, "# ?/?", "1 3/4"),
    (0.3333333, "?/?", "1/3"), (0.05, "0%;[Red]-0%", "5%"),
])
def test_numbers_read_as_shown(value, fmt, shown):
    assert from_number(value, fmt).shown == shown


def test_an_unknown_number_format_in_a_text_column_is_refused_not_guessed():
    cell = from_number(3, '"¥"#,##0.00_);[Red]\\("¥"#,##0.00\\)')
    assert cell.shown is None and "文本格式" in cell.problem


@pytest.mark.parametrize("fmt, shown", [
    ('yyyy"年"m"月"d"日";@', "2026年1月2日"), ("yyyy/m/d", "2026/1/2"),
    ("[$-804]yyyy-mm-dd", "2026-01-02"), ("yyyy-mm-dd h:mm:ss", "2026-01-02 9:05:00"),
    ("m/d", "1/2"),
])
def test_dates_read_as_shown(fmt, shown):
    assert from_date(datetime(2026, 1, 2, 9, 5), fmt).shown == shown


@pytest.mark.parametrize("fmt", ['m"月"d"日"', "d-mmm", "mmm-d", "d/m"])
def test_a_date_without_a_year_is_refused_unless_shown_as_typed(fmt):
    cell = from_date(datetime(2026, 1, 2), fmt)
    assert cell.shown is None and "文本格式" in cell.problem


def test_a_chinese_builtin_date_id_is_a_date():
    cell = from_number(46086, "General", 31)
    assert cell.is_date and cell.shown == "2026年3月5日"
