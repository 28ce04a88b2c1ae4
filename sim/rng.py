"""One seed in, named random streams out (common random numbers).

Each process in the model (problem onset, help seeking, informal care, ...) draws from its own
``numpy.random.Generator``, spawned from one ``SeedSequence`` and keyed by the process name. A
baseline and a policy run on the same seed therefore share every draw the policy does not touch.
Python's ``hash()`` is salted per process, so names are turned into keys with crc32.
"""

from __future__ import annotations

import zlib

import numpy as np

STREAM_NAMES = (
    "population",      # households, ages, education, work, placement
    "network",         # who is kin, friend or neighbour of whom; willingness of each tie
    "onset",           # new problems, chronic course and endings (one uniform per cell)
    "help_seeking",    # who asks this week
    "assessment",      # network rationing, and learning to hide the network
    "carers",          # carer dropout
    "volunteering",    # starting and stopping, active weeks
    "services",        # outreach finds
    "conferences",     # offers, declines, plans
    "community",       # community centre visits and recruits
    "mutual_aid",      # circle membership
    "buddies",         # buddy networks
    "carer_support",   # which overloaded carers the service reaches
)


def stream_key(name: str) -> int:
    """A stable integer key for a stream name."""
    return zlib.crc32(name.encode("utf-8"))


def as_seed(value) -> int:
    """A run's seed as an integer; ``None`` draws a fresh one from the operating system.

    Accepted: an int, a numpy integer or a string of digits ("5", as Mesa's seed box sends it).

    Raises:
        TypeError: For anything else (a bool, a float, other text): a seed is never hashed from
            text, so that the same text always gives the same run.
        ValueError: For a negative seed.
    """
    if value is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"seed must be an integer (or a string of digits), got {value!r} "
                        f"({type(value).__name__})")
    if value < 0:
        raise ValueError(f"seed must be zero or positive, got {value}")
    return int(value)


class Streams:
    """The named random generators of one run, all derived from one integer seed."""

    def __init__(self, seed: int):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"seed must be an integer, got {seed!r} ({type(seed).__name__})")
        self.seed = as_seed(seed)
        self._generators = {
            name: np.random.default_rng(np.random.SeedSequence([self.seed, stream_key(name)]))
            for name in STREAM_NAMES
        }

    def __getitem__(self, name: str) -> np.random.Generator:
        try:
            return self._generators[name]
        except KeyError:
            raise KeyError(f"no random stream named {name!r}; streams: "
                           f"{', '.join(STREAM_NAMES)}") from None
