"""Entry point of the workshop app: ``solara run app/workshop_app.py`` (or ``wijksim workshop``).

Solara executes this file as a script and puts its folder (``app/``) first on ``sys.path``.
The lines below take that folder off the path and put the project root first (as
``app/app.py`` does), then import the routes of the workshop pages
(``wijksim.app.workshop.pages``): home, facilitator, projector, join and team.
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = str(_HERE.parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from wijksim.app.workshop.pages import routes  # noqa: E402

__all__ = ["routes"]
