"""Shared helpers for the tests."""

import numpy as np
import pytest

from wijksim.sim import Params, WijkModel
from wijksim.sim.params import with_changes
from wijksim.sim.state import NO_CARE, Week


def small_params(**changes) -> Params:
    """Baseline parameters for a neighbourhood in the model's normal regime (1,500 residents).

    Takes dotted-path changes, with ``__`` for ``.``.
    """
    dotted = {key.replace("__", "."): value for key, value in changes.items()}
    return with_changes(Params(), {"population.n_residents": 1500, **dotted})


def bare_model(n: int = 60, **changes) -> WijkModel:
    """A small model with no warm-up and no problems at all: a clean slate to hand-build on."""
    dotted = {key.replace("__", "."): value for key, value in changes.items()}
    model = WijkModel(with_changes(Params(), {"population.n_residents": n,
                                              "simulation.warmup_years": 0, **dotted}), seed=3)
    model._apply(model.timeline.start)  # the run's own levers, as from week 0
    clear(model)
    return model


def clear(model: WijkModel) -> None:
    """Remove every problem, care status and burden (in place)."""
    s = model.residents
    s.severity[:] = 0.0
    s.chronic[:] = False
    s.chronic_level[:] = 0.0
    s.care[:] = NO_CARE
    s.burden[:] = 0.0
    s.labels[:] = 0.0
    model.week_arrays = Week.empty(s.n)


@pytest.fixture
def tiny_model():
    """A 60-resident model with no problems at all, no warm-up."""
    return bare_model()


@pytest.fixture
def rng():
    """A fixed generator for rule tests."""
    return np.random.default_rng(12345)
