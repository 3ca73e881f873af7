"""The paper-drawing rules that need no database (app/exams/drawing.py)."""
import random
from types import SimpleNamespace

import pytest

from app.exams.drawing import _allocate, _pick


@pytest.mark.parametrize(("count", "available", "mix"), [
    (4, {}, {}),
    (4, {"1": 5, "2": 5}, {"1": 2, "2": 2}),
    (5, {"1": 1, "2": 9}, {"1": 1, "2": 4}),                 # equal remainders: first wins
    (5, {"1": 2, "2": 1, "3": 7}, {"1": 1, "2": 1, "3": 3}),  # largest remainder first
    (2, {"1": 10, "2": 1}, {"1": 2}),                         # a level with none is left out
    (3, {"1": 1, "2": 1}, {"1": 1, "2": 1}),                  # never more than the bank has
    (6, {"1": 3, "2": 3}, {"1": 3, "2": 3}),
])
def test_difficulty_mix_is_proportional_by_largest_remainder(count, available, mix):
    assert _allocate(count, available) == mix


def versions(*ids):
    return [SimpleNamespace(question_id=i) for i in ids]


def test_unseen_questions_come_first_and_seen_ones_fill_up():
    pool = versions(1, 2, 3, 4, 5)
    for seed in range(20):
        picked = {v.question_id for v in _pick(pool, 3, random.Random(seed), {1, 2})}
        assert picked == {3, 4, 5}
        picked = [v.question_id for v in _pick(pool, 4, random.Random(seed), {1, 2, 3})]
        assert len(picked) == len(set(picked)) == 4 and {4, 5} <= set(picked)
    assert len(_pick(pool, 9, random.Random(0), {1})) == 5


def test_shuffling_keeps_each_line_together_and_the_lines_in_order():
    from app.exams.drawing import _shuffle_within_sections

    base = [(2, "b1"), (1, "a1"), (2, "b2"), (1, "a2"), (3, "c1"), (1, "a3"), (2, "b3")]
    orders = set()
    for seed in range(10):
        out = _shuffle_within_sections(list(base), random.Random(seed))
        assert [line for line, _ in out] == [1, 1, 1, 2, 2, 2, 3]
        assert sorted(out) == sorted(base)
        orders.add(tuple(out))
    assert len(orders) > 1                    # within a line the order does change
