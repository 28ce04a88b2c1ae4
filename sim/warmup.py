"""A cache of settled neighbourhoods, so runs that share a warm-up pay for it once.

The warm-up runs under the baseline levers and the run's assumptions, so every run on the same
seed with the same assumptions — a baseline and its policies, a workshop's lever choices, the
replications of a comparison — starts from the same settled state. The model stores that state
(its numpy columns, providers, budget, year sums and random-stream positions) after the warm-up
and later models with the same key start from a deep copy of it. Results are bit-for-bit those
of a fresh warm-up (a test checks this). The cache is per process and small; large
neighbourhoods are not cached.
"""

from __future__ import annotations

import copy
import hashlib
from collections import OrderedDict
from typing import Any

from wijksim.sim.params import Params

MAX_ENTRIES = 6
# Larger neighbourhoods are not cached: a stored copy costs about 0.8 KiB per resident, as much
# as the run itself, and large runs are seldom repeated on one seed in one process.
MAX_RESIDENTS = 50_000

_cache: OrderedDict[tuple[str, int], Any] = OrderedDict()


def key(warmup: Params, seed: int, weeks: int | None = None) -> tuple[str, int]:
    """The cache key: every warm-up parameter, the seed, and the weeks warmed up alone.

    ``weeks`` is given when fewer than the whole warm-up: a neighbourhood of a municipality
    warms up its last weeks together with the others.
    """
    text = warmup.model_dump_json() + ("" if weeks is None else f"|alone {int(weeks)} weeks")
    return hashlib.sha256(text.encode()).hexdigest(), int(seed)


def get(cache_key: tuple[str, int]) -> Any | None:
    """A deep copy of the stored snapshot, or None."""
    snapshot = _cache.get(cache_key)
    if snapshot is None:
        return None
    _cache.move_to_end(cache_key)
    return copy.deepcopy(snapshot)


def put(cache_key: tuple[str, int], snapshot: Any, residents: int) -> None:
    """Store a deep copy of a snapshot (the oldest entries are dropped)."""
    if residents > MAX_RESIDENTS:
        return
    _cache[cache_key] = copy.deepcopy(snapshot)
    _cache.move_to_end(cache_key)
    while len(_cache) > MAX_ENTRIES:
        _cache.popitem(last=False)


def clear() -> None:
    """Empty the cache (tests use it to compare cached and fresh runs)."""
    _cache.clear()
