"""The single headless entry point: run a model for a number of weeks, return a tidy table."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from wijksim.sim.model import WijkModel
from wijksim.sim.params import Params, Timeline


def run(params: Params | Timeline | None = None, *, weeks: int, seed: int,
        progress: Callable[[Iterable[int]], Iterable[int]] | None = None) -> pd.DataFrame:
    """Run ``weeks`` weekly steps and return one row per week (week 0 = the start state).

    Columns: ``week`` and every declared outcome. ``progress`` may wrap the weeks (for example
    ``tqdm``) to show how far the run is; it does not change the run.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 0:
        raise ValueError(f"weeks must be a whole number of 0 or more, got {weeks!r}")
    model = WijkModel(params, seed=seed)
    for _ in (progress or iter)(range(weeks)):
        model.step()
    return outcome_table(model)


def outcome_table(model: WijkModel) -> pd.DataFrame:
    """The model's weekly outcomes so far, one row per week with a ``week`` column."""
    table = model.datacollector.get_model_vars_dataframe()
    table.insert(0, "week", range(len(table)))
    return table.reset_index(drop=True)


def weeks_after(table: pd.DataFrame, week: int) -> pd.DataFrame:
    """The rows of a weekly table from ``week`` on, its weeks counted from there.

    After a branch at ``week``: that week's row is the start state of what follows.
    """
    after = table[table["week"] >= week].copy()
    after["week"] -= week
    return after


def run_branched(first: Params | Timeline, second: Params | Timeline, *, weeks: int,
                 seed: int, from_week: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``first`` to ``from_week``, branch there into ``second``, and run both to ``weeks``.

    Both tables hold the shared history (identical up to ``from_week``) and then their own
    weeks; a difference after the branch comes from the rules alone, from the same state and
    the same random streams.
    """
    if not 0 <= from_week <= weeks:
        raise ValueError(f"the branch week must be from 0 to {weeks}, got {from_week!r}")
    model = WijkModel(first, seed=seed)
    for _ in range(from_week):
        model.step()
    other = model.fork(second)
    for _ in range(weeks - from_week):
        model.step()
        other.step()
    return outcome_table(model), outcome_table(other)
