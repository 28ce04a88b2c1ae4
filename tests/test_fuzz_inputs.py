"""A seeded, time-bounded fuzz test of scenario and experiment files (issue 14).

Whatever a file holds, reading it ends in either success or a message that names the file
(exit status 2 for ``wijksim validate``), never a traceback, and in bounded memory.
"""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from wijksim.cli.main import main
from wijksim.experiments.design import ExperimentError, load_experiment

MEMORY_LIMIT = 64 * 2**20  # bytes a single file may make the reader allocate

SCENARIO_KEYS = ["name", "title", "description", "changes", "timeline", "teaching",
                 "reference", "generalists.caseload", "municipality.budget_cut", "set",
                 "from_year", "from_week", "things_to_try", "nonsense"]
EXPERIMENT_KEYS = ["name", "scenarios", "years", "residents", "replications", "master_seed",
                   "fixed", "design", "kind", "parameters", "values", "low", "high", "samples",
                   "generalists.caseload", "all"]
ODD_SCALARS = ["1e308", ".inf", "-.nan", "020", "0x10", "1:20", "on", "~", "''", "!!python/"
               "object:os.system", "&a x", "*a", "<img src=x onerror=alert(1)>", "\x07", "[",
               "{", "-1", "2**40", "99999999999999999999", "scenarios/baseline.yaml",
               "/etc/passwd", "../../x.yaml", "true", "all"]

scalars = st.one_of(st.sampled_from(ODD_SCALARS), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.text(max_size=30))


def _yaml(keys):
    """YAML-like text: nested mappings and lists of odd scalars under plausible keys."""
    leaf = scalars.map(str)
    def extend(children):
        return st.one_of(
            st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.dictionaries(st.sampled_from(keys), children, max_size=4).map(
                lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"))
    values = st.recursive(leaf, extend, max_leaves=12)
    lines = st.lists(st.tuples(st.sampled_from(keys), values), max_size=10)
    return lines.map(lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))


texts_for_scenarios = st.one_of(_yaml(SCENARIO_KEYS), st.text(max_size=300),
                                st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
texts_for_experiments = st.one_of(_yaml(EXPERIMENT_KEYS), st.text(max_size=300))

FUZZ = settings(max_examples=200, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _bounded(call):
    tracemalloc.start()
    try:
        result = call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT, f"reading the file allocated {peak / 2**20:.0f} MiB"
    return result


@seed(20261203)
@FUZZ
@given(text=texts_for_scenarios)
def test_any_scenario_file_is_read_or_refused_with_a_message(tmp_path, capsys, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code = _bounded(lambda: main(["validate", str(path)]))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert code in (0, 2)
    if code == 2:
        lines = captured.err.strip().splitlines()
        assert lines and all(line.startswith(f"{path}:") or line.startswith("  ")
                             for line in lines), captured.err[:500]


@seed(20261204)
@FUZZ
@given(text=texts_for_experiments)
def test_any_experiment_file_is_read_or_refused_with_a_message(tmp_path, text):
    path = tmp_path / "fuzz_experiment.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        _bounded(lambda: load_experiment(path))
    except ExperimentError as error:
        assert error.problems and all(str(p).startswith(str(path)) for p in error.problems), \
            error.problems[:3]
    except Exception as error:  # noqa: BLE001 - the point: nothing else may escape
        pytest.fail(f"{type(error).__name__}: {error} for {text!r}")
