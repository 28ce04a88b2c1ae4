"""Resident and household state as numpy columns, the week's working arrays and the ledger.

Residents are many, so their state is kept in whole-population arrays (one row per resident,
one column per life domain or tie slot where that applies). Mesa ``Resident`` agents are thin
handles that read these columns; the weekly rules operate on the columns directly.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from wijksim.sim.domains import N_DOMAINS
from wijksim.sim.jit import jit

NONE = -1  # "no tie", "no circle", "no network"
# "Never" for weeks: weeks are negative during the warm-up, so -1 cannot mean "never".
NEVER = int(np.iinfo(np.int32).min)

# Care status per resident and domain.
NO_CARE, WAITING, IN_CARE, RESIDENTIAL = 0, 1, 2, 3

# Household roles, kinds of household, and work.
SINGLE, PARTNER, SINGLE_PARENT, CHILD = 0, 1, 2, 3
HH_SINGLE, HH_COUPLE, HH_COUPLE_CHILDREN, HH_SINGLE_PARENT = 0, 1, 2, 3
YOUNG, STUDENT, EMPLOYED, SELF_EMPLOYED, NOT_WORKING, RETIRED = 0, 1, 2, 3, 4, 5

# Tie slots: 0 partner, 1-2 other household members, 3-5 kin elsewhere, 6-8 friends/neighbours.
TIE_SLOTS = 9
PARTNER_SLOT, HOUSEHOLD_SLOTS, KIN_SLOTS, FRIEND_SLOTS = 0, (1, 2), (3, 4, 5), (6, 7, 8)
# Tie kinds (what the other person is to this resident) and distances.
T_NONE, T_PARTNER, T_HOUSEHOLD, T_CHILD, T_PARENT, T_KIN, T_FRIEND = 0, 1, 2, 3, 4, 5, 6
D_HOUSEHOLD, D_NEIGHBOURHOOD, D_TOWN, D_FAR = 0, 1, 2, 3


@dataclass
class ResidentState:
    """Every resident's state, one numpy row per resident."""

    # who they are (fixed during a run)
    household: np.ndarray          # int32 household index
    x: np.ndarray                  # int32 grid column of the dwelling
    y: np.ndarray                  # int32 grid row of the dwelling
    age: np.ndarray                # int16 years
    female: np.ndarray             # bool
    role: np.ndarray               # int8 SINGLE, PARTNER, SINGLE_PARENT, CHILD
    education: np.ndarray          # int8: 0 low, 1 middle, 2 high
    work: np.ndarray               # int8 YOUNG, STUDENT, EMPLOYED, SELF_EMPLOYED, ...
    low_income: np.ndarray         # bool: lives in a low-income household
    insured: np.ndarray            # bool: self-employed with income insurance
    children_home: np.ndarray      # bool: an adult with children under 18 at home
    vulnerability: np.ndarray      # float32: the household's lasting risk multiplier (mean 1)
    never_asks: np.ndarray         # bool: never asks for help
    usual_strength: np.ndarray     # float32 0-1, the level own strength drifts back to
    usual_trust: np.ndarray        # float32 0-1, the level trust drifts back to
    usual_wellbeing: np.ndarray    # float32 0-10, life satisfaction without problems
    volunteer_propensity: np.ndarray  # float32: long-run chance of being a volunteer
    # problems
    severity: np.ndarray           # float32 (n, domains), 0 = no problem, 1 = worst
    chronic: np.ndarray            # bool (n, domains): the problem has a chronic course
    chronic_level: np.ndarray      # float32 (n, domains): level a chronic problem returns to
    # formal care
    care: np.ndarray               # int8 (n, domains): NO_CARE, WAITING, IN_CARE, RESIDENTIAL
    care_since: np.ndarray         # int32 (n, domains): week the status began, NONE if none
    # attitudes and experience
    own_strength: np.ndarray       # float32 0-1
    trust: np.ndarray              # float32 0-1, trust in institutions
    labels: np.ndarray             # float32: indications undergone, fading
    denied_until: np.ndarray       # int32 week before which a denied resident does not ask
    hides_network: np.ndarray      # bool: tells assessors "I have no one"
    # relationships
    ties: np.ndarray               # int32 (n, TIE_SLOTS): the other resident, or NONE, or
    #                                (in a municipality) a resident elsewhere: away_tie(index)
    tie_kind: np.ndarray           # int8 (n, TIE_SLOTS): T_PARTNER, T_HOUSEHOLD, ...
    tie_distance: np.ndarray       # int8 (n, TIE_SLOTS): D_HOUSEHOLD ... D_FAR
    tie_strength: np.ndarray       # float32 (n, TIE_SLOTS) 0-1
    tie_u: np.ndarray              # float32 (n, TIE_SLOTS): fixed draw deciding willingness
    tie_total: np.ndarray          # float32 sum of tie strengths (kept in step)
    # carers
    burden: np.ndarray             # float32 0-1
    carer_stopped_until: np.ndarray  # int32 week until which the carer has stopped caring
    supported: np.ndarray          # bool: a supported carer (carer support policy)
    # volunteering and civic institutions
    volunteer: np.ndarray          # int8: 0 none, 1 association, 2 community centre, 3 buddy
    plan_strength: np.ndarray      # float32 0-1: how much a family-conference plan is still used
    appeal_hours: np.ndarray       # float32 h/week the network was told to give after a denial
    circle: np.ndarray             # int32 mutual-aid circle, or NONE
    ill_weeks: np.ndarray          # int16 consecutive weeks too ill to work
    drawing_weeks: np.ndarray      # int16 weeks drawn from the circle in this spell
    buddy_network: np.ndarray      # int32 buddy network, or NONE
    # results of the latest week (recomputed every step)
    need_hours: np.ndarray         # float32 hours of help needed
    formal_hours: np.ndarray       # float32 direct professional hours received
    informal_received: np.ndarray  # float32 informal hours received
    informal_given: np.ndarray     # float32 informal care given (partner, kin, friends)
    unmet_hours: np.ndarray        # float32 hours of need not met
    contact: np.ndarray            # float32 0-1 contact through a centre or buddy network
    say: np.ndarray                # float32 0-1
    wellbeing: np.ndarray          # float32 0-10 life satisfaction

    # ties to residents of other neighbourhoods of a municipality (AwayTies), or None: not a
    # column, set by sim.ties_across
    away = None

    @property
    def n(self) -> int:
        """Number of residents."""
        return self.household.shape[0]

    def nbytes(self) -> int:
        """Bytes held in the columns."""
        return sum(getattr(self, f.name).nbytes for f in fields(self))


