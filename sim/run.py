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
    table = model.datacollector.get_model_vars_dataframe()
    table.insert(0, "week", range(len(table)))
    return table.reset_index(drop=True)
