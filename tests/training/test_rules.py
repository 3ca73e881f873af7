"""The rules of the hours, against hand-computed cases."""
from datetime import date
from decimal import Decimal

import pytest

from app.core.actor import CLI
from app.training import services
from app.training.rules import (
    Floors,
    floors_for,
    gaps,
    months_across,
    months_on_post,
    political_done,
    prorate,
    shortfall,
)


@pytest.mark.parametrize(("start", "left", "months"), [
    (None, None, 12),                             # on post all year
    (date(2020, 5, 6), None, 12),                 # since an earlier year
    (date(2026, 4, 15), None, 8),                 # April not whole: May..December
    (date(2026, 4, 1), None, 9),                  # April whole: April..December
    (date(2026, 12, 2), None, 0),                 # no whole month left
    (None, date(2026, 10, 1), 9),                 # last day 30 Sep: January..September
    (None, date(2026, 9, 20), 8),                 # September not whole: January..August
    (None, date(2026, 1, 1), 0),                  # left before the year began
    (date(2026, 3, 1), date(2026, 7, 1), 4),      # March..June
    (date(2026, 3, 16), date(2026, 7, 15), 3),    # April..June
    (None, date(2027, 2, 1), 12),                 # leaves next year
    (date(2027, 1, 1), None, 0),                  # starts next year
])
def test_whole_months_on_post(start, left, months):
    assert months_on_post(2026, start, left) == months


@pytest.mark.parametrize(("floor", "months", "expected"), [
    (30, 12, "30"), (30, 8, "20"), (30, 9, "22.5"), (30, 7, "17.5"), (60, 7, "35"),
    (30, 1, "2.5"), (30, 0, "0"), (32, 7, "19"),   # 32 × 7 / 12 = 18.67 → up to 19
    (25, 5, "10.5"),                                 # 10.42 → up to 10.5
])
def test_prorated_floor_rounds_up_to_half_hours(floor, months, expected):
    assert prorate(Decimal(floor), months) == Decimal(expected)


FLOORS = Floors(Decimal(30), Decimal(30), Decimal(60))


@pytest.mark.parametrize(("public_law", "business", "expected"), [
    (40, 10, 20),     # categories: 0 + 20 = 20; total: 60 - 50 = 10 -> 20
    (25, 25, 10),     # 5 + 5 = 10; total 10 -> 10
    (45, 20, 10),     # 0 + 10 = 10; total -5 -> 10
    (30, 30, 0),
    (50, 50, 0),      # never below zero
    (0, 0, 60),
])
def test_shortfall_is_the_larger_of_categories_and_total(public_law, business, expected):
    hours = {"public_law": Decimal(public_law), "business": Decimal(business)}
    assert shortfall(hours, FLOORS) == Decimal(expected)


def test_total_floor_above_the_categories_counts():
    floors = Floors(Decimal(30), Decimal(30), Decimal(70))
    hours = {"public_law": Decimal(35), "business": Decimal(30)}
    assert shortfall(hours, floors) == Decimal(5)   # categories met, total 65 of 70


def test_floors_default_then_policy(db, monkeypatch):
    from app.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    assert floors_for(2027) == Floors(Decimal(30), Decimal(30), Decimal(60))
    services.set_policy(CLI, 2027, Decimal(32), Decimal(30), Decimal(64))
    db.session.commit()
    assert floors_for(2027) == Floors(Decimal(32), Decimal(30), Decimal(64))
    assert floors_for(2026).total == Decimal(60)


def test_policy_refuses_past_years_and_bad_values(db, monkeypatch):
    from app.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    with pytest.raises(services.TrainingError) as err:
        services.set_policy(CLI, 2025, Decimal(30), Decimal(30), Decimal(60))
    assert "year" in err.value.errors
    with pytest.raises(services.TrainingError) as err:
        services.set_policy(CLI, 2027, Decimal("30.3"), Decimal(30), Decimal(50))
    assert set(err.value.errors) == {"public_law_hours"}
    with pytest.raises(services.TrainingError) as err:
        services.set_policy(CLI, 2027, Decimal(30), Decimal(30), Decimal(50))
    assert set(err.value.errors) == {"total_hours"}


