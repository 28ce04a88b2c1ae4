"""Yearly measurement: what residents and households did over a whole year.

Many facts are counted over a year by their sources: who gave informal care in the past year
(and for how long or how many hours), who volunteered, who used Wmo support or youth care, which
households stacked provisions from several laws, which were multi-problem households, and how
the year's cost was spread over households. The tracker adds up each week; at the end of every
year it turns the sums into the yearly outcomes and starts again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from wijksim.sim.domains import FAMILY, LAW_BIT, LAWS
from wijksim.sim.jit import jit
from wijksim.sim.network import CARER_MIN_AGE
from wijksim.sim.state import HouseholdState, ResidentState, Week, rows_or_all

CBS_MIN_WEEKS = 13        # CBS: caring for at least 3 months ...
CBS_MIN_HOURS = 8.0       # ... or at least 8 hours a week
VOLUNTEER_MIN_AGE = 15    # CBS counts volunteers from 15
MPG_MIN_WEEKS = 13        # a multi-problem household: its problems last (a quarter or more)
TOP_SHARE = 0.05          # cost concentration: the share borne by the top 5% of households
WMO_BIT, YOUTH_BIT = 1 << LAWS.index("wmo"), 1 << LAWS.index("youth")


@dataclass
class YearTracker:
    """Sums over the current year, per resident and per household."""

    care_weeks: np.ndarray        # int16 weeks the resident gave informal care
    care_hours: np.ndarray        # float32 hours of informal care given
    spell: np.ndarray             # int16 current run of caring weeks
    longest_spell: np.ndarray     # int16 longest run this year
    volunteer_weeks: np.ndarray   # int16 weeks volunteered
    volunteer_hours: np.ndarray   # float32 hours volunteered
    formal_domains: np.ndarray    # uint8 bitmask of domains with specialist care this year
    residential_domains: np.ndarray  # uint8 bitmask of domains with residential care this year
    household_cost: np.ndarray    # float64 public cost of the care the household received
    mpg_weeks: np.ndarray         # int16 weeks the household met the multi-problem criteria
    weeks: int = 0

    @classmethod
    def start(cls, n: int, n_households: int) -> YearTracker:
        """Empty sums."""
        return cls(np.zeros(n, np.int16), np.zeros(n, np.float32), np.zeros(n, np.int16),
                   np.zeros(n, np.int16), np.zeros(n, np.int16), np.zeros(n, np.float32),
                   np.zeros(n, np.uint8), np.zeros(n, np.uint8), np.zeros(n_households),
                   np.zeros(n_households, np.int16))

    def reset(self) -> None:
        """Start a new year."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value[:] = 0
        self.weeks = 0


def multi_problem(state: ResidentState, households: HouseholdState, need_threshold: float,
                  heavy_threshold: float, rows: np.ndarray | None = None) -> np.ndarray:
    """Households meeting the strict multi-problem criteria this week.

    Children under 18 at home; problems in three or more domains among the members, family and
    youth among them, and at least one heavy (after NJi's strict definition: problems on several
    domains at once, including parenting, that are severe). ``rows``
    (:func:`~wijksim.sim.state.active_rows`, ascending): the residents who can have a problem.
    """
    return _multi_problem(state.severity, state.age, state.household, households.n,
                          need_threshold, heavy_threshold, FAMILY, rows_or_all(rows, state.n))


@jit
def _multi_problem(severity, age, household, n_households, need_threshold, heavy_threshold,
                   family, rows):  # pragma: no cover - compiled
    domains = np.zeros(n_households, np.uint16)
    minors = np.zeros(n_households, np.bool_)
    heavy = np.zeros(n_households, np.bool_)
    for i in range(severity.shape[0]):
        if age[i] < 18:
            minors[household[i]] = True
    for r in range(rows.shape[0]):
        i = rows[r]
        h = household[i]
        for d in range(severity.shape[1]):
            if severity[i, d] >= need_threshold:
                domains[h] |= np.uint16(1 << d)
                if severity[i, d] >= heavy_threshold:
                    heavy[h] = True
    flagged = np.zeros(n_households, np.bool_)
    for h in range(n_households):
        bits = domains[h]
        count = 0
        while bits:
            count += bits & 1
            bits >>= 1
        flagged[h] = minors[h] and heavy[h] and count >= 3 and (domains[h] >> family) & 1
    return flagged


def record_week(tracker: YearTracker, state: ResidentState, households: HouseholdState,
                week: Week, care_given: np.ndarray, volunteer_hours: np.ndarray,
                resident_cost: np.ndarray, mpg: np.ndarray,
                rows: np.ndarray | None = None) -> None:
    """Add one week to the year's sums (``rows``: the week's active rows, with all care)."""
    _record_residents(tracker.care_weeks, tracker.care_hours, tracker.spell,
                      tracker.longest_spell, tracker.volunteer_weeks, tracker.volunteer_hours,
                      tracker.formal_domains, tracker.residential_domains, care_given,
                      volunteer_hours, state.care, rows_or_all(rows, state.n))
    tracker.household_cost += np.bincount(state.household, weights=resident_cost,
                                          minlength=households.n)
    tracker.mpg_weeks += mpg
    tracker.weeks += 1


@jit
def _record_residents(care_weeks, care_hours, spell, longest, volunteer_weeks, volunteer_hours,
                      formal, residential, given, volunteered, care,
                      rows):  # pragma: no cover - compiled
    for i in range(given.shape[0]):
        if given[i] > 0.0:
            care_weeks[i] += 1
            care_hours[i] += given[i]
            spell[i] += 1
            longest[i] = max(longest[i], spell[i])
        else:
            spell[i] = 0
        if volunteered[i] > 0.0:
            volunteer_weeks[i] += 1
            volunteer_hours[i] += volunteered[i]
    for r in range(rows.shape[0]):
        i = rows[r]
        for d in range(care.shape[1]):
            if care[i, d] == 2 or care[i, d] == 3:  # IN_CARE or RESIDENTIAL
                formal[i] |= np.uint8(1 << d)
            if care[i, d] == 3:
                residential[i] |= np.uint8(1 << d)


