"""Functions that sweep worker processes import by name in tests (a worker cannot see a
monkeypatch made in the test process)."""

import os

from wijksim.experiments.sweep import execute

KILLER_SEED_FILE = "killer_seed.txt"


def execute_or_die(config, out_dir):
    """Like ``execute``, but the worker dies (as if killed) on the seed named in the folder."""
    killer = (os.path.join(out_dir, KILLER_SEED_FILE))
    with open(killer, encoding="utf-8") as handle:
        if config.seed == int(handle.read()):
            os._exit(1)
    return execute(config, out_dir)
