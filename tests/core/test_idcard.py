from datetime import date

import pytest

from app.core import idcard

# A published example number with a computed check digit of X.
VALID = "11010519491231002X"


def test_known_valid_number_passes():
    assert idcard.problem(VALID) is None


@pytest.mark.parametrize("number, reason", [
    ("11010519491231002Y", "应为18位"),
    ("110105194912310021", "校验码错误"),
    ("110105194913310020", "出生日期无效"),
    ("1101051949123100", "应为18位"),
])
def test_invalid_numbers_say_why(number, reason):
    assert reason in idcard.problem(number)


def test_lower_case_x_is_normalised():
    assert idcard.normalise(" 11010519491231002x ") == VALID


def test_made_numbers_are_valid_and_mask_keeps_region_and_tail():
    number = idcard.make("360102", date(1985, 5, 1), 12)
    assert idcard.is_valid(number)
    assert idcard.mask(number) == "360102********" + number[-4:]
