"""Outcomes, declared once.

Each has a name, label, unit, how to aggregate over a run, and how to compute it from the model
after each week. The CLI, the analysis, the evidence suite and the app all read this list.

``aggregation`` says how a run's weekly series becomes one number: ``sum`` (flows such as costs
and hours, reported per resident per year), ``mean`` (levels averaged over the weeks), ``last``
(stocks such as the budget balance) or ``year`` (measured over a whole year, as its source
counts it: the value is recorded in the last week of each year and averaged over the years).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.domains import INCOME, ISOLATION, MENTAL, PHYSICAL
from wijksim.sim.jit import jit
from wijksim.sim.network import CARER_MIN_AGE
from wijksim.sim.state import (
    IN_CARE,
    NEVER,
    RESIDENTIAL,
    T_CHILD,
    T_FRIEND,
    T_KIN,
    T_PARTNER,
    WAITING,
)
from wijksim.sim.yearly import multi_problem

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel

AGGREGATIONS = ("sum", "mean", "last", "year")


@dataclass(frozen=True)
class Outcome:
    """One declared outcome."""

    name: str
    label: str
    unit: str
    aggregation: str  # "sum", "mean", "last" or "year"
    group: str        # "cost", "budget", "informal", "wellbeing", "groups", "population",
    #                   "need", "services", "civic", "check"
    compute: Callable[[WijkModel], float]
    higher_is_better: bool | None = None


def _ledger(attr: str) -> Callable[[WijkModel], float]:
    def read(model: WijkModel) -> float:
        return float(getattr(model.ledger, attr))
    read.__name__ = f"ledger_{attr}"
    return read


def _total_under(form: str) -> Callable[[WijkModel], float]:
    def read(model: WijkModel) -> float:
        return float(model.ledger.cost_total_under(form))
    read.__name__ = f"cost_total_{form}"
    return read


def _yearly(name: str) -> Callable[[WijkModel], float]:
    def read(model: WijkModel) -> float:
        return float(model.yearly.get(name, np.nan)) if model.yearly else float("nan")
    read.__name__ = f"yearly_{name}"
    return read


def _mean_where(values: np.ndarray, mask: np.ndarray) -> float:
    """Mean over the masked residents or households; NaN (not 0) when there are none."""
    return float(values[mask].mean()) if mask.any() else float("nan")


def without_network(model: WijkModel) -> np.ndarray:
    """Residents with nobody to fall back on (as ``sim.network.has_nobody``, kept weekly)."""
    return model.fallback < model.params.network.nobody_below


def multi_problem_households(model: WijkModel) -> np.ndarray:
    """Households meeting the multi-problem criteria this week (cached per week)."""
    cached = getattr(model, "_mph_cache", None)
    if cached is None or cached[0] != model.week:
        prob = model.params.problems
        model._mph_cache = (model.week, multi_problem(model.residents, model.households,
                                                      prob.need_threshold,
                                                      prob.heavy_threshold))
    return model._mph_cache[1]


def in_multi_problem_household(model: WijkModel) -> np.ndarray:
    """Residents of multi-problem households."""
    return multi_problem_households(model)[model.residents.household]


# --- resident statistics: one compiled pass a week, read by the outcomes below -------------

STATS = ("n", "wellbeing", "low", "adults", "satisfied", "dissatisfied", "neutral",
         "nobody_adults", "nobody", "nobody_wellbeing", "mpg", "mpg_wellbeing", "lonely_any",
         "lonely", "old", "old_lonely", "old_limited", "adults16", "carers16", "carers",
         "overloaded", "burden", "for_partner", "for_parent", "for_kin", "for_friend",
         "receivers", "receivers_65", "unmet", "with_unmet", "informal", "waiting", "in_care",
         "residential", "own_strength", "trust", "labels", "ties", "hiding", "plans",
         "debt_households", "low_income", "low_income_wellbeing", "low_income_unmet", "weak",
         "weak_wellbeing", "weak_unmet", "carers_wellbeing", "carers_unmet", "nobody_unmet",
         "mpg_unmet")
# Own strength below which a resident counts as having little of it (assumption: about the
# lowest tenth of residents in the settled baseline; a fixed level, so that a policy that builds
# own strength moves people out of the group)
LOW_OWN_STRENGTH = 0.4
_AT = {name: i for i, name in enumerate(STATS)}
assert _AT["debt_households"] == 40 and _AT["mpg_unmet"] == 50  # the compiled pass's indices


def statistics(model: WijkModel) -> np.ndarray:
    """Counts and sums over residents that the outcomes need, in one pass (kept per week)."""
    cached = getattr(model, "_stats_cache", None)
    if cached is not None and cached[0] == model.week:
        return cached[1]
    s, week, params = model.residents, model.week_arrays, model.params
    out = np.zeros(len(STATS))
    _resident_sums(s.age, s.wellbeing, s.severity, s.care, model.care.given, s.burden,
                   model.care.relation, model.fallback, s.household,
                   multi_problem_households(model), week.informal, s.unmet_hours,
                   s.informal_received, s.own_strength, s.trust, s.labels, s.tie_total,
                   s.hides_network, s.plan_strength, s.low_income, params.wellbeing.low_threshold,
                   params.carers.overload_burden, params.network.nobody_below,
                   params.problems.need_threshold, LOW_OWN_STRENGTH, model.households.n,
                   model.active_rows, out)
    model._stats_cache = (model.week, out)
    return out


@jit
def _resident_sums(age, wellbeing, severity, care, given, burden, relation, fallback,
                   household, mpg, informal, unmet, received, strength, trust, labels, ties,
                   hiding, plan, low_income, low_threshold, overload, nobody_below,
                   need_threshold, low_strength, n_households, rows, out):  # pragma: no cover
    # ``rows``: the week's active rows (ascending); the others have no problem, no care status,
    # no need and so nothing unmet or received, and their problems and care are not looked at
    debt = np.zeros(n_households, np.bool_)
    next_row = 0
    for i in range(age.shape[0]):
        active = next_row < rows.shape[0] and rows[next_row] == i
        next_row += active
        w = wellbeing[i]
        out[0] += 1.0
        out[1] += w
        out[2] += w < low_threshold
        nobody = fallback[i] < nobody_below
        if age[i] >= 18:
            out[3] += 1.0
            out[4] += w >= 7.0
            out[5] += w < 5.0
            out[6] += (w >= 5.0) and (w < 7.0)
            out[7] += nobody
            if active:
                out[12] += severity[i, ISOLATION] > 0.0
                out[13] += severity[i, ISOLATION] >= need_threshold
        if nobody:
            out[8] += 1.0
            out[9] += w
            out[49] += unmet[i]
        if mpg[household[i]]:
            out[10] += 1.0
            out[11] += w
            out[50] += unmet[i]
        if low_income[i]:
            out[41] += 1.0
            out[42] += w
            out[43] += unmet[i]
        if strength[i] < low_strength:
            out[44] += 1.0
            out[45] += w
            out[46] += unmet[i]
        if age[i] >= 75:
            out[14] += 1.0
            if active:
                out[15] += severity[i, ISOLATION] >= need_threshold
                out[16] += severity[i, PHYSICAL] >= need_threshold
        if age[i] >= CARER_MIN_AGE:
            out[17] += 1.0
            out[18] += given[i] > 0.0
        if given[i] > 0.0:
            out[19] += 1.0
            out[20] += burden[i] >= overload
            out[21] += burden[i]
            out[47] += w
            out[48] += unmet[i]
            kind = relation[i]
            if kind == T_PARTNER:
                out[22] += 1.0
            elif kind == T_CHILD:  # the carer is the child of the person cared for
                out[23] += 1.0
            elif kind == T_KIN:
                out[24] += 1.0
            elif kind == T_FRIEND:
                out[25] += 1.0
        out[34] += strength[i]
        out[35] += trust[i]
        out[36] += labels[i]
        out[37] += ties[i]
        out[38] += hiding[i]
        out[39] += plan[i] >= 0.5
        if not active:
            continue
        if informal[i, PHYSICAL] + informal[i, MENTAL] > 0.0:
            out[26] += 1.0
            out[27] += age[i] >= 65
        out[28] += unmet[i]
        out[29] += unmet[i] > 0.5
        out[30] += received[i]
        home = False
        residential = False
        for d in range(care.shape[1]):
            if care[i, d] == WAITING:
                out[31] += 1.0
            elif care[i, d] == IN_CARE:
                home = True
            elif care[i, d] == RESIDENTIAL:
                residential = True
        out[32] += home
        out[33] += residential
        if severity[i, INCOME] >= need_threshold:
            debt[household[i]] = True
    out[40] = debt.sum()


def _stat(name: str) -> Callable[[WijkModel], float]:
    """A count or sum from the week's statistics."""
    index = _AT[name]

    def read(model: WijkModel) -> float:
        return float(statistics(model)[index])
    read.__name__ = f"stat_{name}"
    return read


