"""Shared helpers for the tests."""

import numpy as np
import pytest

from sim import Params, WijkModel
from sim.params import with_changes


def small_params(**changes) -> Params:
    """Baseline parameters for a small neighbourhood.

    Takes dotted-path changes, with ``__`` for ``.``.
    """
    dotted = {key.replace("__", "."): value for key, value in changes.items()}
    return with_changes(Params(), {"population.n_residents": 400, **dotted})


@pytest.fixture
def tiny_model():
    """A 60-resident model with no problems at all: a clean slate to hand-build states on."""
    model = WijkModel(with_changes(Params(), {"population.n_residents": 60,
                                              "problems.initial_prevalence": 0.0}), seed=3)
    model.residents.severity[:] = 0.0
    return model


@pytest.fixture
def rng():
    """A fixed generator for rule tests."""
    return np.random.default_rng(12345)
