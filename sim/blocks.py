"""Maps per block (grid cell): residents, mean wellbeing and mean unmet need.

Kept in the grid's property layers so that Mesa's space components (``make_space_component``
with a ``propertylayer_portrayal``) can draw the neighbourhood; refreshed after every week.
"""

from __future__ import annotations

import numpy as np

from wijksim.sim.jit import jit

BLOCK_LAYERS = ("residents", "wellbeing", "unmet_need")


def fill_block_layers(layers: dict, x: np.ndarray, y: np.ndarray, wellbeing: np.ndarray,
                      unmet_hours: np.ndarray) -> None:
    """Write residents, mean wellbeing (0-10) and mean unmet need (h/week) per block."""
    _fill(x, y, wellbeing, unmet_hours, layers["residents"].data, layers["wellbeing"].data,
          layers["unmet_need"].data)


@jit
def _fill(x, y, wellbeing, unmet, count, mean_wellbeing, mean_unmet):  # pragma: no cover
    count[...] = 0.0
    mean_wellbeing[...] = 0.0
    mean_unmet[...] = 0.0
    for i in range(x.shape[0]):  # one pass: sums per block
        count[x[i], y[i]] += 1.0
        mean_wellbeing[x[i], y[i]] += wellbeing[i]
        mean_unmet[x[i], y[i]] += unmet[i]
    for a in range(count.shape[0]):
        for b in range(count.shape[1]):
            if count[a, b] > 0:
                mean_wellbeing[a, b] /= count[a, b]
                mean_unmet[a, b] /= count[a, b]
