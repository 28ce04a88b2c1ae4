"""Named random streams and the validated parameter object."""

import numpy as np
import pytest

from wijksim.sim.params import ParameterError, Params, Timeline, parameter_table, with_changes
from wijksim.sim.rng import STREAM_NAMES, Streams


def test_same_seed_same_streams():
    """Two Streams on one seed give identical draws per name."""
    a, b = Streams(7), Streams(7)
    for name in STREAM_NAMES:
        assert np.array_equal(a[name].random(5), b[name].random(5))


def test_streams_are_independent_of_each_other():
    """Drawing from one stream does not shift another (common random numbers)."""
    a, b = Streams(7), Streams(7)
    a["onset"].random(1000)
    assert np.array_equal(a["help_seeking"].random(5), b["help_seeking"].random(5))
    assert not np.array_equal(Streams(7)["onset"].random(5), Streams(7)["carers"].random(5))


@pytest.mark.parametrize("bad", ["42", 4.2, True, -1])
def test_seed_must_be_a_non_negative_integer(bad):
    """A string seed is not the integer seed (Mesa trap): refuse it and floats, bools, negatives."""
    with pytest.raises((TypeError, ValueError), match="seed"):
        Streams(bad)


def test_every_parameter_has_metadata():
    """Each parameter has a unit, a label, a source, and bounds unless it is a switch/choice."""
    table = parameter_table()
    assert len(table) > 100
    for info in table.values():
        assert info.unit and info.label and info.source
        if info.kind in ("int", "float"):
            assert info.lo is not None and info.hi is not None
            assert info.lo <= info.default <= info.hi


def test_unknown_parameter_names_the_closest():
    """A misspelt path is an error that suggests the right one; nothing is applied."""
    base = Params()
    with pytest.raises(ParameterError) as error:
        with_changes(base, {"generalists.enabld": True, "problems.onset_per_year": 0.1})
    assert "generalists.enabld" in str(error.value)
    assert "generalists.enabled" in str(error.value)
    assert base.generalists.enabled is False


def test_out_of_range_gives_the_bounds():
    """Out-of-range values are refused, not clamped, and the message gives the bounds."""
    with pytest.raises(ParameterError, match=r"from 0 to 0.9"):
        with_changes(Params(), {"municipality.budget_cut": 1.5})


@pytest.mark.parametrize("path,value", [("generalists.enabled", "yes"),
                                        ("specialists.caseload", 2.5),
                                        ("community_centre.mode", "private")])
def test_wrong_types_are_refused(path, value):
    """Strings are not booleans, floats are not integers, choices are closed."""
    with pytest.raises(ParameterError, match=path.replace(".", r"\.")):
        with_changes(Params(), {path: value})


def test_cross_field_rules():
    """Thresholds must be ordered and household shares must fit."""
    with pytest.raises(ParameterError, match="heavy_threshold"):
        with_changes(Params(), {"problems.need_threshold": 0.8})
    with pytest.raises(ParameterError, match="must not exceed 1"):
        with_changes(Params(), {"population.share_single_person": 0.9})


def test_timeline_switches_at_the_week():
    """A dated change is in force from its week on, not before."""
    later = with_changes(Params(), {"municipality.budget_cut": 0.25})
    timeline = Timeline(((0, Params()), (52, later)))
    assert timeline.params_at(51).municipality.budget_cut == 0.0
    assert timeline.params_at(52).municipality.budget_cut == 0.25