def _ratio(numerator: str, denominator: str, scale: float = 1.0,
           empty: float = np.nan) -> Callable[[WijkModel], float]:
    """A share or mean from the week's statistics (``empty`` when the denominator is 0)."""
    top, bottom = _AT[numerator], _AT[denominator]

    def read(model: WijkModel) -> float:
        stats = statistics(model)
        return float(scale * stats[top] / stats[bottom]) if stats[bottom] else empty
    read.__name__ = f"ratio_{numerator}_{denominator}"
    return read


def _wellbeing_p10(model):
    """The 10th percentile, interpolated as numpy's default (one partial sort)."""
    values = model.residents.wellbeing
    position = 0.1 * (values.size - 1)
    low = int(position)
    high = min(low + 1, values.size - 1)
    part = np.partition(values, (low, high))
    return float(part[low] + (position - low) * (part[high] - part[low]))


def _aged(low, high=200):
    def read(model):
        cached = model.__dict__.setdefault("_age_shares", {})
        if (low, high) not in cached:  # ages do not change during a run
            age = model.residents.age
            cached[(low, high)] = float(((age >= low) & (age < high)).mean())
        return cached[(low, high)]
    read.__name__ = f"aged_{low}_{high}"
    return read


def _debt_households(model):
    return float(statistics(model)[_AT["debt_households"]] / model.households.n)


