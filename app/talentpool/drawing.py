"""The random pick itself: pure functions of a seed and an ordered candidate list.

Weighted sampling without replacement (Efraimidis and Spirakis): every
candidate gets the key log(1 - u) / weight with u from the seeded generator,
read in list order; the highest keys win. The same seed over the same list
always gives the same team, which is what lets anyone replay a draw.
"""
import heapq
import math
import random
import secrets
from collections.abc import Sequence

# A candidate as recorded: [officer_id, weight, is_expert] (a tuple before it is stored).
Candidate = Sequence
FULL_WEIGHT = 60
SEED_BITS = 48  # fits a JSON number and a BIGINT


class NotEnough(ValueError):
    """The list cannot fill the team; `have` says how many could be picked."""

    def __init__(self, need: int, have: int, experts: bool = False) -> None:
        super().__init__(need, have)
        self.need, self.have, self.experts = need, have, experts


def new_seed() -> int:
    return secrets.randbits(SEED_BITS)


def weight_for(recent_draws: int) -> int:
    """Full weight for someone not drawn lately; a half after one draw, a third after two..."""
    return max(FULL_WEIGHT // (1 + recent_draws), 1)


def keys(seed: int, candidates: Sequence[Candidate]) -> list[float]:
    """One key per candidate, in list order: log(1 - u) / weight (higher wins)."""
    draw = random.Random(seed).random
    log = math.log
    return [log(1.0 - draw()) / c[1] for c in candidates]


def best(keyed: list[float], among, count: int) -> list[int]:
    """The `count` indexes in `among` with the highest keys, best first (ties: lower index).

    `among` is in increasing index order and nlargest is stable (it equals
    sorted(..., reverse=True)[:count]), so equal keys keep the lower index first.
    """
    return heapq.nlargest(count, among, key=keyed.__getitem__)


def pick(seed: int, candidates: Sequence[Candidate], size: int, experts: int = 0) -> list[int]:
    """Officer ids: `size` officers in draw order, then `experts` experts from the rest."""
    if len(candidates) < size:
        raise NotEnough(size, len(candidates))
    keyed = keys(seed, candidates)
    chosen = best(keyed, range(len(candidates)), size)
    taken = set(chosen)
    pool = [i for i, c in enumerate(candidates) if c[2] and i not in taken]
    extra = best(keyed, pool, experts)
    if len(extra) < experts:
        raise NotEnough(experts, len(extra), experts=True)
    return [candidates[i][0] for i in chosen + extra]