def away_tie(index: np.ndarray | int) -> np.ndarray | int:
    """A tie's value for the resident numbered ``index`` over a municipality's neighbourhoods.

    Below ``NONE`` (-2, -3, ...), so that it is never read as a resident of this neighbourhood.
    """
    return -2 - index


def away_index(tie: np.ndarray | int) -> np.ndarray | int:
    """The municipal number of the resident an away tie points to (:func:`away_tie` undone)."""
    return -2 - tie


@dataclass
class AwayTies:
    """A neighbourhood's ties to residents of other neighbourhoods of its municipality.

    With what the rules read of the person at the other end: their sex (willingness) and
    whether they are old enough to care.
    """

    rows: np.ndarray    # int64: the resident holding the tie
    slots: np.ndarray   # int64: its tie slot
    female: np.ndarray  # bool: the person at the other end is a woman
    able: np.ndarray    # bool: they are old enough to care (CARER_MIN_AGE)


@dataclass
class HouseholdState:
    """Household-level columns."""

    x: np.ndarray                  # int32 dwelling column
    y: np.ndarray                  # int32 dwelling row
    size: np.ndarray               # int16 members
    kind: np.ndarray               # int8 HH_SINGLE ... HH_SINGLE_PARENT
    low_income: np.ndarray         # bool
    centre: np.ndarray             # int16 community centre whose catchment it is in
    team_since: np.ndarray         # int32 week the team took the household on, or NEVER
    team_waiting_since: np.ndarray  # int32 week the household asked the team, or NEVER
    conference_offered: np.ndarray  # bool

    @property
    def n(self) -> int:
        """Number of households."""
        return self.size.shape[0]