def _waiting(model):
    return float(statistics(model)[_AT["waiting"]]
                 + (model.households.team_waiting_since != NEVER).sum())


def _waiting_weeks(model):
    return model.mean_specialist_wait()


def _shadow_value(model):
    return float(statistics(model)[_AT["informal"]]) * model.params.informal_care.shadow_price


def _served_mph(model):
    return multi_problem_households(model) & (model.professionals_per_household > 0)


def _professionals_per_mph(model):
    return _mean_where(model.professionals_per_household.astype(float), _served_mph(model))


def _coordination_per_mph(model):
    return _mean_where(model.coordination_per_household, _served_mph(model))


def _share_mph(model):
    return float(multi_problem_households(model).mean())


OUTCOMES: tuple[Outcome, ...] = (
    # money
    Outcome("cost_specialist", "Specialist care (contract in force)", "EUR/week", "sum", "cost",
            _ledger("cost_specialist"), False),
    Outcome("cost_residential", "Residential care", "EUR/week", "sum", "cost",
            _ledger("cost_residential"), False),
    Outcome("cost_generalist", "Generalist teams (salaries)", "EUR/week", "sum", "cost",
            _ledger("cost_generalist"), False),
    Outcome("cost_assessment", "Assessment and administration", "EUR/week", "sum", "cost",
            _ledger("cost_assessment"), False),
    Outcome("cost_conferences", "Family group conferences", "EUR/week", "sum", "cost",
            _ledger("cost_conferences"), False),
    Outcome("cost_civic", "Community centres and civic institutions", "EUR/week", "sum",
            "cost", _ledger("cost_civic"), False),
    Outcome("cost_carer_support", "Carer support and respite", "EUR/week", "sum", "cost",
            _ledger("cost_carer_support"), False),
    Outcome("cost_total", "Public cost (excl. informal care)", "EUR/week", "sum", "cost",
            _ledger("cost_total"), False),
    Outcome("cost_total_per_hour", "Public cost if specialists were paid per hour",
            "EUR/week", "sum", "contract", _total_under("per_hour"), False),
    Outcome("cost_total_per_client", "Public cost if specialists were paid per client",
            "EUR/week", "sum", "contract", _total_under("per_client"), False),
    Outcome("cost_total_capacity", "Public cost if specialist capacity were paid for",
            "EUR/week", "sum", "contract", _total_under("capacity"), False),
    Outcome("budget_balance", "Budget balance to date", "EUR", "last", "budget",
            lambda m: float(m.budget.balance), True),
    Outcome("budget_per_resident", "Yearly budget (after cuts)", "EUR per resident per year",
            "last", "budget", lambda m: float(m.budget.year_budget) / m.residents.n),
    Outcome("budget_binding", "Weeks the budget binds (a measure in force)", "share of weeks",
            "mean", "budget", lambda m: float(m.budget.binding)),
    Outcome("eligibility_tightening", "Eligibility threshold raised by", "severity (0-1)",
            "mean", "budget", lambda m: float(m.budget.tightening)),
    Outcome("tariff_level", "Tariffs paid (share of the original)", "share", "last", "budget",
            lambda m: float(m.providers.tariff_level)),
    # informal care
    Outcome("informal_hours", "Informal care received", "h/week", "sum", "informal",
            _stat("informal")),
    Outcome("informal_shadow_value", "Shadow value of informal care (not in costs)", "EUR/week",
            "sum", "informal", _shadow_value),
    Outcome("share_carers", "Adults (16+) giving informal care this week", "share", "mean",
            "informal", _ratio("carers16", "adults16")),
    Outcome("share_carers_overloaded", "Carers overloaded (burden past the overload level)",
            "share of carers", "mean", "informal", _ratio("overloaded", "carers", empty=0.0),
            False),
    Outcome("carer_burden", "Carer burden, mean over carers", "0-1", "mean", "informal",
            _ratio("burden", "carers"), False),
    Outcome("respite_hours", "Respite care", "h/week", "sum", "informal",
            _ledger("respite_hours")),
    Outcome("informal_from_elsewhere", "Informal help from other neighbourhoods "
            "(a municipality)", "h/week", "sum", "informal", _ledger("informal_from_elsewhere")),
    Outcome("informal_to_elsewhere", "Informal help given in other neighbourhoods "
            "(a municipality)", "h/week", "sum", "informal", _ledger("informal_to_elsewhere")),
    Outcome("carers_year", "Adults (16+) giving any informal care in the year", "share",
            "year", "informal", _yearly("carers_year")),
    Outcome("carers_cbs_year", "Carers by the CBS definition (3+ months or 8+ h/week)",
            "share of 16+", "year", "informal", _yearly("carers_cbs_year")),
    Outcome("carers_intensive_year", "Carers giving more than 8 h/week", "share of carers",
            "year", "informal", _yearly("carers_intensive_year")),
    Outcome("care_hours_cbs_carers", "Hours a week of carers (CBS definition)", "h/week",
            "year", "informal", _yearly("care_hours_cbs_carers")),
    Outcome("carers_women_to_men", "Carers: share of women over share of men", "ratio",
            "year", "informal", _yearly("carers_women_to_men")),
    Outcome("carers_for_parent", "Carers whose main care goes to a parent", "share of carers",
            "mean", "informal", _ratio("for_parent", "carers")),
    Outcome("carers_for_partner", "Carers whose main care goes to their partner",
            "share of carers", "mean", "informal", _ratio("for_partner", "carers")),
    Outcome("carers_for_kin", "Carers whose main care goes to other kin", "share of carers",
            "mean", "informal", _ratio("for_kin", "carers")),
    Outcome("carers_for_friend", "Carers whose main care goes to a friend or neighbour",
            "share of carers", "mean", "informal", _ratio("for_friend", "carers")),
    Outcome("care_receivers_65plus", "People receiving informal care who are 65 or older",
            "share of receivers", "mean", "informal", _ratio("receivers_65", "receivers")),
    # wellbeing
    Outcome("wellbeing_mean", "Life satisfaction, mean", "0-10", "mean", "wellbeing",
            _ratio("wellbeing", "n"), True),
    Outcome("wellbeing_p10", "Life satisfaction, 10th percentile", "0-10", "mean", "wellbeing",
            _wellbeing_p10, True),
    Outcome("share_low_wellbeing", "Residents with low life satisfaction (below 6)", "share",
            "mean", "wellbeing", _ratio("low", "n"), False),
    Outcome("share_satisfied", "Adults satisfied with life (7 or more)", "share", "mean",
            "wellbeing", _ratio("satisfied", "adults"), True),
    Outcome("share_dissatisfied", "Adults dissatisfied with life (below 5)", "share", "mean",
            "wellbeing", _ratio("dissatisfied", "adults"), False),
    Outcome("share_neutral", "Adults neither satisfied nor dissatisfied (5 to 7)", "share",
            "mean", "wellbeing", _ratio("neutral", "adults")),
    Outcome("wellbeing_no_network", "Life satisfaction of residents with nobody to fall back on",
            "0-10", "mean", "wellbeing", _ratio("nobody_wellbeing", "nobody"), True),
    Outcome("wellbeing_multi_problem", "Life satisfaction in multi-problem households", "0-10",
            "mean", "wellbeing", _ratio("mpg_wellbeing", "mpg"), True),
    # who gains and who loses: each group is who is in it that week (see GROUPS)
    Outcome("wellbeing_low_income", "Life satisfaction in low-income households", "0-10",
            "mean", "groups", _ratio("low_income_wellbeing", "low_income"), True),
    Outcome("wellbeing_low_strength", "Life satisfaction of residents with little own strength",
            "0-10", "mean", "groups", _ratio("weak_wellbeing", "weak"), True),
    Outcome("wellbeing_carers", "Life satisfaction of carers", "0-10", "mean", "groups",
            _ratio("carers_wellbeing", "carers"), True),
    Outcome("unmet_no_network", "Unmet need of residents with nobody to fall back on",
            "h/week per person", "mean", "groups", _ratio("nobody_unmet", "nobody"), False),
    Outcome("unmet_multi_problem", "Unmet need in multi-problem households",
            "h/week per person", "mean", "groups", _ratio("mpg_unmet", "mpg"), False),
    Outcome("unmet_low_income", "Unmet need in low-income households", "h/week per person",
            "mean", "groups", _ratio("low_income_unmet", "low_income"), False),
    Outcome("unmet_low_strength", "Unmet need of residents with little own strength",
            "h/week per person", "mean", "groups", _ratio("weak_unmet", "weak"), False),
    Outcome("unmet_carers", "Unmet need of carers themselves", "h/week per person", "mean",
            "groups", _ratio("carers_unmet", "carers"), False),
    Outcome("unmet_per_person", "Unmet need, everyone", "h/week per person", "mean", "groups",
            _ratio("unmet", "n"), False),
    Outcome("share_low_income", "Residents in low-income households", "share", "mean",
            "groups", _ratio("low_income", "n")),
    Outcome("share_low_strength", "Residents with little own strength (below 0.4)", "share",
            "mean", "groups", _ratio("weak", "n"), False),
    Outcome("own_strength_mean", "Own strength, mean", "0-1", "mean", "wellbeing",
            _ratio("own_strength", "n"), True),
    Outcome("trust_mean", "Trust in institutions, mean", "0-1", "mean", "wellbeing",
            _ratio("trust", "n"), True),
    Outcome("labels_mean", "Labels (indications, fading), mean", "labels", "mean", "wellbeing",
            _ratio("labels", "n"), False),
    Outcome("share_nobody", "Adults with nobody to fall back on", "share", "mean", "wellbeing",
            _ratio("nobody_adults", "adults"), False),
    Outcome("share_lonely", "Adults with any loneliness", "share", "mean", "wellbeing",
            _ratio("lonely_any", "adults"), False),
    Outcome("share_severely_lonely", "Adults severely lonely (a loneliness problem that needs "
            "help)", "share", "mean", "wellbeing", _ratio("lonely", "adults"), False),
    Outcome("severely_lonely_75plus", "Residents aged 75+ severely lonely", "share", "mean",
            "wellbeing", _ratio("old_lonely", "old"), False),
    # population and need
    Outcome("share_under_18", "Residents under 18", "share", "mean", "population",
            _aged(0, 18)),
    Outcome("share_65_plus", "Residents aged 65+", "share", "mean", "population", _aged(65)),
    Outcome("share_80_plus", "Residents aged 80+", "share", "mean", "population", _aged(80)),
    Outcome("physical_need_75plus", "Residents aged 75+ who need help with daily living",
            "share", "mean", "need", _ratio("old_limited", "old")),
    Outcome("debt_households", "Households with an income and debt problem",
            "share of households", "mean", "need", _debt_households),
    Outcome("unmet_need_hours", "Unmet need", "h/week", "sum", "need", _stat("unmet"), False),
    Outcome("share_unmet_need", "Residents with unmet need", "share", "mean", "need",
            _ratio("with_unmet", "n"), False),
    Outcome("share_multi_problem_households", "Multi-problem households (this week)",
            "share of households", "mean", "need", _share_mph),
    Outcome("mpg_share_households", "Multi-problem households (13 weeks or more in the "
            "year)", "share of households", "year", "need", _yearly("mpg_share_households")),
    Outcome("cost_per_mpg", "Public cost per multi-problem household", "EUR/year", "year",
            "need", _yearly("cost_per_mpg")),
    Outcome("cost_share_top5", "Share of the year's care cost in the costliest 5% of "
            "households", "share", "year", "need", _yearly("cost_share_top5")),
    # services
    Outcome("waiting", "Waiting for help", "persons or households", "mean", "services",
            _waiting, False),
    Outcome("waiting_weeks", "Time waited so far (specialist lists)", "weeks", "mean",
            "services", _waiting_weeks, False),
    Outcome("specialist_waiting", "Places on specialist waiting lists (a resident per domain)",
            "count", "mean", "services", lambda m: float(statistics(m)[_AT["waiting"]]), False),
    Outcome("clients_per_1000", "Residents in specialist care at home", "per 1,000", "mean",
            "services", _ratio("in_care", "n", scale=1000.0)),
    Outcome("residential_per_1000", "Residents in residential care", "per 1,000", "mean",
            "services", _ratio("residential", "n", scale=1000.0)),
    Outcome("specialist_capacity", "Specialist staff", "h/week per 1,000 residents", "mean",
            "services", lambda m: float(m.providers.capacity.sum()) * 1000 / m.residents.n),
    Outcome("wmo_clients_per_1000", "Wmo support users in the year", "per 1,000", "year",
            "services", _yearly("wmo_clients_per_1000")),
    Outcome("youth_care_share", "Children (under 18) with youth care in the year",
            "share of under-18s", "year", "services", _yearly("youth_care_share")),
    Outcome("youth_residential_share", "Children in youth care who were in residential care",
            "share", "year", "services", _yearly("youth_residential_share")),
    Outcome("wmo_use_75plus", "Residents aged 75+ with Wmo support in the year", "share",
            "year", "services", _yearly("wmo_use_75plus")),
    Outcome("specialist_users_year", "Residents using specialist care in the year", "share",
            "year", "services", _yearly("specialist_users_year")),
    Outcome("stacking_share_households", "Using households with care under more than one law",
            "share", "year", "services", _yearly("stacking_share_households")),
    Outcome("stacking_per_1000", "Residents with care under more than one law", "per 1,000",
            "year", "services", _yearly("stacking_per_1000")),
    Outcome("professionals_per_mph", "Professionals per multi-problem household in care",
            "count", "mean", "services", _professionals_per_mph),
    Outcome("coordination_per_mph", "Coordination per multi-problem household in care",
            "h/week", "mean", "services", _coordination_per_mph, False),
    Outcome("assessments", "Eligibility assessments at the desks", "per week", "sum",
            "services", _ledger("assessments")),
    Outcome("indications", "Indications (desk grants and team referrals)", "per week", "sum",
            "services", _ledger("indications")),
    Outcome("referrals", "Referrals by teams to specialists", "per week", "sum", "services",
            _ledger("referrals")),
    Outcome("denials", "Requests denied", "per week", "sum", "services", _ledger("denials")),
    Outcome("specialist_direct_hours", "Direct specialist help", "h/week", "sum", "services",
            _ledger("specialist_direct_hours")),
    Outcome("generalist_direct_hours", "Direct generalist help", "h/week", "sum", "services",
            _ledger("generalist_direct_hours")),
    Outcome("coordination_hours", "Coordination between professionals", "h/week", "sum",
            "services", _ledger("coordination_hours"), False),
    # civic
    Outcome("conferences_held", "Family group conferences held", "per week", "sum", "civic",
            _ledger("conferences_held")),
    Outcome("plans_active", "Residents under a family plan in use", "persons", "mean", "civic",
            _stat("plans")),
    Outcome("volunteer_hours", "Volunteer hours (all associations)", "h/week", "sum", "civic",
            _ledger("volunteer_hours")),
    Outcome("volunteers_year", "Residents (15+) volunteering in the year", "share", "year",
            "civic", _yearly("volunteers_year")),
    Outcome("volunteer_hours_per_volunteer", "Hours a week per volunteer", "h/week", "year",
            "civic", _yearly("volunteer_hours_per_volunteer")),
    Outcome("volunteers_high_to_low_education", "Volunteering: high over low education",
            "ratio", "year", "civic", _yearly("volunteers_high_to_low_education")),
    Outcome("centre_quality", "Community centres running", "share of hours needed", "mean",
            "civic", lambda m: m.centre_quality()),
    Outcome("mutual_aid_paid", "Paid out by mutual-aid circles (members' money)", "EUR/week",
            "sum", "civic", _ledger("mutual_aid_paid")),
    Outcome("circle_claims_year", "Circle members who drew a payout in the year", "share",
            "year", "civic", _yearly("circle_claims_year")),
    Outcome("circle_claim_months", "Months drawn per payout started", "months", "year",
            "civic", _yearly("circle_claim_months")),
    Outcome("network_strength", "Network strength (sum of tie strengths)", "per resident",
            "mean", "civic", _ratio("ties", "n"), True),
    Outcome("share_hiding_network", "Residents hiding their network", "share", "mean", "civic",
            _ratio("hiding", "n"), False),
    Outcome("residents", "Residents", "persons", "last", "check",
            lambda m: float(m.residents.n)),
)

