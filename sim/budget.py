"""The municipal budget as money, and what the municipality does when it overspends.

The municipality's yearly budget is what the settled baseline spends plus a little headroom,
fixed from week 0 (less any cut). Every week it books what
it spent and forecasts the year's end from the recent rate. While the forecast is over budget it
takes the measures Dutch municipalities take, each switched by a parameter: stricter indication
(the eligibility threshold rises, step by step, in proportion to the forecast overspend, and
eases back as it shrinks),
a budget ceiling (providers admit only heavy cases; the rest wait), a stop on new indications
late in the year, and, after a year over budget, lower tariffs for the next year (providers
shrink with them). Under a capacity contract it buys less capacity the next year instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wijksim.sim.params import Params
from wijksim.sim.providers import Providers

WEEKS_PER_YEAR = 52
RECENT = 0.1  # weight of the latest week in the spending rate used for the forecast


@dataclass
class Budget:
    """The municipality's money and the measures in force."""

    year_budget: float = 0.0
    spent_this_year: float = 0.0
    budget_this_year: float = 0.0
    balance: float = 0.0
    rate: float = 0.0
    forecast_over: float = 0.0   # forecast year-end spending / budget - 1
    tightening: float = 0.0      # added to the eligibility threshold
    ceiling: bool = False        # providers admit only heavy cases
    stop: bool = False           # no new indications (late in the year)
    last_year_over: float = 0.0  # last year's spending / budget - 1
    base: float = float("inf")   # the yearly budget before cuts (EUR)
    started: bool = False

    @property
    def binding(self) -> bool:
        """Whether the budget constrains care this week (a measure is in force)."""
        return self.tightening > 0 or self.ceiling or self.stop


def new_year(budget: Budget, providers: Providers, params: Params, now: int,
             specialist_share: float) -> None:
    """Close last year, apply a tariff cut or a capacity cut, and open this year's budget.

    During the warm-up nothing binds: the neighbourhood settles at the demand the baseline brings.
    At week 0 the budget is set at the last warm-up year's spending plus the headroom, and stays
    at that level (less any cut). ``specialist_share`` is the share of
    last year's spending that went to specialist care.
    """
    mun = params.municipality
    if budget.started and budget.budget_this_year > 0:
        budget.last_year_over = budget.spent_this_year / budget.budget_this_year - 1.0
    if budget.started and now == 0:
        budget.base = budget.spent_this_year * (1.0 + mun.budget_headroom)
    over = max(budget.last_year_over, 0.0) if budget.started else 0.0
    if over > 0 and params.specialists.contract == "capacity":
        cut = min(0.5, over / max(specialist_share, 1e-9))
        providers.contracted *= 1.0 - cut
    elif over > 0 and mun.tariff_cut:
        cut = min(mun.max_tariff_cut, mun.tariff_cut_per_overspend * over)
        providers.tariff_level *= 1.0 - cut
    budget.year_budget = budget.base * (1.0 - mun.budget_cut)
    budget.spent_this_year = 0.0
    budget.budget_this_year = 0.0
    budget.started = True


def settle_week(budget: Budget, spending: float, params: Params, week_of_year: int) -> None:
    """Book the week and set the measures for next week."""
    mun = params.municipality
    weekly = budget.year_budget / WEEKS_PER_YEAR
    budget.spent_this_year += spending
    if math.isinf(weekly):  # no budget set yet (the first year): nothing binds
        budget.rate, budget.forecast_over = spending, -1.0
        budget.tightening, budget.ceiling, budget.stop = 0.0, False, False
        return
    budget.budget_this_year += weekly
    budget.balance += weekly - spending
    budget.rate = spending if budget.rate == 0.0 else (1 - RECENT) * budget.rate + RECENT * spending
    weeks_left = WEEKS_PER_YEAR - 1 - week_of_year
    forecast = budget.spent_this_year + budget.rate * weeks_left
    budget.forecast_over = forecast / budget.year_budget - 1.0 if budget.year_budget > 0 else 0.0
    over = budget.forecast_over > 0
    target = (mun.indication_gain * max(budget.forecast_over, 0.0)
              if mun.stricter_indication else 0.0)
    step = float(np.clip(target - budget.tightening, -mun.indication_step, mun.indication_step))
    budget.tightening = min(max(budget.tightening + step, 0.0), 1.0)
    budget.ceiling = mun.admission_ceiling and over
    budget.stop = (mun.late_year_stop and week_of_year >= mun.late_year_week
                   and budget.spent_this_year > budget.budget_this_year)
