"""The pick on its own: reproducible, weighted, experts only on top."""
from collections import Counter

import pytest

from app.talentpool import drawing


def test_the_same_seed_and_list_give_the_same_team_and_another_seed_may_not():
    candidates = [[i, 60, False] for i in range(1, 41)]
    teams = {tuple(drawing.pick(seed, candidates, 4)) for seed in range(30)}
    assert drawing.pick(12345, candidates, 4) == drawing.pick(12345, candidates, 4)
    assert len(teams) == 30


def test_weights_are_halved_by_one_recent_draw_and_a_third_by_two():
    assert [drawing.weight_for(n) for n in (0, 1, 2, 3, 59, 500)] == [60, 30, 20, 15, 1, 1]


def test_a_member_with_half_the_weight_is_drawn_about_half_as_often():
    # Two candidates, weights 60 and 30: the first is picked with probability 2/3.
    candidates = [[1, 60, False], [2, 30, False]]
    wins = Counter(drawing.pick(seed, candidates, 1)[0] for seed in range(6000))
    assert abs(wins[1] / 6000 - 2 / 3) < 0.02


def test_equal_weights_spread_the_load_evenly_over_many_seeded_draws():
    candidates = [[i, 60, False] for i in range(1, 21)]
    counts = Counter(i for seed in range(5000) for i in drawing.pick(seed, candidates, 3))
    # 5000 draws x 3 places / 20 candidates = 750 each; chi-square with 19 d.f. < 43.8 (p=0.001).
    chi2 = sum((counts[i] - 750) ** 2 / 750 for i in range(1, 21))
    assert chi2 < 43.8


def test_experts_come_on_top_of_the_required_officers_and_only_from_experts():
    candidates = [[1, 60, False], [2, 60, True], [3, 60, False], [4, 60, True], [5, 60, False],
                  [6, 60, True]]
    for seed in range(50):
        team = drawing.pick(seed, candidates, 2, experts=1)
        assert len(team) == 3 and len(set(team)) == 3
        assert team[2] in (2, 4, 6)


def test_a_list_too_short_says_how_many_could_be_picked():
    with pytest.raises(drawing.NotEnough) as err:
        drawing.pick(1, [[1, 60, False], [2, 60, False]], 3)
    assert (err.value.need, err.value.have) == (3, 2)
    with pytest.raises(drawing.NotEnough) as err:
        drawing.pick(1, [[1, 60, False], [2, 60, False], [3, 60, True]], 2, experts=2)
    assert err.value.experts and err.value.have <= 1
