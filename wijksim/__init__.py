"""wijksim: an agent-based simulation of civil society and institutional care (Mesa).

The project's folders are importable under this one name, so that installing wijksim claims no
generic top-level names: ``wijksim.sim`` (the model), ``wijksim.experiments`` (loading, designs,
runners, results), ``wijksim.analysis`` (tables and figures), ``wijksim.app`` and
``wijksim.cli``. The common path is a function call::

    import wijksim
    runs = wijksim.run("scenarios/generalist_teams.yaml", seeds=5, years=2, residents=2000,
                       generalists__caseload=25)
    diff = wijksim.compare("scenarios/baseline.yaml", "scenarios/austerity.yaml", seeds=10)
"""

from __future__ import annotations

# The folders stay at the top of the repository; wijksim/sim, wijksim/experiments, ... are
# links to them, so that a checkout, an editable install and a wheel all import them as
# wijksim.sim, wijksim.experiments, ... (and the import linter sees one package).
from wijksim.api import compare, run

__all__ = ["compare", "run"]
