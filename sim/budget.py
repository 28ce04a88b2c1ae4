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
    started = budget.started
    close_year(budget, params, now)
    cut_providers(providers, params, budget.last_year_over if started else 0.0,
                  specialist_share)
    open_year(budget, params)


def close_year(budget: Budget, params: Params, now: int) -> None:
    """Keep how far last year went over its budget; at week 0, fix the budget's base."""
    if budget.started and budget.budget_this_year > 0:
        budget.last_year_over = budget.spent_this_year / budget.budget_this_year - 1.0
    if budget.started and now == 0:
        budget.base = budget.spent_this_year * (1.0 + params.municipality.budget_headroom)


def cut_providers(providers: Providers, params: Params, last_year_over: float,
                  specialist_share: float) -> None:
    """After a year over budget: less contracted capacity (capacity contract) or lower tariffs."""
    mun = params.municipality
    over = max(last_year_over, 0.0)
    if over > 0 and params.specialists.contract == "capacity":
        cut = min(0.5, over / max(specialist_share, 1e-9))
        providers.contracted *= 1.0 - cut
    elif over > 0 and mun.tariff_cut:
        cut = min(mun.max_tariff_cut, mun.tariff_cut_per_overspend * over)
        providers.tariff_level *= 1.0 - cut


def open_year(budget: Budget, params: Params) -> None:
    """This year's budget: the base less any cut; nothing spent yet."""
    budget.year_budget = budget.base * (1.0 - params.municipality.budget_cut)
    budget.spent_this_year = 0.0
    budget.budget_this_year = 0.0
    budget.started = True


def settle_week(budget: Budget, spending: float, params: Params, week_of_year: int) -> None:
    """Book the week and set the measures for next week."""
    if book_week(budget, spending, week_of_year):
        set_measures(budget, params, week_of_year, budget.forecast_over,
                     budget.spent_this_year > budget.budget_this_year)
    else:  # no budget set yet (the first year): nothing binds
        budget.tightening, budget.ceiling, budget.stop = 0.0, False, False


def book_week(budget: Budget, spending: float, week_of_year: int) -> bool:
    """Book the week's spending and forecast the year's end; False while no budget is set."""
    weekly = budget.year_budget / WEEKS_PER_YEAR
    budget.spent_this_year += spending
    if math.isinf(weekly):
        budget.rate, budget.forecast_over = spending, -1.0
        return False
    budget.budget_this_year += weekly
    budget.balance += weekly - spending
    budget.rate = spending if budget.rate == 0.0 else (1 - RECENT) * budget.rate + RECENT * spending
    weeks_left = WEEKS_PER_YEAR - 1 - week_of_year
    forecast = budget.spent_this_year + budget.rate * weeks_left
    budget.forecast_over = forecast / budget.year_budget - 1.0 if budget.year_budget > 0 else 0.0
    return True


def set_measures(budget: Budget, params: Params, week_of_year: int, forecast_over: float,
                 over_to_date: bool) -> None:
    """The measures in force next week, from a forecast overspend (a share of the budget).

    ``over_to_date``: spending so far this year is above the budget so far (the late-year stop
    needs it). A municipality of neighbourhoods sharing one budget passes its own forecast.
    """
    mun = params.municipality
    target = (mun.indication_gain * max(forecast_over, 0.0)
              if mun.stricter_indication else 0.0)
    step = float(np.clip(target - budget.tightening, -mun.indication_step, mun.indication_step))
    budget.tightening = min(max(budget.tightening + step, 0.0), 1.0)
    budget.ceiling = mun.admission_ceiling and forecast_over > 0
    budget.stop = mun.late_year_stop and week_of_year >= mun.late_year_week and over_to_date