def resident_cost(week: Week, prices: np.ndarray, specialist_overhead: float,
                  residential_cost: float, generalist_cost: float,
                  rows: np.ndarray | None = None) -> np.ndarray:
    """Public cost of the care each resident received this week (EUR).

    Specialist hours at their domain's price times the providers' overhead factor (all hours
    over direct hours), residential weeks at their price, team hours at the team's full cost per
    direct hour. ``rows`` (:func:`~wijksim.sim.state.active_rows`): the residents who can have
    had care; the others' cost stays zero.
    """
    n = week.specialist.shape[0]
    out = np.zeros(n, np.float32)
    _resident_cost(week.specialist, week.residential, week.generalist,
                   prices.astype(np.float64), specialist_overhead, residential_cost,
                   generalist_cost, rows_or_all(rows, n), out)
    return out


@jit
def _resident_cost(specialist, residential, generalist, prices, overhead, residential_cost,
                   generalist_cost, rows, out):  # pragma: no cover - compiled
    for r in range(rows.shape[0]):
        i = rows[r]
        hours_cost = 0.0
        weeks = 0
        team_hours = 0.0
        for d in range(specialist.shape[1]):
            hours_cost += specialist[i, d] * prices[d]
            weeks += residential[i, d]
            team_hours += generalist[i, d]
        out[i] = (hours_cost * overhead + weeks * residential_cost
                  + team_hours * generalist_cost)


def laws_used(formal_domains: np.ndarray) -> np.ndarray:
    """Bitmask of the laws (Wmo, Jeugdwet, Participatiewet) of each resident's care."""
    laws = np.zeros(formal_domains.shape[0], np.uint8)
    for domain, bit in enumerate(LAW_BIT):
        laws |= np.where(formal_domains & (1 << domain), bit, 0).astype(np.uint8)
    return laws


def _share(mask: np.ndarray, among: np.ndarray) -> float:
    return float(mask[among].mean()) if among.any() else float("nan")


def yearly_outcomes(tracker: YearTracker, state: ResidentState,
                    households: HouseholdState) -> dict[str, float]:
    """The year's outcomes from its sums (see ``sim.outcomes`` for their labels)."""
    adults = state.age >= CARER_MIN_AGE
    carers = tracker.care_weeks > 0
    hours_while_caring = tracker.care_hours / np.maximum(tracker.care_weeks, 1)
    cbs = carers & ((tracker.longest_spell >= CBS_MIN_WEEKS)
                    | (hours_while_caring >= CBS_MIN_HOURS))
    women, men = adults & state.female, adults & ~state.female
    vol_age = state.age >= VOLUNTEER_MIN_AGE
    volunteers = tracker.volunteer_weeks > 0
    laws = laws_used(tracker.formal_domains)
    users = laws > 0
    stacked = np.bitwise_count(laws) > 1
    used_household = np.bincount(state.household, weights=users, minlength=households.n) > 0
    household_laws = np.zeros(households.n, np.uint8)
    np.bitwise_or.at(household_laws, state.household, laws)
    stacked_household = np.bitwise_count(household_laws) > 1
    minors = state.age < 18
    youth = minors & ((tracker.formal_domains & (1 << FAMILY)) > 0)
    mpg = tracker.mpg_weeks >= MPG_MIN_WEEKS
    cost = tracker.household_cost
    top = np.sort(cost)[::-1][: max(1, int(round(TOP_SHARE * households.n)))]
    low_edu, high_edu = vol_age & (state.education == 0), vol_age & (state.education == 2)
    return {
        "carers_year": _share(carers, adults),
        "carers_cbs_year": _share(cbs, adults),
        "carers_intensive_year": _share(hours_while_caring > CBS_MIN_HOURS, carers),
        "care_hours_cbs_carers": float(hours_while_caring[cbs].mean()) if cbs.any() else
        float("nan"),
        "carers_women_to_men": _share(cbs, women) / max(_share(cbs, men), 1e-9),
        "volunteers_year": _share(volunteers, vol_age),
        "volunteer_hours_per_volunteer": float(
            (tracker.volunteer_hours[volunteers] / max(tracker.weeks, 1)).mean())
        if volunteers.any() else float("nan"),
        "volunteers_high_to_low_education": _share(volunteers, high_edu)
        / max(_share(volunteers, low_edu), 1e-9),
        "wmo_clients_per_1000": 1000.0 * float(((laws & WMO_BIT) > 0).mean()),
        "youth_care_share": _share(youth, minors),
        "youth_residential_share": _share((tracker.residential_domains & (1 << FAMILY)) > 0,
                                          youth),
        "wmo_use_75plus": _share((laws & WMO_BIT) > 0, state.age >= 75),
        "specialist_users_year": float(users.mean()),
        "stacking_share_households": _share(stacked_household, used_household),
        "stacking_per_1000": 1000.0 * float(stacked.mean()),
        "mpg_share_households": float(mpg.mean()),
        "cost_per_mpg": float(cost[mpg].mean()) if mpg.any() else float("nan"),
        "cost_share_top5": float(top.sum() / cost.sum()) if cost.sum() > 0 else float("nan"),
    }


__all__ = ["YearTracker", "record_week", "yearly_outcomes", "multi_problem", "resident_cost"]