@dataclass
class Week:
    """Working arrays of one week (hours by resident and domain), rebuilt every step."""

    need: np.ndarray               # float32 (n, domains) hours of help needed
    specialist: np.ndarray         # float32 (n, domains) direct specialist hours
    generalist: np.ndarray         # float32 (n, domains) direct generalist hours
    informal: np.ndarray           # float32 (n, domains) informal hours
    residential: np.ndarray        # bool (n, domains) in residential care
    customary: np.ndarray          # float32 (n,) hours a healthy adult at home is expected to give
    respite: np.ndarray            # float32 (n,) carer hours taken over by respite care
    pressure: np.ndarray           # float32 (n,) social pressure on long-drawing circle members
    volunteer: np.ndarray          # float32 (n,) hours volunteered this week

    @classmethod
    def empty(cls, n: int) -> Week:
        """Zeroed working arrays for ``n`` residents."""
        shape = (n, N_DOMAINS)
        return cls(np.zeros(shape, np.float32), np.zeros(shape, np.float32),
                   np.zeros(shape, np.float32), np.zeros(shape, np.float32),
                   np.zeros(shape, bool), np.zeros(n, np.float32), np.zeros(n, np.float32),
                   np.zeros(n, np.float32), np.zeros(n, np.float32))

    def reset(self) -> None:
        """Zero every working array in place for a new week."""
        for f in fields(self):
            getattr(self, f.name)[...] = 0

    def formal(self) -> np.ndarray:
        """Direct professional hours by resident and domain."""
        return self.specialist + self.generalist

    def unmet(self) -> np.ndarray:
        """Hours of need not met, by resident and domain (residential care meets it all)."""
        out = np.zeros(self.need.shape, np.float32)
        _unmet(self.need, self.specialist, self.generalist, self.informal, self.residential, out)
        return out


@jit
def _unmet(need, specialist, generalist, informal, residential, out):  # pragma: no cover
    for i in range(need.shape[0]):
        for d in range(need.shape[1]):
            if need[i, d] > 0.0 and not residential[i, d]:
                out[i, d] = max(need[i, d] - specialist[i, d] - generalist[i, d]
                                - informal[i, d], 0.0)


@dataclass
class WeekLedger:
    """Hours and money of one week, by category; reset at the start of every step."""

    specialist_direct_hours: float = 0.0
    specialist_overhead_hours: float = 0.0   # travel, coordination, provider intake
    generalist_direct_hours: float = 0.0
    generalist_other_hours: float = 0.0      # outreach, travel, intake, referrals
    coordination_hours: float = 0.0
    cost_specialist: float = 0.0             # under the contract form in force
    cost_specialist_per_hour: float = 0.0    # the same care priced per hour delivered
    cost_specialist_per_client: float = 0.0  # ... per client in care per week
    cost_specialist_capacity: float = 0.0    # ... as contracted capacity
    cost_residential: float = 0.0
    cost_generalist: float = 0.0
    cost_assessment: float = 0.0
    cost_conferences: float = 0.0
    cost_civic: float = 0.0
    cost_carer_support: float = 0.0
    assessments: int = 0
    indications: int = 0
    denials: int = 0
    referrals: int = 0
    admissions: int = 0
    conferences_held: int = 0
    plans_made: int = 0
    volunteer_hours: float = 0.0
    mutual_aid_paid: float = 0.0
    respite_hours: float = 0.0
    informal_from_elsewhere: float = 0.0     # informal help from other neighbourhoods
    informal_to_elsewhere: float = 0.0       # informal help given in other neighbourhoods

    @property
    def cost_total(self) -> float:
        """All public spending of the week (the shadow price of informal care is not in it)."""
        return (self.cost_specialist + self.cost_residential + self.cost_generalist
                + self.cost_assessment + self.cost_conferences + self.cost_civic
                + self.cost_carer_support)

    def cost_total_under(self, form: str) -> float:
        """Total spending had specialist care been paid under contract ``form``."""
        specialist = {"per_hour": self.cost_specialist_per_hour,
                      "per_client": self.cost_specialist_per_client,
                      "capacity": self.cost_specialist_capacity}[form]
        return self.cost_total - self.cost_specialist + specialist


