"""Outcomes, declared once.

Each has a name, label, unit, how to aggregate over a run, and how to compute it from the model
after each week. The CLI, the analysis and the app all read this list.

``aggregation`` says how a run's weekly series becomes one number: ``sum`` (flows such as costs
and hours, reported per resident per year), ``mean`` (levels averaged over the weeks) or
``last`` (stocks such as the budget balance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.state import problem_counts

if TYPE_CHECKING:
    from sim.model import WijkModel


@dataclass(frozen=True)
class Outcome:
    """One declared outcome."""

    name: str
    label: str
    unit: str
    aggregation: str  # "sum", "mean" or "last"
    group: str        # "cost", "informal", "wellbeing", "need", "services", "civic", "check"
    compute: Callable[[WijkModel], float]
    higher_is_better: bool | None = None


def _ledger(attr: str) -> Callable[[WijkModel], float]:
    def read(model: WijkModel) -> float:
        return float(getattr(model.ledger, attr))
    read.__name__ = f"ledger_{attr}"
    return read


def _informal_hours(model: WijkModel) -> float:
    return float(model.residents.informal_received.sum())


def _shadow_value(model: WijkModel) -> float:
    return _informal_hours(model) * model.params.informal_care.shadow_price


def _wellbeing_mean(model: WijkModel) -> float:
    return float(model.residents.wellbeing.mean())


def _wellbeing_p10(model: WijkModel) -> float:
    return float(np.percentile(model.residents.wellbeing, 10))


def _share_low(model: WijkModel) -> float:
    return float((model.residents.wellbeing < model.params.wellbeing.low_threshold).mean())


def _mean_where(values: np.ndarray, mask: np.ndarray) -> float:
    """Mean over the masked residents or households; NaN (not 0) when there are none."""
    return float(values[mask].mean()) if mask.any() else float("nan")


NETWORK_MINIMUM = 1.0  # total tie strength below which a resident has (almost) no network


def without_network(model: WijkModel) -> np.ndarray:
    """Residents with (almost) no one to turn to: total tie strength below ``NETWORK_MINIMUM``."""
    return model.residents.tie_total < NETWORK_MINIMUM


def in_multi_problem_household(model: WijkModel) -> np.ndarray:
    """Residents of households with three or more problems among their members."""
    return multi_problem_households(model)[model.residents.household]


def _wellbeing_no_network(model: WijkModel) -> float:
    return _mean_where(model.residents.wellbeing, without_network(model))


def _wellbeing_multi_problem(model: WijkModel) -> float:
    return _mean_where(model.residents.wellbeing, in_multi_problem_household(model))


def _unmet_hours(model: WijkModel) -> float:
    return float(model.residents.unmet_hours.sum())


def _share_unmet(model: WijkModel) -> float:
    return float((model.residents.unmet_hours > 0.5).mean())


def _waiting(model: WijkModel) -> float:
    return float((model.residents.waiting_since >= 0).sum()
                 + (model.households.team_waiting_since >= 0).sum())


def _waiting_weeks(model: WijkModel) -> float:
    since = np.concatenate([model.residents.waiting_since[model.residents.waiting_since >= 0],
                            model.households.team_waiting_since[
                                model.households.team_waiting_since >= 0]])
    return float((model.week - since).mean()) if since.size else 0.0


def _carers(model: WijkModel) -> np.ndarray:
    return model.residents.informal_given > 0.05


def _share_carers(model: WijkModel) -> float:
    adults = model.residents.age >= 16
    return float(_carers(model)[adults].mean())


def _share_overloaded(model: WijkModel) -> float:
    carers = _carers(model)
    overloaded = model.residents.informal_given > model.params.informal_care.overload_hours
    return float(overloaded.sum() / carers.sum()) if carers.any() else 0.0


def multi_problem_households(model: WijkModel) -> np.ndarray:
    """Boolean per household: three or more problems among its members.

    Computed once a week and reused by every outcome that needs it.
    """
    cached = getattr(model, "_mph_cache", None)
    if cached is not None and cached[0] == model.week:
        return cached[1]
    counts = np.bincount(model.residents.household,
                         weights=problem_counts(model.residents,
                                                model.params.problems.need_threshold),
                         minlength=model.households.n)
    model._mph_cache = (model.week, counts >= 3)
    return model._mph_cache[1]


def _served_mph(model: WijkModel) -> np.ndarray:
    return multi_problem_households(model) & (model.professionals_per_household > 0)


def _professionals_per_mph(model: WijkModel) -> float:
    served = _served_mph(model)
    return _mean_where(model.professionals_per_household.astype(float), served)


def _coordination_per_mph(model: WijkModel) -> float:
    """Weekly coordination hours spent on each multi-problem household in care."""
    return _mean_where(model.coordination_per_household, _served_mph(model))


def _share_mph(model: WijkModel) -> float:
    return float(multi_problem_households(model).mean())


def _network_ties(model: WijkModel) -> float:
    return float(model.residents.tie_total.mean())


def _hidden(model: WijkModel) -> float:
    return float(model.residents.hides_network.mean())


def _plans_active(model: WijkModel) -> float:
    return float((model.residents.plan_strength >= 0.5).sum())


def _centre_quality(model: WijkModel) -> float:
    return float(model.centre.quality)


def _residents(model: WijkModel) -> float:
    return float(model.residents.n)


def _balance(model: WijkModel) -> float:
    return float(model.municipality.balance)


def _own_strength(model: WijkModel) -> float:
    return float(model.residents.own_strength.mean())


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("cost_specialist", "Specialist care", "EUR/week", "sum", "cost",
            _ledger("cost_specialist"), False),
    Outcome("cost_generalist", "Generalist care", "EUR/week", "sum", "cost",
            _ledger("cost_generalist"), False),
    Outcome("cost_assessment", "Assessment and administration", "EUR/week", "sum", "cost",
            _ledger("cost_assessment"), False),
    Outcome("cost_coordination", "Coordination overhead", "EUR/week", "sum", "cost",
            _ledger("cost_coordination"), False),
    Outcome("cost_conferences", "Family group conferences", "EUR/week", "sum", "cost",
            _ledger("cost_conferences"), False),
    Outcome("cost_civic", "Subsidies to civic institutions", "EUR/week", "sum", "cost",
            _ledger("cost_civic"), False),
    Outcome("cost_total", "Public cost (excl. informal care)", "EUR/week", "sum", "cost",
            _ledger("cost_total"), False),
    Outcome("budget_balance", "Budget balance to date", "EUR", "last", "cost", _balance, True),
    Outcome("informal_hours", "Informal care received", "h/week", "sum", "informal",
            _informal_hours),
    Outcome("informal_shadow_value", "Shadow value of informal care (not in costs)", "EUR/week",
            "sum", "informal", _shadow_value),
    Outcome("share_carers", "Adults giving informal care", "share", "mean", "informal",
            _share_carers),
    Outcome("share_carers_overloaded", "Carers overloaded (>8 h/week)", "share of carers",
            "mean", "informal", _share_overloaded, False),
    Outcome("wellbeing_mean", "Wellbeing, mean", "0-1", "mean", "wellbeing", _wellbeing_mean,
            True),
    Outcome("wellbeing_p10", "Wellbeing, 10th percentile", "0-1", "mean", "wellbeing",
            _wellbeing_p10, True),
    Outcome("share_low_wellbeing", "Residents with low wellbeing", "share", "mean", "wellbeing",
            _share_low, False),
    Outcome("wellbeing_no_network", "Wellbeing of residents without a network", "0-1", "mean",
            "wellbeing", _wellbeing_no_network, True),
    Outcome("wellbeing_multi_problem", "Wellbeing in multi-problem households", "0-1", "mean",
            "wellbeing", _wellbeing_multi_problem, True),
    Outcome("own_strength_mean", "Own strength, mean", "0-1", "mean", "wellbeing",
            _own_strength, True),
    Outcome("unmet_need_hours", "Unmet need", "h/week", "sum", "need", _unmet_hours, False),
    Outcome("share_unmet_need", "Residents with unmet need", "share", "mean", "need",
            _share_unmet, False),
    Outcome("share_multi_problem_households", "Multi-problem households (3+ problems)",
            "share of households", "mean", "need", _share_mph),
    Outcome("waiting", "Waiting for help", "persons or households", "mean", "services",
            _waiting, False),
    Outcome("waiting_weeks", "Time waited so far", "weeks", "mean", "services", _waiting_weeks,
            False),
    Outcome("professionals_per_mph", "Professionals per multi-problem household in care",
            "count", "mean", "services", _professionals_per_mph),
    Outcome("coordination_per_mph", "Coordination per multi-problem household in care",
            "h/week", "mean", "services", _coordination_per_mph, False),
    Outcome("assessments", "Eligibility assessments", "per week", "sum", "services",
            _ledger("assessments")),
    Outcome("referrals", "Referrals to specialists", "per week", "sum", "services",
            _ledger("referrals")),
    Outcome("denials", "Requests denied", "per week", "sum", "services", _ledger("denials")),
    Outcome("specialist_direct_hours", "Direct specialist help", "h/week", "sum", "services",
            _ledger("specialist_direct_hours")),
    Outcome("generalist_direct_hours", "Direct generalist help", "h/week", "sum", "services",
            _ledger("generalist_direct_hours")),
    Outcome("coordination_hours", "Coordination between professionals", "h/week", "sum",
            "services", _ledger("coordination_hours"), False),
    Outcome("conferences_held", "Family group conferences held", "per week", "sum", "civic",
            _ledger("conferences_held")),
    Outcome("plans_active", "Residents under a family plan in use", "persons", "mean", "civic",
            _plans_active),
    Outcome("volunteer_hours", "Volunteer hours", "h/week", "sum", "civic",
            _ledger("volunteer_hours")),
    Outcome("centre_quality", "Community centre running", "share of hours needed", "mean",
            "civic", _centre_quality),
    Outcome("mutual_aid_paid", "Paid out by mutual-aid circles (members' money)", "EUR/week",
            "sum", "civic", _ledger("mutual_aid_paid")),
    Outcome("network_strength", "Network strength (sum of tie strengths)", "per resident",
            "mean", "civic", _network_ties, True),
    Outcome("share_hiding_network", "Residents hiding their network", "share", "mean", "civic",
            _hidden, False),
    Outcome("residents", "Residents", "persons", "last", "check", _residents),
)

OUTCOME_BY_NAME = {outcome.name: outcome for outcome in OUTCOMES}
COST_CATEGORIES = tuple(o.name for o in OUTCOMES if o.group == "cost"
                        and o.name not in ("cost_total", "budget_balance"))


def measure(model: WijkModel) -> dict[str, float]:
    """Every outcome for the model's latest week."""
    return {outcome.name: outcome.compute(model) for outcome in OUTCOMES}
