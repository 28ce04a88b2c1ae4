"""Run every neighbourhood of a neighbourhood table (issue 10, step 2: side by side).

Each neighbourhood runs as its own model, built from the scenario with the population of its
row (:meth:`~wijksim.experiments.neighbourhood_table.Neighbourhood.changes`) and its own
random streams (derived from the run's seed and the neighbourhood's place in the table).
What this step does **not** do yet, and issue 10 asks for: one municipal budget shared between
the neighbourhoods, specialist providers with one waiting list for the municipality, kin and
friends in other neighbourhoods, scenarios that target some neighbourhoods. Until then the
neighbourhoods do not affect one another, and a municipal figure is the residents-weighted sum
of theirs (:func:`municipal_summary`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijksim.analysis.summary import summarise_run
from wijksim.experiments.neighbourhood_table import Neighbourhood
from wijksim.experiments.runner import RunSpec, run_one
from wijksim.experiments.scenarios import Scenario

MUNICIPALITY = "municipality"  # the neighbourhood column's value for the municipal row


def neighbourhood_seed(seed: int, place: int) -> int:
    """The seed of the neighbourhood at ``place`` (0-based) in its table, from the run's seed.

    Derived through numpy's SeedSequence, so that neighbourhoods get independent streams and
    the same run seed gives the same municipality.
    """
    return int(np.random.SeedSequence([int(seed), int(place)]).generate_state(1)[0])


def neighbourhood_specs(scenario: Scenario, table: tuple[Neighbourhood, ...], *, seed: int,
                        years: float, overrides: dict | None = None) -> list[RunSpec]:
    """One run per neighbourhood: the scenario with the neighbourhood's population.

    Raises:
        ValueError: if ``overrides`` set a population setting the table sets (the table would
            silently lose), naming it.
    """
    overrides = dict(overrides or {})
    specs = []
    for place, neighbourhood in enumerate(table):
        changes = neighbourhood.changes()
        clash = sorted(set(changes) & set(overrides))
        if clash:
            raise ValueError(f"{', '.join(clash)}: set by the neighbourhood table; leave it "
                             "out of the changes (--set, --residents)")
        specs.append(RunSpec.make(scenario, seed=neighbourhood_seed(seed, place), years=years,
                                  overrides={**overrides, **changes}))
    return specs


def run_municipality(scenario: Scenario, table: tuple[Neighbourhood, ...], *, seed: int,
                     years: float, overrides: dict | None = None,
                     progress=None) -> pd.DataFrame:
    """Every neighbourhood's weekly table, one under the other, with a ``neighbourhood`` column.

    ``progress`` may wrap the list of runs to show how far the municipality is.
    """
    specs = neighbourhood_specs(scenario, table, seed=seed, years=years, overrides=overrides)
    pairs = list(zip(table, specs, strict=True))
    frames = []
    for neighbourhood, spec in (progress(pairs) if progress else pairs):
        frame = run_one(spec)
        frame.insert(0, "neighbourhood", neighbourhood.code)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def municipal_summary(weekly: pd.DataFrame) -> pd.DataFrame:
    """One row per neighbourhood (its run summarised) and a last row for the municipality.

    The municipal value of each outcome is the residents-weighted mean of the neighbourhoods'
    values: for flows (per resident per year) that is exactly the municipal total per
    resident; for shares of residents it is the municipal share; for shares of households or
    carers it is an approximation (weighted by residents, not by households or carers).
    """
    rows = []
    for code, run in weekly.groupby("neighbourhood", sort=False):
        summary = summarise_run(run.drop(columns=["neighbourhood"]))
        rows.append({"neighbourhood": code, "residents": int(run["residents"].iloc[-1]),
                     **summary.to_dict()})
    table = pd.DataFrame(rows)
    weights = table["residents"] / table["residents"].sum()
    outcomes = [c for c in table.columns if c not in ("neighbourhood", "residents")]
    municipal = {"neighbourhood": MUNICIPALITY, "residents": int(table["residents"].sum())}
    for name in outcomes:
        values = table[name].to_numpy(dtype=float)
        known = np.isfinite(values)
        municipal[name] = (float(np.sum(values[known] * weights[known]) / weights[known].sum())
                           if known.any() else float("nan"))
    return pd.concat([table, pd.DataFrame([municipal])], ignore_index=True)