# Row-wise helpers over (n, 8) domain arrays. numpy's axis=1 reductions over 8 columns are
# slow (about 2 ms per call at 100,000 rows), and a matrix-vector product hands the work to a
# threaded BLAS that competes with parallel runs; one compiled pass is faster than both.


def active_rows(state: ResidentState) -> np.ndarray:
    """Residents with a problem or a care status in some domain, in order.

    Only these rows are changed by the rules of need, indication, delivery, recovery and
    discharge (about a quarter of the residents): those passes loop over them instead of over
    everyone. Taken after the week's onset, the set stays a superset for the rest of the week,
    because later rules only start care for residents with a need, and add an income problem
    only to residents too ill to work.
    """
    out = np.empty(state.n, np.int64)
    return out[:_active_rows(state.severity, state.care, out)]


@jit
def _active_rows(severity, care, out):  # pragma: no cover - compiled
    count = 0
    for i in range(severity.shape[0]):
        active = False
        for d in range(severity.shape[1]):
            active |= (severity[i, d] > 0.0) | (care[i, d] != NO_CARE)
        out[count] = i
        count += active  # written always, kept only when active: no branch to mispredict
    return count


def rows_or_all(rows: np.ndarray | None, n: int) -> np.ndarray:
    """``rows``, or every row of ``n`` when none are given (rule tests, one-off calls)."""
    return np.arange(n, dtype=np.int64) if rows is None else rows


def row_sums(values: np.ndarray) -> np.ndarray:
    """Sum of each row of an (n, k) array, as float32."""
    out = np.zeros(values.shape[0], np.float32)
    _row_sums(values, out)
    return out


@jit
def _row_sums(values, out):  # pragma: no cover - compiled
    for i in range(values.shape[0]):
        total = 0.0
        for k in range(values.shape[1]):
            total += values[i, k]
        out[i] = total


def row_max(values: np.ndarray) -> np.ndarray:
    """Largest value in each row of an (n, k) array."""
    out = np.empty(values.shape[0], values.dtype)
    _row_max(values, out)
    return out


@jit
def _row_max(values, out):  # pragma: no cover - compiled
    for i in range(values.shape[0]):
        largest = values[i, 0]
        for k in range(1, values.shape[1]):
            largest = max(largest, values[i, k])
        out[i] = largest


def _as_words(mask: np.ndarray) -> np.ndarray:
    """A C-contiguous boolean (n, 8) array seen as one 64-bit word per row."""
    return np.ascontiguousarray(mask, dtype=bool).view(np.uint64).ravel()


def row_counts(mask: np.ndarray) -> np.ndarray:
    """Number of True values in each row of a boolean (n, 8) array (each True is one bit)."""
    return np.bitwise_count(_as_words(mask))


def row_any(mask: np.ndarray) -> np.ndarray:
    """Whether each row of a boolean (n, 8) array has any True value."""
    return _as_words(mask) != 0


def cells_of(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, domains) of the True cells of a boolean (n, 8) array, row by row."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def problem_counts(state: ResidentState, threshold: float) -> np.ndarray:
    """Number of domains at or above ``threshold`` for each resident."""
    return row_counts(state.severity >= threshold)


def household_sum(values: np.ndarray, state: ResidentState, n_households: int) -> np.ndarray:
    """Sum of a per-resident value over each household."""
    return np.bincount(state.household, weights=values, minlength=n_households)
