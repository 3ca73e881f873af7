from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# GB 11643-1999: the weight of the digit at (0-based) position i is 2^(17-i) mod 11, and the
# check value is (12 - sum mod 11) mod 11, written X when it is 10. Computed here
# independently of idcard.WEIGHTS and idcard.CHECK_CHARS.
def reference_check(first17: str) -> str:
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_follows_the_standard_formula(first17):
    assert idcard.check_char(first17) == reference_check(first17)


@pytest.mark.parametrize("position", range(17))
def test_every_position_has_its_own_weight(position):
    # Test IDs often carry 0 where a weight could be wrong unnoticed: a 1 at each position.
    first17 = "0" * position + "1" + "0" * (16 - position)
    assert idcard.check_char(first17) == reference_check(first17)


def test_region_codes_with_nonzero_digits_get_the_right_check_digit():
    number = idcard.make("361123", date(1987, 6, 15), 457)
    assert number == "36112319870615457" + reference_check("36112319870615457")
    assert idcard.is_valid(number)


def test_check_digit_needs_exactly_17_digits():
    with pytest.raises(ValueError):
        idcard.check_char("3601021985050101")
    with pytest.raises(ValueError):
        idcard.make("36010", date(1985, 5, 1), 1)


def test_sequence_wraps_to_three_digits():
    number = idcard.make("360102", date(1985, 5, 1), 1000)
    assert number[14:17] == "000" and idcard.is_valid(number)


def test_born_in_2000_is_a_valid_date():
    assert idcard.problem(idcard.make("360102", date(2000, 1, 1), 5)) is None


def test_a_day_the_month_does_not_have_is_refused():
    first17 = "36010219850431" + "123"
    assert idcard.problem(first17 + reference_check(first17)) == "出生日期无效"


@pytest.mark.parametrize("number, message", [
    ("11010519491231002Y", "应为18位，前17位为数字，末位为数字或X"),
    ("110105194913310020", "出生日期无效"),
    ("110105194912310021", "校验码错误"),
])
def test_the_messages_are_exactly_these(number, message):
    assert idcard.problem(number) == message


def test_mask_hides_a_15_digit_legacy_number_entirely():
    assert idcard.mask("360102850501123") == "*" * 15
    assert idcard.mask("") == ""


def test_normalise_removes_inner_spaces_and_maps_none_to_empty():
    assert idcard.normalise("110105 19491231 002x") == VALID
    assert idcard.normalise(None) == ""
