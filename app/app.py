"""Entry point of the web app: ``solara run app/app.py`` (or ``wijksim app``).

Solara executes this file as a script and puts its folder (``app/``) first on ``sys.path``,
where its modules would be importable under bare names. The lines below take that folder off
the path and put the project root first (so ``wijksim`` is this checkout, installed or not),
then import the page. No model is created here: each browser session builds its own inside
``Page`` (see ``wijksim.app.page``).
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = str(_HERE.parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from wijksim.app.page import Page  # noqa: E402

__all__ = ["Page"]
