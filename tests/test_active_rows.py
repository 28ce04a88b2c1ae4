"""The weekly passes that loop over the active rows only give the results of looping over all.

Need, indication, delivery, informal care asked, help seeking, recovery, discharge, wellbeing
and the weekly outcome statistics skip (or skip the problems of) residents with no problem and
no care status (:func:`wijksim.sim.state.active_rows`). That is a
speed measure only: these tests fail if a rule starts to change a resident outside that set.
"""

import numpy as np
import pandas as pd
import pytest

from tests.conftest import bare_model
from wijksim.experiments.scenarios import load_scenario
from wijksim.sim import WijkModel
from wijksim.sim import model as model_module
from wijksim.sim.domains import MENTAL, PHYSICAL
from wijksim.sim.state import IN_CARE, WAITING, active_rows


def test_active_rows_are_residents_with_a_problem_or_a_care_status():
    model = bare_model(n=20)
    s = model.residents
    s.severity[2, PHYSICAL] = 0.3
    s.care[5, MENTAL] = WAITING          # waiting with the problem already gone
    s.care[6, PHYSICAL] = IN_CARE
    s.severity[6, MENTAL] = 0.01
    assert active_rows(s).tolist() == [2, 5, 6]
    s.severity[:] = 0.0
    s.care[:] = 0
    assert active_rows(s).size == 0


def _columns(model: WijkModel) -> dict[str, np.ndarray]:
    return {name: value.copy() for name, value in vars(model.residents).items()
            if isinstance(value, np.ndarray)}


@pytest.mark.parametrize("scenario", ["baseline", "copernican_turn", "austerity"])
def test_active_rows_give_the_results_of_all_rows(monkeypatch, scenario):
    timeline = load_scenario(f"scenarios/{scenario}.yaml").build(
        {"population.n_residents": 2000, "simulation.warmup_years": 1})
    fast = WijkModel(timeline, seed=11)
    monkeypatch.setattr(model_module, "active_rows",
                        lambda state: np.arange(state.n, dtype=np.int64))
    full = WijkModel(timeline, seed=11)
    monkeypatch.undo()
    for _ in range(30):
        fast.step()
        with monkeypatch.context() as patch:
            patch.setattr(model_module, "active_rows",
                          lambda state: np.arange(state.n, dtype=np.int64))
            full.step()
    assert fast.active_rows.size < 0.6 * fast.residents.n  # the skipping does skip
    got, expected = _columns(fast), _columns(full)
    for name, value in expected.items():
        np.testing.assert_array_equal(got[name], value, err_msg=name)
    assert fast.ledger == full.ledger
    pd.testing.assert_frame_equal(fast.datacollector.get_model_vars_dataframe(),
                                  full.datacollector.get_model_vars_dataframe())