OUTCOME_BY_NAME = {outcome.name: outcome for outcome in OUTCOMES}


@dataclass(frozen=True)
class Group:
    """A group of residents shown in "who gains and who loses": its two outcomes."""

    name: str
    label: str
    wellbeing: str  # outcome: mean life satisfaction in the group (0-10)
    unmet: str      # outcome: unmet need per person in the group (h/week)


# Each group is who is in it that week: a policy that gives people a network or own strength
# also changes who is counted (low income is the one fixed attribute).
GROUPS: tuple[Group, ...] = (
    Group("everyone", "Everyone", "wellbeing_mean", "unmet_per_person"),
    Group("no_network", "Nobody to fall back on", "wellbeing_no_network", "unmet_no_network"),
    Group("multi_problem", "Multi-problem households", "wellbeing_multi_problem",
          "unmet_multi_problem"),
    Group("low_income", "Low-income households", "wellbeing_low_income", "unmet_low_income"),
    Group("low_strength", "Little own strength (below 0.4)", "wellbeing_low_strength",
          "unmet_low_strength"),
    Group("carers", "Carers", "wellbeing_carers", "unmet_carers"),
)
COST_CATEGORIES = ("cost_specialist", "cost_residential", "cost_generalist", "cost_assessment",
                   "cost_conferences", "cost_civic", "cost_carer_support")
YEARLY = tuple(o.name for o in OUTCOMES if o.aggregation == "year")

assert all(o.aggregation in AGGREGATIONS for o in OUTCOMES)


def measure(model: WijkModel) -> dict[str, float]:
    """Every outcome for the model's latest week."""
    return {outcome.name: outcome.compute(model) for outcome in OUTCOMES}
