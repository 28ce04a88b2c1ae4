"""Entry point of the workshop app: ``solara run app/workshop_app.py`` (or ``wijksim workshop``).

Solara executes this file as a script and puts its folder (``app/``) first on ``sys.path``,
where the ``app`` package would be shadowed by ``app/app.py``. The lines below put the project
root first instead (as ``app/app.py`` does), then import the routes of the workshop pages
(``app.workshop.pages``): home, facilitator, projector, join and team.
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = str(_HERE.parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from app.workshop.pages import routes  # noqa: E402

__all__ = ["routes"]