def test_left_in_an_earlier_year_means_no_month_this_year():
    assert months_on_post(2026, None, date(2025, 6, 1)) == 0
    assert months_on_post(2026, date(2020, 1, 1), date(2025, 12, 31)) == 0


def test_prorated_floors_prorate_each_floor_by_the_months():
    floors = Floors(Decimal(30), Decimal(32), Decimal(70)).prorated(7)
    assert floors == Floors(Decimal("17.5"), Decimal(19), Decimal("41"))


@pytest.mark.parametrize(("hours", "expected"), [
    ({}, 60), ({"business": Decimal(30)}, 30), ({"public_law": Decimal(30)}, 30),
    ({"public_law": Decimal(40), "business": Decimal(40)}, 0),
])
def test_shortfall_counts_a_missing_category_as_zero_hours(hours, expected):
    assert shortfall(hours, FLOORS) == Decimal(expected)


def test_the_political_floor_is_read_with_the_year_and_prorated(db, monkeypatch):
    from app.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    services.set_political_floor(CLI, 2027, Decimal(12))
    db.session.commit()
    assert floors_for(2027) == Floors(Decimal(30), Decimal(30), Decimal(60), Decimal(12))
    assert floors_for(2027).prorated(6).political == Decimal(6)
    assert floors_for(2027).prorated(7).political == Decimal(7)


@pytest.mark.parametrize(("hours", "required", "done"), [
    (Decimal(0), Decimal(0), None),             # the year asks for none
    (Decimal(5), 0, None),
    (Decimal(0), Decimal("0.5"), False),        # half an hour is a requirement
    (Decimal("0.5"), Decimal("0.5"), True),     # exactly the floor completes it
    (Decimal(1), Decimal(1), True),
    (Decimal("11.5"), Decimal(12), False),
    (Decimal(12), Decimal(12), True),
    (13.0, "12", True),                         # a float or a string from a row, as a Decimal
    ("11.5", 12, False),
])
def test_political_theory_is_done_at_its_floor_and_not_asked_at_zero(hours, required, done):
    assert political_done(hours, required) is done


FLOORS_64 = Floors(Decimal(30), Decimal(30), Decimal(64))


@pytest.mark.parametrize(("hours", "expected"), [
    ({"public_law": Decimal("21.5"), "business": Decimal(42)}, [("public_law", Decimal("8.5"))]),
    ({"public_law": Decimal(42), "business": Decimal("29.5")}, [("business", Decimal("0.5"))]),
    ({"public_law": Decimal(31), "business": Decimal(31)}, [("total", Decimal(2))]),
    ({"public_law": Decimal(10), "business": Decimal(25)},
     [("public_law", Decimal(20)), ("business", Decimal(5)), ("total", Decimal(4))]),
    ({"public_law": Decimal(30), "business": Decimal(34)}, []),       # each floor met exactly
    ({"public_law": Decimal(30), "business": Decimal("33.5")}, [("total", Decimal("0.5"))]),
    ({"public_law": Decimal(33), "business": Decimal(30)}, [("total", Decimal(1))]),
    ({"public_law": Decimal(34), "business": Decimal(30)}, []),
    ({"business": Decimal(40)}, [("public_law", Decimal(30))]),      # a missing category is 0
    ({"public_law": Decimal(40)}, [("business", Decimal(30))]),
    ({}, [("public_law", Decimal(30)), ("business", Decimal(30)), ("total", Decimal(4))]),
])
def test_gaps_name_each_short_category_then_the_rest_of_the_total(hours, expected):
    found = gaps(hours, FLOORS_64)
    assert found == expected
    assert sum((h for _c, h in found), Decimal(0)) == shortfall(hours, FLOORS_64)


def test_months_add_up_across_post_periods():
    periods = [(None, date(2026, 5, 1)), (date(2026, 9, 1), None)]
    assert months_across(2026, periods) == 8
    assert months_across(2026, [(date(2025, 3, 1), None)]) == 12
    assert months_across(2026, []) == 0
