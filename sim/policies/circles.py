"""Mutual-aid circles among the self-employed, in the Broodfonds style.

Eligibility: self-employed residents; when circles are set up, a share of them join, in circles
of 20-50 members who live near each other (trust needs everyone to know everyone). Timing: while
``mutual_aid.enabled``. Effect: members pay in a starting buffer and then a monthly deposit; a
member too ill to work draws a monthly payout after a waiting month, for at most two years, as
far as the fund allows, which replaces the income they would otherwise lose (see
:mod:`sim.income_loss`). Long drawing brings social pressure (Trouw 2020). The circle's
solvency follows from its members' claims. The municipality pays a small facilitation subsidy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wijksim.sim.income_loss import too_ill_to_work
from wijksim.sim.params import Params
from wijksim.sim.policies import Policy
from wijksim.sim.state import NONE, SELF_EMPLOYED

if TYPE_CHECKING:
    from wijksim.sim.model import WijkModel

WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12


@dataclass
class Circle:
    """A circle: its members and its fund."""

    members: np.ndarray
    fund: float = 0.0
    paid_total: float = 0.0


class MutualAidCircles(Policy):
    """Form circles; deposits, payouts that replace lost income, pressure."""

    name = "mutual-aid circles"

    def __init__(self):
        self.circles: list[Circle] = []
        self.covered = None  # share of income replaced this week, per resident
        self.drawn_weeks = 0   # weeks drawn by all members this year
        self.claims = 0        # payouts started this year
        self.claimants: set[int] = set()

    def active(self, params: Params) -> bool:
        """In force while ``mutual_aid.enabled``."""
        return params.mutual_aid.enabled

    def setup(self, model: WijkModel) -> None:
        """Self-employed residents who want to join form circles of neighbours."""
        if self.circles:
            return
        ma, state = model.params.mutual_aid, model.residents
        rng = model.streams["mutual_aid"]
        joins = (state.work == SELF_EMPLOYED) & (rng.random(state.n) < ma.join_share)
        pool = np.flatnonzero(joins)
        if pool.size < ma.min_members:
            return
        pool = pool[np.lexsort((state.x[pool], state.y[pool]))]  # neighbours next to each other
        count = int(np.ceil(pool.size / ma.max_members))
        start_buffer = ma.deposit_per_month * ma.start_months
        for number, members in enumerate(np.array_split(pool, count)):
            if members.size < ma.min_members:
                continue
            state.circle[members] = number
            self.circles.append(Circle(members, fund=start_buffer * members.size))
            first = int(members[0])
            model.place_institution("mutual_aid_circle", int(state.x[first]),
                                    int(state.y[first]), self.circles[-1])

    def civic(self, model: WijkModel) -> None:
        """Deposits in, payouts out (pro rata when the fund runs short), pressure."""
        ma, state = model.params.mutual_aid, model.residents
        deposit = ma.deposit_per_month * MONTHS_PER_YEAR / WEEKS_PER_YEAR
        payout = ma.payout_per_month * MONTHS_PER_YEAR / WEEKS_PER_YEAR
        self.covered = np.zeros(state.n, np.float32)
        ill = too_ill_to_work(state, model.params)
        for circle in self.circles:
            members = circle.members
            circle.fund += deposit * members.size
            well = members[~ill[members]]
            state.drawing_weeks[well] = 0  # recovered: a new spell may draw again
            drawers = members[ill[members] & (state.ill_weeks[members] > ma.waiting_weeks)
                              & (state.drawing_weeks[members] < ma.max_weeks)]
            if drawers.size == 0:
                continue
            asked = payout * drawers.size
            paid = min(asked, circle.fund)
            circle.fund -= paid
            circle.paid_total += paid
            model.ledger.mutual_aid_paid += paid
            self.covered[drawers] = paid / asked
            self.claims += int((state.drawing_weeks[drawers] == 0).sum())
            self.claimants.update(int(d) for d in drawers)
            self.drawn_weeks += int(drawers.size)
            state.drawing_weeks[drawers] += 1
        model.ledger.cost_civic += ma.facilitation_per_year / WEEKS_PER_YEAR * len(self.circles)
        over = state.drawing_weeks.astype(np.float32) - ma.pressure_after_weeks
        model.week_arrays.pressure[:] = np.clip(over / WEEKS_PER_YEAR, 0.0, 1.0) * (
            state.circle >= 0)

    def year_end(self, model: WijkModel) -> dict[str, float]:
        """The year's claims: the share of members who drew, and months drawn per claim."""
        members = sum(circle.members.size for circle in self.circles)
        result = {"circle_claims_year": len(self.claimants) / members if members else np.nan,
                  "circle_claim_months": (self.drawn_weeks / self.claims * 12 / WEEKS_PER_YEAR
                                          if self.claims else np.nan)}
        self.drawn_weeks, self.claims, self.claimants = 0, 0, set()
        return result

    def stop(self, model: WijkModel) -> None:
        """Circles are dissolved."""
        model.residents.circle[:] = NONE
        self.circles = []
        self.covered = None
