"""Argument types shared by the ``wijksim`` sub-commands.

Each refuses bad text with a message that names the value; argparse prints it with the option
and exits with status 2.
"""

from __future__ import annotations

import argparse

from wijksim.experiments.design import MAX_YEARS
from wijksim.experiments.scenarios import ScenarioError, read_yaml
from wijksim.sim.params import shown

MAX_INT = 2**63  # seeds and counts are stored as 64-bit integers in the result files


def non_negative_int(text: str) -> int:
    """A whole number from 0 up to 2**63 (a seed)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {shown(text)}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    if value >= MAX_INT:
        raise argparse.ArgumentTypeError(f"expected a number below 2**63, got {value}")
    return value


def positive_int(text: str) -> int:
    """A whole number from 1 (a count: seeds, residents, workers)."""
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected 1 or more, got 0")
    return value


def positive_float(text: str) -> float:
    """A finite number above 0 and at most ``MAX_YEARS`` (a run length in years)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {shown(text)}") from None
    if not 0 < value <= MAX_YEARS:
        raise argparse.ArgumentTypeError(f"expected a number above 0 and at most {MAX_YEARS}, "
                                         f"got {text}")
    return value


def setting(text: str) -> tuple[str, object]:
    """``PATH=VALUE``; the value is read as YAML (``true``, ``30``, ``0.5``, ``self_managed``)."""
    path, sep, raw = text.partition("=")
    if not sep or not path:
        raise argparse.ArgumentTypeError(f"expected PATH=VALUE (e.g. generalists.caseload=30), "
                                         f"got {shown(text)}")
    try:
        value, _ = read_yaml(raw, "--set")
    except ScenarioError as error:  # malformed YAML, aliases, control characters: a message
        raise argparse.ArgumentTypeError(
            f"{path.strip()}: cannot read the value {shown(raw)}: "
            + "; ".join(problem.message for problem in error.items)) from None
    return path.strip(), value
