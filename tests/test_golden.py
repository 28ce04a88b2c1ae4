"""Golden baseline: any change in model results is visible here (see tests/golden_baseline.py).

To accept a change on purpose: ``.venv/bin/python tests/update_golden.py --note "which
outcomes moved and why"``.
"""

import pytest

from tests import golden_baseline as golden


@pytest.fixture(scope="module")
def recorded():
    """The committed golden summaries."""
    return golden.load()


def test_golden_file_covers_every_shipped_scenario(recorded):
    from wijksim.experiments.scenarios import load_scenario, shipped_scenarios

    names = {load_scenario(p).name for p in shipped_scenarios(golden.SCENARIO_DIR)}
    assert set(recorded["scenarios"]) == names


def test_results_match_the_golden_baseline(recorded):
    exact = recorded["platform"] == golden.platform_fingerprint()
    moved = golden.moved_outcomes(recorded, golden.compute(), exact=exact)
    how = ("exactly (same platform)" if exact else
           "statistically (another processor or BLAS: within 4 standard errors or 5%)")
    assert not moved, (
        f"{len(moved)} outcome values moved against tests/golden/summaries.json, compared "
        f"{how}:\n" + "\n".join(moved) + "\nIf intended, run tests/update_golden.py --note "
        "'which outcomes moved and why'.")


def test_comparison_names_what_moved(recorded):
    """The check itself can fail: a shifted value is reported with its size."""
    scenario = next(iter(recorded["scenarios"]))
    shifted = {**recorded, "scenarios": {scenario: {
        seed: {**values, "cost_total": values["cost_total"] * 1.1}
        for seed, values in recorded["scenarios"][scenario].items()}}}
    original = {**recorded, "scenarios": {scenario: recorded["scenarios"][scenario]}}
    moved = golden.moved_outcomes(original, shifted, exact=True)
    assert moved == [line for line in moved if line.startswith(f"{scenario}.cost_total")]
    assert "+10.00%" in moved[0]
