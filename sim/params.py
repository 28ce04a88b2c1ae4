"""The one typed, validated parameter object that builds a wijksim model.

Every parameter lives in a section (``population``, ``problems``, ...) and is addressed by a dotted
path such as ``generalists.enabled``. Each has a default, a unit, bounds, a label, a source (a
citation, or the word "assumption") and a role:

- ``lever``: a choice the municipality makes (a policy). During the warm-up every lever is held
  at its baseline default, so that a baseline and a policy run on one seed start from the same
  settled neighbourhood.
- ``assumption``: a property of the world or an uncertain effect size; it holds during the
  warm-up too. Sweeps and calibration explore these.
- ``setting``: how the simulation is run (size, warm-up).

A :class:`Timeline` holds the parameters in force from week 0 and any dated changes (a policy that
starts in year 2), each fully validated before a run starts.
"""

from __future__ import annotations

import difflib
import functools
import reprlib
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ASSUMPTION = "assumption"
LEVER, WORLD, SETTING = "lever", "assumption", "setting"

# Sources quoted beside values (short forms of the entries in shared/context/domain-figures.md
# and of the publications cited in docs/ODD.md).
SRC_CBS_VOLUNTEER = "CBS, Vrijwilligerswerk en welzijn (2020): ~49% volunteer yearly, 4.5 h/week"
SRC_CBS_VOLUNTEER_GRADIENT = (
    "CBS, Vrijwilligerswerk: wie doet het? (2017): >60% higher-educated vs 35% lowest-educated; "
    "57% at 35-45 vs 32% at 75+"
)
SRC_VOLUNTEER_HOURS = ("CBS via nu.nl (2019): volunteers without a paid job give ~6 h/week, "
                       "employed volunteers ~3 h/week")
SRC_VOLUNTEER_ACTIVE = ("CBS 2020: ~49% volunteer in a year, ~3 in 10 in the last 4 weeks "
                        "(derived: a volunteer is active in ~60% of weeks)")
SRC_PGB_TARIFF = "Gemeente Westerveld, Tarieven Wmo 2023: informal-PGB support EUR 22.80/h"
SRC_RESPITE_TARIFF = "Gemeente Westerveld, Tarieven Wmo 2023: respite EUR 204.21 per 24 h"
SRC_SPECIALIST_TARIFF = "Gemeente Ede, kosten voorzieningen Wmo/jeugd 2023: specialist EUR 82.80/h"
SRC_SUPPORT_TARIFF = (
    "Gemeente Ede, kosten voorzieningen 2023: regular support EUR 63.60/h (proxy; generalist "
    "hourly cost is unconfirmed in domain-figures.md)"
)
SRC_BASIC_TARIFF = "Gemeente Westerveld, Tarieven Wmo 2023: individual support basic EUR 55.80/h"
SRC_CASELOAD = (
    "sociaaldomeinonline.nl, handreiking caseload: family guardians 15-24 families per case manager"
)
SRC_PLACEMENT = "Stade Advies via Jeugd&Co (2012): out-of-home placement ~EUR 40,000 per child/yr"
SRC_FGC_DECLINE = "Sert, UvA MSc thesis (2016): 45% of offered families decline"
SRC_FGC_PLAN = (
    "Eigen Kracht Centrale jaarcijfers (2023): 86% of requests end with a plan (provider)"
)
SRC_FGC_COST = "Eigen Kracht Centrale price list (~2015): EUR 1,900-4,500 per conference (provider)"
SRC_FGC_DECAY = "Dijkstra et al., WODC (2016): many plans no longer used after ~3 months"
SRC_BROODFONDS_SIZE = "broodfonds.nl FAQ: a circle has 20-50 members"
SRC_BROODFONDS_MONEY = (
    "Volkskrant on Broodfonds: deposit EUR 78/month for a EUR 1,750/month payout; 2-year cap; "
    "a waiting month (Trouw 2020)"
)
SRC_KEYRING = "KeyRing (govint.org, Guardian 2013): ~9 members + 1 volunteer giving >=12 h/week"
SRC_JUTTER = "De Nieuwe Jutter (Movisie praktijkvoorbeeld): paid support 6 h/week"
SRC_CUTS = (
    "'5 years decentralisation' repost: household help cut ~1/3, support ~1/4, youth ~15% (2015)"
)
SRC_CARER_AGE = "CBS counts informal carers from age 16 (vzinfo.nl, mantelzorg)"
SRC_CARER_KIN = ("SCP 2015 via Movisie cijfers: carers help (in-law) parents 45%, partner 14%, "
                 "child 5%, other family 19%, friends/neighbours 18%; children living close "
                 "care most (CBS 2024, Vader en moeder op leeftijd)")


def calibrated(low: float, high: float, note: str = "") -> str:
    """The source of a value fitted by ``wijksim calibrate`` (the posterior mean is the default).

    ``low``-``high`` is the 90% posterior interval; docs/calibration.md has the whole record.
    """
    extra = f"; {note}" if note else ""
    return (f"calibrated: posterior mean of ABC-SMC to the calibration facts of "
            f"evidence/targets.yaml (wijksim calibrate evidence/calibration.yaml, 2026-12-03; "
            f"90% interval {low:g} to {high:g}; docs/calibration.md){extra}")


def param(default: Any, lo: float | None, hi: float | None, unit: str, label: str,
          source: str = ASSUMPTION, *, role: str = WORLD, build_only: bool = False) -> Any:
    """Declare one parameter: default, inclusive bounds, unit, label, source and role.

    ``build_only`` marks parameters used only to build the neighbourhood; a dated change to one
    would do nothing, so it is refused.
    """
    return Field(default, ge=lo, le=hi, description=label,
                 json_schema_extra={"unit": unit, "source": source, "role": role,
                                    "build_only": build_only})


def switch(default: bool, label: str, source: str = ASSUMPTION, *, role: str = LEVER) -> Any:
    """Declare an on/off parameter (no bounds); switches are levers unless said otherwise."""
    return Field(default, description=label,
                 json_schema_extra={"unit": "on/off", "source": source, "role": role,
                                    "build_only": False})


def choice(default: str, label: str, source: str = ASSUMPTION, *, role: str = LEVER) -> Any:
    """Declare a parameter that takes one of a few named values."""
    return Field(default, description=label,
                 json_schema_extra={"unit": "choice", "source": source, "role": role,
                                    "build_only": False})


def lever(default: Any, lo: float | None, hi: float | None, unit: str, label: str,
          source: str = ASSUMPTION) -> Any:
    """Declare a policy lever (held at its default during the warm-up)."""
    return param(default, lo, hi, unit, label, source, role=LEVER)


class Section(BaseModel):
    """Base for one group of parameters: frozen, strict about unknown keys and types."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, validate_default=True)


class Simulation(Section):
    """How a run is set up."""

    warmup_years: int = param(
        6, 0, 40, "years", "Unreported warm-up before week 0: the neighbourhood settles under "
        "the baseline levers and the run's assumptions, then the scenario's policies start",
        "assumption (long enough for waiting lists, burdens, trust and labels to settle: see "
        "the stationarity test and docs/ODD.md)", role=SETTING, build_only=True)
    run_years: float = param(
        2.0, 0.02, 200.0, "years", "Length of a run when Mesa drives the model (run_model, "
        "batch_run, SolaraViz): after this many reported years `running` turns false. The "
        "CLI, sweeps and sim.run give their own length", role=SETTING, build_only=True)
    all_needs_met: bool = switch(
        False, "Sensitivity only: every hour of need left unmet is given anyway, by nobody in "
        "the model and at no cost, with the effect of an informal hour (shows how far wellbeing "
        "could move if needs were met; never a policy; like a lever it starts after the "
        "warm-up)")


class Population(Section):
    """Who lives in the neighbourhood: households, age, education, work and income."""

    n_residents: int = param(2000, 20, 2_000_000, "persons", "Residents", role=SETTING,
                             build_only=True)
    residents_per_cell: int = param(24, 4, 400, "persons", "Residents per grid cell (block)",
                                    role=SETTING, build_only=True)
    share_single_person: float = param(
        0.395, 0.0, 0.9, "share of households", "Single-person households",
        "CBS StatLine 37975 (1 Jan 2023): 39.5% of private households", build_only=True)
    share_couple_no_children: float = param(
        0.285, 0.0, 0.9, "share of households", "Couples without children at home",
        "CBS StatLine 37975 (1 Jan 2023): 28.5% multi-person households without children",
        build_only=True)
    share_single_parent: float = param(
        0.074, 0.0, 0.5, "share of households", "Single-parent households",
        "CBS StatLine 71487ned (2023): 610,633 of 8.27 mln households (derived 7.4%)",
        build_only=True)
    share_low_income: float = param(
        0.09, 0.0, 0.6, "share of households", "Households on a low income",
        "assumption near CBS 'laag inkomen' (6-9% of households, 2019-2022); single parents and "
        "singles are over-represented", build_only=True)
    share_low_education: float = param(0.27, 0.0, 1.0, "share of adults", "Low education",
                                       "CBS, onderwijsniveau 15-74 (2022): ~27% low",
                                       build_only=True)
    share_high_education: float = param(0.36, 0.0, 1.0, "share of adults", "High education",
                                        "CBS, onderwijsniveau 15-74 (2022): ~36% high",
                                        build_only=True)
    employment_rate: float = param(
        0.78, 0.0, 1.0, "share of residents aged 18-66 not in education", "In paid work",
        "assumption near CBS netto arbeidsparticipatie (~72% of 15-74, higher at 25-64)",
        build_only=True)
    share_self_employed: float = param(
        0.16, 0.0, 0.6, "share of those in work", "Self-employed",
        "CBS: ~1.6 mln self-employed of ~9.7 mln in work (2022), of whom ~1.2 mln without staff",
        build_only=True)
    share_self_employed_insured: float = param(
        0.2, 0.0, 1.0, "share of the self-employed", "Self-employed insured against loss of "
        "income through illness", "assumption (a minority of the self-employed without staff "
        "is insured; exact share not in domain-figures.md)", build_only=True)

    @model_validator(mode="after")
    def _shares_fit(self) -> Population:
        if self.share_low_education + self.share_high_education > 1.0:
            raise ValueError(
                f"share_low_education ({self.share_low_education}) + share_high_education "
                f"({self.share_high_education}) must not exceed 1")
        households = (self.share_single_person + self.share_couple_no_children
                      + self.share_single_parent)
        if households > 1.0:
            raise ValueError(
                f"share_single_person + share_couple_no_children + share_single_parent "
                f"({households:g}) must not exceed 1 (the rest are couples with children)")
        return self


class Problems(Section):
    """Onset, course and thresholds of problems in the eight life domains.

    Acute problems come and go; chronic ones (long-term illness and frailty, chronic mental
    illness, lasting poverty and debt, lasting loneliness) last for years with a fluctuating
    severity. Ages do not change during a run: the neighbourhood's age structure is
    stationary, and the end of a chronic problem stands for remission, a move or death with the
    resident replaced by someone alike (see docs/ODD.md).
    """

    onset_per_year: float = param(0.018, 0.0, 1.0, "per person per domain per year",
                                  "Base onset hazard of an acute problem",
                                  calibrated(0.0098, 0.030))
    low_income_multiplier: float = param(2.5, 1.0, 20.0, "x", "Onset hazard multiplier in "
                                         "low-income households")
    single_parent_multiplier: float = param(1.5, 1.0, 10.0, "x", "Onset hazard multiplier in "
                                            "single-parent households")
    vulnerability_spread: float = param(
        1.26, 0.0, 3.0, "sd of log hazard", "Spread between households of a lasting "
        "vulnerability that raises the risk of every problem (a log-normal multiplier with "
        "mean 1)", calibrated(0.49, 1.61, "to how concentrated multi-problem households are"),
        build_only=True)
    clustering: float = param(1.0, 0.0, 5.0, "x per active problem", "Extra onset hazard per "
                              "problem already present (problems cluster)")
    household_spillover: float = param(0.6, 0.0, 5.0, "x per household problem",
                                       "Extra onset hazard per problem elsewhere in the household")
    entanglement: float = param(
        0.5, 0.0, 5.0, "per other problem", "How much each other problem of the same person slows "
        "the relief of a problem, by itself or by help (problems entangle; assumption, calibrated "
        "to how long multi-problem households last)")
    severity_mean: float = param(0.45, 0.05, 0.95, "severity (0-1)", "Mean severity of a new "
                                 "problem")
    need_threshold: float = param(0.3, 0.05, 0.9, "severity (0-1)", "Severity from which a "
                                  "problem is a need for help")
    heavy_threshold: float = param(0.7, 0.1, 1.0, "severity (0-1)", "Severity from which a "
                                   "problem is heavy")
    residential_threshold: float = param(
        0.85, 0.5, 1.0, "severity (0-1)", "Severity from which youth, mental-health and housing "
        "problems need residential care", "assumption; set by hand at 0.85 after 0.92 gave no "
        "residential youth care at all (not fitted)")
    natural_recovery: float = param(0.02, 0.0, 0.2, "severity per week at full own strength",
                                    "Natural recovery of an acute problem")
    worsening_unmet: float = param(0.006, 0.0, 0.1, "severity per week", "Worsening of a heavy "
                                   "problem whose need goes wholly unmet (in proportion to the "
                                   "unmet share)")
    frailty_at_75: float = param(0.015, 0.0, 1.0, "per person per year", "Onset hazard of a "
                                 "chronic physical limitation at age 75",
                                 calibrated(0.0069, 0.030))
    frailty_doubling_years: float = param(7.0, 1.0, 50.0, "years", "Years of age over which "
                                          "that hazard doubles")
    chronic_physical_adult: float = param(0.004, 0.0, 0.2, "per person per year", "Onset "
                                          "hazard of a chronic illness or disability below "
                                          "old age")
    chronic_mental: float = param(0.004, 0.0, 0.2, "per adult per year", "Onset hazard of a "
                                  "chronic mental illness")
    chronic_debt: float = param(0.02, 0.0, 0.5, "per adult per year in a low-income household",
                                "Onset hazard of lasting poverty and debt")
    chronic_isolation: float = param(0.053, 0.0, 0.5, "per adult per year without a network",
                                     "Onset hazard of lasting loneliness",
                                     calibrated(0.033, 0.091))
    chronic_end_per_year: float = param(0.12, 0.0, 2.0, "per year", "End of a chronic problem "
                                        "(remission, moving away or death, replaced by someone "
                                        "alike)")
    chronic_level_mean: float = param(0.55, 0.1, 1.0, "severity (0-1)", "Mean level a chronic "
                                      "problem fluctuates around")
    chronic_pull: float = param(0.05, 0.0, 1.0, "share of the gap per week", "How fast a "
                                "chronic problem returns to its level")
    chronic_fluctuation: float = param(0.03, 0.0, 0.5, "severity per week (sd)", "Week-to-week "
                                       "fluctuation of a chronic problem")
    burden_health_effect: float = param(1.0, 0.0, 10.0, "x at full burden", "Extra onset "
                                        "hazard of physical and mental problems for a carer at "
                                        "full burden (Bom et al. 2019: caregiving harms carers' "
                                        "health; size is an assumption)")
    work_limit: float = param(0.5, 0.1, 1.0, "severity (0-1)", "Physical or mental severity "
                              "from which a resident cannot work")
    lost_income_debt: float = param(0.03, 0.0, 0.5, "severity per week", "Income problem "
                                    "growth per week a self-employed resident too ill to work "
                                    "has no income")

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> Problems:
        if not self.need_threshold < self.heavy_threshold <= self.residential_threshold:
            raise ValueError(f"need_threshold ({self.need_threshold}) < heavy_threshold "
                             f"({self.heavy_threshold}) <= residential_threshold "
                             f"({self.residential_threshold}) must hold")
        return self


class Network(Section):
    """Relationships: partner, household, kin near and far, friends and neighbours."""

    kin_near_share: float = param(0.2, 0.0, 1.0, "share of kin outside the household",
                                  "Kin living in the neighbourhood", build_only=True)
    kin_far_share: float = param(0.35, 0.0, 1.0, "share of kin outside the household",
                                 "Kin living far away (the rest live in town)", build_only=True)
    friends: int = param(3, 0, 6, "ties per person", "Friend and neighbour ties an adult can "
                         "have", build_only=True)
    missing_friend_share: float = param(0.35, 0.0, 1.0, "share of friend slots", "Friend and "
                                        "neighbour slots left empty", build_only=True)
    fewer_friends_old_single: float = param(0.3, 0.0, 1.0, "share of friend slots", "Extra "
                                            "empty slots for older people living alone and for "
                                            "low-income residents", build_only=True)
    neighbour_radius: int = param(2, 1, 10, "cells", "Radius within which neighbours and "
                                  "friends live", build_only=True)
    initial_strength: float = param(0.5, 0.0, 1.0, "strength (0-1)", "Initial strength of "
                                    "ties outside the household", build_only=True)
    willing_partner: float = param(0.95, 0.0, 1.0, "probability", "A partner who would care")
    willing_household: float = param(0.8, 0.0, 1.0, "probability", "A co-resident parent or "
                                     "adult child who would care")
    willing_child: float = param(0.6, 0.0, 1.0, "probability", "An adult child elsewhere who "
                                 "would care", SRC_CARER_KIN)
    willing_parent: float = param(0.5, 0.0, 1.0, "probability", "A parent elsewhere who would "
                                  "care")
    willing_kin: float = param(0.25, 0.0, 1.0, "probability", "Other kin who would care")
    willing_friend: float = param(0.2, 0.0, 1.0, "probability", "A friend or neighbour who would "
                                  "care (SCP 2015: 35% of non-carers are willing and able)")
    women_more_willing: float = param(
        1.62, 0.5, 3.0, "x", "How much more often a woman than a man would care, relation for "
        "relation", calibrated(1.30, 2.09, "CBS finds 15.0% of women and 10.9% of men are "
                               "carers, vzinfo.nl 2022"))
    hours_partner: float = param(40.0, 0.0, 80.0, "h/week", "Most hours a partner gives")
    hours_household: float = param(20.0, 0.0, 80.0, "h/week", "Most hours a co-resident gives")
    hours_child: float = param(12.0, 0.0, 40.0, "h/week", "Most hours an adult child nearby "
                               "gives")
    hours_parent: float = param(10.0, 0.0, 40.0, "h/week", "Most hours a parent nearby gives")
    hours_kin: float = param(4.0, 0.0, 40.0, "h/week", "Most hours other kin nearby give")
    hours_friend: float = param(3.0, 0.0, 40.0, "h/week", "Most hours a friend or neighbour "
                                "gives")
    in_town_factor: float = param(0.6, 0.0, 1.0, "x", "Hours kin in town can give, relative to "
                                  "kin in the neighbourhood")
    far_factor: float = param(0.15, 0.0, 1.0, "x", "Hours kin far away can give, relative to "
                              "kin in the neighbourhood")
    growth_per_use: float = param(0.02, 0.0, 0.5, "strength per week of shared activity",
                                  "Tie strengthening through care or shared activity")
    decay_per_week: float = param(0.004, 0.0, 0.1, "strength per week", "Tie fading while a "
                                  "resident is lonely")
    nobody_below: float = param(
        0.22, 0.0, 5.0, "strength-weighted willing ties", "A resident whose willing ties add up "
        "to less than this has nobody to fall back on", calibrated(
            0.054, 0.46, "to how social isolation is counted, see docs/evidence/evidence.md"))


class InformalCare(Section):
    """Informal care given along relationships."""

    carer_hours_working: float = param(30.0, 0.0, 80.0, "h/week", "Most hours of care a "
                                       "working carer gives in all")
    carer_hours_free: float = param(60.0, 0.0, 100.0, "h/week", "Most hours of care a carer "
                                    "without paid work gives in all")
    shared_share: float = param(
        0.1, 0.0, 1.0, "share of the hours asked", "Share of a person's need each willing tie "
        "beyond the first takes on before the closest ties fill the rest (care is shared over "
        "a network; assumption, calibrated to the share of carers who help only briefly or "
        "lightly, SCP broad vs CBS narrow definition)")
    depth: float = param(0.25, 0.0, 1.0, "x specialist effect", "Relief of an informal hour on "
                         "an acute problem, relative to a specialist hour (in proportion to "
                         "the domain's fit for informal care)")
    shadow_price: float = param(22.80, 0.0, 100.0, "EUR/h", "Shadow price of an informal hour "
                                "(shown apart, never in totals)", SRC_PGB_TARIFF)


class Carers(Section):
    """Carer burden: a state that builds with the load and eases without it."""

    burden_scale_hours: float = param(
        30.0, 1.0, 200.0, "h/week", "Weighted weekly hours at which burden reaches 63% of its "
        "maximum (PMC7496310: burden rises steeply with hours)", calibrated(16.6, 64.1))
    weight_work: float = param(0.3, 0.0, 3.0, "x", "Extra weight of care hours when the carer "
                               "works")
    weight_children: float = param(0.3, 0.0, 3.0, "x", "Extra weight when the carer has children "
                                   "at home")
    weight_own_health: float = param(0.8, 0.0, 5.0, "x at full severity", "Extra weight when "
                                     "the carer is ill")
    weight_alone: float = param(0.3, 0.0, 3.0, "x", "Extra weight when nobody shares the care "
                                "and no professional helps")
    weight_mental: float = param(0.3, 0.0, 3.0, "x", "Extra weight when the person cared for has "
                                 "a mental-health problem (SCP 2015)")
    rise_per_week: float = param(0.06, 0.0, 1.0, "share of the gap per week", "How fast burden "
                                 "builds towards the level the load brings")
    ease_per_week: float = param(0.03, 0.0, 1.0, "share of the gap per week", "How fast burden "
                                 "eases when the load falls")
    overload_burden: float = param(0.6, 0.1, 1.0, "burden (0-1)", "Burden from which a carer "
                                   "counts as overloaded")
    dropout_per_week: float = param(0.02, 0.0, 1.0, "probability per week at full burden",
                                    "Chance an overloaded carer stops (rising from 0 at the "
                                    "overload level)")
    pause_weeks: int = param(26, 1, 520, "weeks", "How long a carer who stopped stays stopped")


class CarerSupport(Section):
    """Support for carers (mantelzorgondersteuning) and respite care."""

    enabled: bool = switch(False, "Carer support and respite")
    respite_hours: float = lever(6.0, 0.0, 40.0, "h/week", "Respite care for an overloaded "
                                 "carer: hours of their care taken over")
    respite_tariff: float = param(8.50, 0.0, 100.0, "EUR/h", "Cost of an hour of respite "
                                  f"(derived: {SRC_RESPITE_TARIFF})")
    effect: float = param(0.25, 0.0, 0.9, "share", "How much support lowers the weight of care "
                          "hours for a supported carer (assumption: trials find small to "
                          "moderate effects; explore 0-0.5)")
    cost_per_carer_per_year: float = param(600.0, 0.0, 10000.0, "EUR per supported carer per "
                                           "year", "Consultant time for a supported carer")
    reach: float = param(0.5, 0.0, 1.0, "share of overloaded carers", "Overloaded carers the "
                         "service reaches", role=LEVER)


class HelpSeeking(Section):
    """Who asks for help, and trust in institutions."""

    never_ask_share: float = param(0.15, 0.0, 1.0, "share of residents", "Residents who never "
                                   "ask for help", build_only=True)
    ask_per_week: float = param(0.15, 0.0, 1.0, "probability per week", "Chance a resident with "
                                "an unmet need asks, at full trust")
    take_up: float = param(0.85, 0.0, 1.0, "share", "Share of the formal hours granted that a "
                           "client uses (some under-use what they are entitled to)")
    initial_trust: float = param(0.6, 0.0, 1.0, "trust (0-1)", "Mean usual trust in "
                                 "institutions", build_only=True)
    trust_return: float = param(0.01, 0.0, 1.0, "share of the gap per week", "Drift of trust "
                                "back to its usual level (distrust fades)")
    trust_loss_on_denial: float = param(0.1, 0.0, 1.0, "trust", "Trust lost when help is denied")
    trust_gain_on_help: float = param(0.05, 0.0, 1.0, "trust", "Trust gained when help starts")
    trust_loss_waiting: float = param(0.003, 0.0, 0.1, "trust per week", "Trust lost per week "
                                      "on a waiting list")
    reapply_after_weeks: int = param(13, 0, 520, "weeks", "Weeks before a resident who was "
                                     "denied asks again")
    hide_learning: float = param(0.25, 0.0, 1.0, "probability", "Chance a resident denied help "
                                 "because of their network hides it from then on")


class Indication(Section):
    """Eligibility assessment (indication) and labels: whoever indicates, the client is labelled."""

    eligibility_threshold: float = param(0.4, 0.0, 1.0, "severity (0-1)", "Severity needed to "
                                         "be found eligible", role=LEVER)
    intake_hours: float = param(3.0, 0.0, 40.0, "h per assessment", "Intake and assessment")
    admin_cost: float = param(150.0, 0.0, 5000.0, "EUR per assessment", "Administration per "
                              "assessment (decision letter, file)")
    assessor_tariff: float = param(63.60, 0.0, 300.0, "EUR/h", "Hourly cost of a municipal "
                                   "assessor", SRC_SUPPORT_TARIFF)
    customary_care_hours: float = param(
        10.0, 0.0, 40.0, "h/week", "Hours of physical care a healthy adult in the household is "
        "expected to give before formal help is granted ('gebruikelijke zorg'; the hours are an "
        "assumption)", role=LEVER)
    label_half_life: float = param(104.0, 1.0, 2000.0, "weeks", "Half-life of a label's weight "
                                   "(labels fade)")


ContractForm = Literal["per_hour", "per_client", "capacity"]


class Specialists(Section):
    """Specialist providers: one pool of capacity per domain, paid under a contract form."""

    per_1000_residents: float = lever(7.0, 0.0, 100.0, "FTE per 1,000 residents", "Specialist "
                                      "capacity contracted (all domains; its size under a "
                                      "capacity contract, the start elsewhere)")
    hours_per_week: float = param(32.0, 1.0, 40.0, "h/week", "Contract hours per FTE")
    tariff: float = param(82.80, 0.0, 300.0, "EUR/h", "Specialist tariff (youth, mental "
                          "health; other domains pay a share of it, see sim/domains.py)",
                          SRC_SPECIALIST_TARIFF)
    contract: ContractForm = choice(
        "per_hour", "How the municipality pays providers: per hour delivered, per client in care "
        "per week (an arrangement price), or for the capacity it contracted",
        "assumption: most Dutch municipalities paid per unit delivered ('inspanningsgericht') "
        "after 2015; output- and task-based funding grew later (see docs/ODD.md)")
    client_week_hours: float = param(3.0, 0.0, 40.0, "h per client per week", "Hours priced "
                                     "into the weekly arrangement price (per-client contracts)")
    capacity_adjust_weeks: float = param(26.0, 1.0, 520.0, "weeks", "Time providers take to "
                                         "grow or shrink their staff towards demand (per-hour "
                                         "and per-client contracts)")
    occupancy_target: float = param(0.9, 0.3, 1.0, "share", "Share of their hours providers "
                                    "aim to fill")
    max_growth: float = param(2.0, 1.0, 10.0, "x contracted", "Most a provider grows relative "
                              "to the contracted start")
    intake_hours: float = param(2.0, 0.0, 40.0, "h per admission", "Provider's own intake")
    coordination_hours: float = param(0.5, 0.0, 10.0, "h/week per other professional",
                                      "Coordination with each other professional on the "
                                      "household")
    travel_hours: float = param(0.3, 0.0, 5.0, "h per client per week", "Travel for home visits")
    effect_per_hour: float = param(0.006, 0.0, 0.5, "severity per direct hour", "Severity relief "
                                   "per direct specialist hour on an acute problem")
    chronic_effect: float = param(0.3, 0.0, 1.0, "x", "Relief per hour on a chronic problem, "
                                  "relative to an acute one (care meets a chronic need more "
                                  "than it cures it)")
    max_direct_hours: float = param(8.0, 0.1, 40.0, "h/week per client", "Most direct hours a "
                                    "client gets per week in one domain")
    discharge_severity: float = param(0.2, 0.0, 0.9, "severity (0-1)", "Severity at which an "
                                      "episode ends")
    review_weeks: int = param(52, 4, 520, "weeks", "Review of long-term support: a client whose "
                              "chronic need has eased below eligibility leaves")
    residential_cost_per_week: float = param(770.0, 0.0, 5000.0, "EUR per week",
                                             "Residential care (out-of-home placement, "
                                             "sheltered housing)", SRC_PLACEMENT)


class Generalists(Section):
    """Generalist neighbourhood team (sociaal wijkteam): first line in front of specialists."""

    enabled: bool = switch(False, "Generalist neighbourhood teams")
    per_1000_residents: float = lever(1.2, 0.0, 50.0, "FTE per 1,000 residents", "Generalists "
                                      "(team size per inhabitant is unconfirmed)")
    hours_per_week: float = param(32.0, 1.0, 40.0, "h/week", "Contract hours per generalist")
    caseload: int = lever(20, 1, 200, "households per FTE", "Households per generalist",
                          SRC_CASELOAD)
    cost_per_hour: float = param(63.60, 0.0, 300.0, "EUR/h", "Salaried cost of a generalist "
                                 "hour (paid whatever it is spent on)", SRC_SUPPORT_TARIFF)
    intake_hours: float = param(1.5, 0.0, 40.0, "h per household", "Kitchen-table conversation "
                                "(no eligibility label)")
    depth: float = param(0.6, 0.0, 1.0, "x specialist effect", "Effect of a generalist hour "
                         "relative to a specialist hour")
    expertise_limit: float = param(
        0.6, 0.1, 1.0, "severity (0-1)", "Severity beyond which a generalist lacks the "
        "expertise and refers (Movisie 2017, Pro Persona: teams lack diagnostic depth for "
        "heavier cases; level is an assumption)")
    overload_referral: float = param(0.2, 0.0, 1.0, "severity per unit of overload", "How much "
                                     "lower the team refers when its caseload is over full")
    wait_holding: float = param(0.15, 0.0, 1.0, "severity at a half-year wait", "How much "
                                "longer the team holds a case when specialist waits are long "
                                "(Movisie 2017: waiting lists keep heavy cases in the team)")
    step_down: bool = switch(True, "Specialists hand a case back to the team once the team can "
                             "carry it")
    outreach_share: float = lever(0.1, 0.0, 0.9, "share of hours", "Hours spent on outreach")
    outreach_find_rate: float = param(0.05, 0.0, 5.0, "residents found per outreach hour",
                                      "Residents with hidden need found per outreach hour")
    mobilisation: float = param(0.5, 0.0, 5.0, "exponent on each tie's refusal chance",
                                "How much more readily a client's disclosed network helps once "
                                "the team mobilises it (assumption; Rotterdam 2014: the shift "
                                "to informal care was 'insufficiently realised'; explore 0-1)")
    referral_hours: float = param(1.0, 0.0, 20.0, "h per referral", "Time to refer a case to a "
                                  "specialist")
    shifted_specialists: float = lever(0.0, 0.0, 1.0, "share of specialist FTE",
                                       "Share of contracted specialist capacity moved into the "
                                       "teams")
    own_success_credit: float = param(0.5, 0.0, 1.0, "share", "Share of the relief a team gives "
                                      "that builds own strength as if solved alone (assumption: "
                                      "the same as specialist care by default; explore 0.5-1 "
                                      "for 'own strength as the starting point')")


class Municipality(Section):
    """The municipality: an annual budget in money, and what it does when it overspends."""

    budget_headroom: float = param(
        0.05, 0.0, 1.0, "share", "The yearly budget is the last warm-up year's spending plus "
        "this share, fixed from week 0 (less any cut). Assumption: municipalities budget near "
        "realised spending")
    budget_cut: float = lever(0.0, 0.0, 0.9, "share", "Cut in the annual budget",
                              f"assumption; national cuts were 15-33%: {SRC_CUTS}")
    stricter_indication: bool = switch(True, "When spending runs ahead of the budget, raise "
                                       "the eligibility threshold")
    indication_gain: float = param(1.0, 0.0, 10.0, "severity per share overspent", "How far "
                                   "the threshold is raised for a forecast overspend (a 10% "
                                   "overspend raises it by 0.1 at gain 1)")
    indication_step: float = param(0.01, 0.0, 0.5, "severity per week", "Most the threshold "
                                   "moves in a week towards that level")
    admission_ceiling: bool = switch(True, "When the forecast is over budget, admit only heavy "
                                     "cases to specialist care (a budget ceiling: the rest wait)")
    tariff_cut: bool = switch(True, "After a year over budget, lower next year's tariffs")
    tariff_cut_per_overspend: float = param(0.5, 0.0, 2.0, "share per share overspent", "Tariff "
                                            "cut per unit of last year's overspending")
    max_tariff_cut: float = param(0.1, 0.0, 0.5, "share per year", "Largest tariff cut in a "
                                  "year")
    tariff_supply_elasticity: float = param(0.5, 0.0, 3.0, "share of capacity per share of "
                                            "tariff", "How much providers shrink when tariffs "
                                            "fall (assumption; explore 0-1)")
    late_year_stop: bool = switch(False, "From a week late in the year, no new indications "
                                  "while spending is over budget (heavy cases excepted)")
    late_year_week: int = param(40, 1, 51, "week of the year", "Week from which the stop can "
                                "apply")
    network_rationing: float = lever(0.0, 0.0, 1.0, "probability", "Chance an assessment denies "
                                     "help to a resident with a disclosed network ('use your "
                                     "own strength')")
    network_appeal_hours: float = lever(0.0, 0.0, 40.0, "h/week", "Extra hours the network is "
                                        "asked to give after such a denial")
    appeal_repeat: float = param(0.9, 0.0, 1.0, "share per week", "Share of last week's "
                                 "appeal hours the network is asked again")
    budget_allocation: Literal["pooled", "by_use", "per_capita", "need_weighted"] = choice(
        "pooled", "A municipality of neighbourhoods: one budget whose measures follow the "
        "municipal forecast (pooled), or a budget per neighbourhood, shared out by settled "
        "spending (by_use), by residents (per_capita) or by settled hours of need "
        "(need_weighted); a single neighbourhood ignores it", role=SETTING)
    shared_providers: bool = switch(True, "A municipality of neighbourhoods: the specialist "
                                    "providers serve all of them, with one waiting list per "
                                    "domain (off: each neighbourhood has its own); a single "
                                    "neighbourhood ignores it", role=SETTING)
    ties_across: bool = switch(True, "A municipality of neighbourhoods: kin and friends "
                               "'elsewhere in town' live in the other neighbourhoods, in "
                               "proportion to their residents, and care across (off: residents "
                               "of the neighbourhood stand in for them); a single neighbourhood "
                               "ignores it", role=SETTING)


class CommunityCentre(Section):
    """Community centres: municipal (paid staff) or self-managed by residents."""

    mode: Literal["none", "municipal", "self_managed"] = choice("municipal", "Community centre")
    residents_per_centre: int = param(5000, 500, 100000, "residents", "Residents one centre "
                                      "serves", role=SETTING, build_only=True)
    staff_hours_per_1000: float = lever(18.0, 0.0, 200.0, "h/week per 1,000 residents", "Paid "
                                        "staff hours (municipal)")
    staff_tariff: float = param(55.80, 0.0, 300.0, "EUR/h", "Staff hourly cost",
                                SRC_BASIC_TARIFF)
    hours_needed_per_1000: float = param(30.0, 0.0, 500.0, "h/week per 1,000 residents",
                                         "Hours it takes to run a centre (staff, support and "
                                         "volunteers)")
    support_per_1000: float = param(3.0, 0.0, 100.0, "h/week per 1,000 residents", "Hidden "
                                    "professional support of a self-managed centre", SRC_JUTTER)
    subsidy_per_1000: float = lever(10000.0, 0.0, 1e6, "EUR/year per 1,000 residents",
                                    "Non-cost-covering subsidy (self-managed)")
    visit_per_week: float = param(0.3, 0.0, 1.0, "probability per week", "Chance a lonely "
                                  "resident visits a fully running centre")
    isolation_relief: float = param(0.02, 0.0, 0.5, "severity per visit", "Loneliness relief "
                                    "per visit")
    visit_contact: float = param(0.2, 0.0, 1.0, "connectedness (0-1)", "Contact a visit adds "
                                 "that week")
    closed_below: float = param(0.25, 0.0, 1.0, "share of hours needed", "Running below this "
                                "share of the hours it needs, a centre closes")
    recruit_per_week: float = param(0.02, 0.0, 1.0, "probability per week", "Chance a "
                                    "volunteer in the catchment is won for the centre while "
                                    "hours are short")
    burnout_per_extra_hour: float = param(0.01, 0.0, 1.0, "probability per extra hour",
                                          "Extra quit chance per hour above the usual load")


class Volunteering(Section):
    """Volunteering in associations, graded by education and age."""

    share_high_education: float = param(0.6, 0.0, 1.0, "share per year", "Volunteering, high "
                                        "education", SRC_CBS_VOLUNTEER_GRADIENT,
                                  build_only=True)
    share_mid_education: float = param(0.48, 0.0, 1.0, "share per year", "Volunteering, middle "
                                       "education", SRC_CBS_VOLUNTEER,
                                  build_only=True)
    share_low_education: float = param(0.35, 0.0, 1.0, "share per year", "Volunteering, low "
                                       "education", SRC_CBS_VOLUNTEER_GRADIENT,
                                  build_only=True)
    old_age_factor: float = param(0.56, 0.0, 2.0, "x", "Relative volunteering at 75+ "
                                  "(32% / 57%)", SRC_CBS_VOLUNTEER_GRADIENT,
                                  build_only=True)
    hours_working: float = param(3.0, 0.0, 40.0, "h/week", "Usual hours of a volunteer in paid "
                                 "work", SRC_VOLUNTEER_HOURS)
    hours_not_working: float = param(6.0, 0.0, 40.0, "h/week", "Usual hours of a volunteer "
                                     "without paid work", SRC_VOLUNTEER_HOURS)
    active_share: float = param(0.6, 0.05, 1.0, "share of weeks", "Weeks a volunteer is "
                                "active", SRC_VOLUNTEER_ACTIVE)
    years_per_spell: float = param(5.0, 0.5, 50.0, "years", "Mean time a resident stays a "
                                   "volunteer")
    shock: float = param(0.0, 0.0, 0.9, "share", "A shock to volunteering (as in 2021: from "
                         "~49% to <39%): the share of volunteers who stop, and of new ones who "
                         "do not start (use as a dated change)", SRC_CBS_VOLUNTEER)


class MutualAid(Section):
    """Mutual-aid circles among the self-employed, in the Broodfonds style."""

    enabled: bool = switch(False, "Mutual-aid circles")
    join_share: float = lever(0.3, 0.0, 1.0, "share of the self-employed", "Self-employed who "
                              "join a circle once circles are set up")
    min_members: int = param(20, 5, 50, "members", "Fewest members a circle starts with",
                             SRC_BROODFONDS_SIZE)
    max_members: int = param(50, 20, 100, "members", "Most members in a circle",
                             SRC_BROODFONDS_SIZE)
    deposit_per_month: float = param(78.0, 0.0, 1000.0, "EUR/month", "Deposit per member",
                                     SRC_BROODFONDS_MONEY)
    payout_per_month: float = param(1750.0, 0.0, 10000.0, "EUR/month", "Payout to a member too "
                                    "ill to work", SRC_BROODFONDS_MONEY)
    start_months: float = param(6.0, 0.0, 60.0, "months of deposits", "Buffer each member pays "
                                "in before the circle pays out")
    waiting_weeks: int = param(4, 0, 52, "weeks", "Waiting time before a payout starts",
                               SRC_BROODFONDS_MONEY)
    max_weeks: int = param(104, 1, 520, "weeks", "Longest payout", SRC_BROODFONDS_MONEY)
    pressure_after_weeks: int = param(26, 1, 520, "weeks", "Weeks of drawing after which social "
                                      "pressure strains the member (Trouw 2020)")
    facilitation_per_year: float = lever(2000.0, 0.0, 1e5, "EUR per circle per year",
                                         "Municipal facilitation subsidy")


class Buddies(Section):
    """Buddy networks in the KeyRing style: members near each other and one volunteer."""

    enabled: bool = switch(False, "Buddy networks")
    networks_per_1000_residents: float = lever(0.5, 0.0, 20.0, "networks per 1,000 residents",
                                               "Networks")
    members: int = param(9, 2, 30, "members", "Members per network", SRC_KEYRING)
    volunteer_hours: float = param(12.0, 0.0, 40.0, "h/week", "Volunteer hours per network",
                                   SRC_KEYRING)
    isolation_relief: float = param(0.02, 0.0, 0.5, "severity per week", "Loneliness relief for "
                                    "members")
    contact: float = param(0.3, 0.0, 1.0, "connectedness (0-1)", "Contact membership adds each "
                           "week while the network has a volunteer (assumption; explore "
                           "0.1-0.5)")
    support_share: float = param(0.5, 0.0, 1.0, "share of volunteer hours", "Volunteer hours "
                                 "given as light support to members with unmet need")
    volunteer_search: float = param(0.25, 0.0, 1.0, "probability per week", "Chance a network "
                                    "without a volunteer looks for one this week")
    volunteer_radius: int = param(2, 0, 20, "cells", "How far from the network a new volunteer "
                                  "may live")
    cost_per_year: float = lever(15000.0, 0.0, 1e6, "EUR per network per year", "Support "
                                 "manager and the volunteer's rent (KeyRing cost per member is "
                                 "unconfirmed)")


class Conferences(Section):
    """Family group conferences (Eigen Kracht-conferenties)."""

    enabled: bool = switch(False, "Family group conferences")
    min_problems: int = lever(3, 1, 8, "problems", "Problems in the household before a "
                              "conference is offered")
    offer_per_week: float = lever(0.1, 0.0, 1.0, "probability per week", "Chance a household "
                                  "that qualifies is offered a conference")
    funding_approval: float = lever(1.0, 0.0, 1.0, "probability", "Chance the municipality funds "
                                    "a requested conference")
    decline: float = param(0.45, 0.0, 1.0, "probability", "Families who decline",
                           SRC_FGC_DECLINE)
    plan_rate: float = param(0.86, 0.0, 1.0, "probability", "Conferences ending with a plan",
                             SRC_FGC_PLAN)
    cost: float = param(3000.0, 0.0, 20000.0, "EUR per conference", "Cost per conference",
                        SRC_FGC_COST)
    plan_half_life: float = param(13.0, 1.0, 520.0, "weeks", "Half-life of a plan's use",
                                  SRC_FGC_DECAY)
    network_boost: float = param(1.0, 0.0, 10.0, "exponent on each tie's refusal chance",
                                 "How much more readily the network helps under a fresh plan "
                                 "(assumption; WODC 2016 finds more kinship placements but no "
                                 "lasting effects; explore 0-2)")
    say_boost: float = param(0.4, 0.0, 1.0, "say (0-1)", "Say over own life under a fresh plan "
                             "(assumption; explore 0-0.5)")


class OwnStrength(Section):
    """Own strength (self-reliance): the same rules in and out of care."""

    initial_mean: float = param(0.6, 0.0, 1.0, "own strength (0-1)", "Mean usual own strength",
                                build_only=True)
    low_income_penalty: float = param(0.15, 0.0, 1.0, "own strength", "Lower usual own "
                                      "strength in low-income households", build_only=True)
    growth_on_relief: float = param(0.2, 0.0, 5.0, "own strength per unit of severity relieved",
                                    "Growth when a problem eases (credited by source)")
    loss_on_worsening: float = param(0.2, 0.0, 5.0, "own strength per unit of severity gained",
                                     "Loss when a problem worsens, whatever the cause")
    formal_credit: float = param(0.5, 0.0, 1.0, "share", "Share of the relief from specialist "
                                 "care that builds own strength as if solved alone (assumption; "
                                 "0 = care makes dependent, 1 = care empowers; explore 0-1)")
    return_to_usual: float = param(0.01, 0.0, 0.5, "share of the gap per week", "Drift back "
                                   "to the resident's usual own strength")


class Wellbeing(Section):
    """Life satisfaction (0-10, as CBS measures it) from problems, need met, say and strain."""

    usual_mean: float = param(8.14, 0.0, 10.0, "points (0-10)", "Mean life satisfaction without "
                              "problems, burden or low income", calibrated(7.97, 8.39),
                              build_only=True)
    usual_sd: float = param(0.8, 0.0, 3.0, "points", "Spread of that usual level between "
                            "people", build_only=True)
    harm_income_debt: float = param(
        1.0, 0.0, 5.0, "points at severity 1", "Harm of income and debt problems",
        "assumption (no coefficient for debt found; doubling income adds only 0.12: Clark et al. "
        "2018, The Origins of Happiness, Table 16.2; financial stress is larger; explore 0.5-1.5)")
    harm_work: float = param(
        1.0, 0.0, 5.0, "points at severity 1", "Harm of work problems (unemployment)",
        "Clark et al. 2018, The Origins of Happiness, Table 16.2: unemployed -0.70 (BHPS), "
        "panel -0.30; a typical work problem (severity 0.7) gives -0.7")
    harm_housing: float = param(1.2, 0.0, 5.0, "points at severity 1", "Harm of housing problems",
                                "assumption (no coefficient found)")
    harm_physical_health: float = param(
        0.8, 0.0, 5.0, "points at severity 1", "Harm of physical illness and limitations",
        "Clark et al. 2018, Table 16.2: -0.22 per physical condition; a limitation at severity "
        "0.55 counts as about two conditions (assumption)")
    harm_mental_health: float = param(
        1.2, 0.0, 5.0, "points at severity 1", "Harm of mental illness and addiction",
        "Clark et al. 2018, Table 16.2: depression or anxiety -0.72; a typical mental problem "
        "(severity 0.6) gives -0.72")
    harm_family_youth: float = param(1.0, 0.0, 5.0, "points at severity 1", "Harm of family "
                                     "problems", "assumption (separation -0.74 in Clark et al. "
                                     "2018 bounds it)")
    harm_isolation: float = param(1.5, 0.0, 5.0, "points at severity 1", "Harm of loneliness",
                                  "assumption (loneliness lowers life satisfaction even in "
                                  "panel data, Seifert 2024; coefficient not found; explore "
                                  "0.8-2)")
    harm_justice: float = param(0.6, 0.0, 5.0, "points at severity 1", "Harm of justice "
                                "problems", "assumption (non-criminality beta 0.06 in Clark et "
                                "al. 2018, Fig. 1.1)")
    relief_when_met: float = param(0.4, 0.0, 1.0, "share", "Share of a problem's harm taken away "
                                   "while its need for help is met", "assumption (explore "
                                   "0.2-0.7)")
    harm_low_income: float = param(0.2, 0.0, 5.0, "points", "Harm of a low household income",
                                   "Clark et al. 2018, Table 16.2: +0.12 per doubling of income "
                                   "(a low income is about half the median; rounded up for "
                                   "poverty)")
    harm_carer_burden: float = param(
        1.0, 0.0, 5.0, "points at full burden", "Harm of carer burden",
        "assumption after Van Campen et al. 2012 (carers giving over 11 h/week are less happy, "
        "light carers slightly happier) and Van den Berg & Ferrer-i-Carbonell 2007 (an hour of "
        "care costs a carer wellbeing worth EUR 9-10)")
    harm_no_say: float = param(
        1.5, 0.0, 5.0, "points from full to no say", "Harm of having no say over one's own "
        "life", "Verme 2009 (World Values Survey): +0.36 per point of 'control over your life' "
        "(1-10), cross-sectional; set at about half the full range (explore 0.8-3)")
    partner_gain: float = param(0.3, 0.0, 2.0, "points", "Gain of living with a partner",
                                "Clark et al. 2018, Table 16.2: partnered +0.59 cross-section, "
                                "panel estimates about half")
    contact_gain: float = param(0.5, 0.0, 5.0, "points at full contact", "Gain from contact "
                                "through a centre or buddy network", "assumption (explore "
                                "0.2-1)")
    labels_for_no_say: float = param(5.0, 1.0, 100.0, "labels", "Labels (fading) at which a "
                                     "resident's file, not they, has the say")
    say_from_strength: float = param(0.6, 0.0, 1.0, "share", "Part of say over own life that "
                                     "comes from own strength (the rest from not being "
                                     "labelled)")
    low_threshold: float = param(6.0, 0.0, 10.0, "points (0-10)", "Life satisfaction below which "
                                 "a resident counts as doing badly")


class Params(Section):
    """Every parameter of the model, grouped in sections; the baseline is all defaults."""

    simulation: Simulation = Simulation()
    population: Population = Population()
    problems: Problems = Problems()
    network: Network = Network()
    informal_care: InformalCare = InformalCare()
    carers: Carers = Carers()
    carer_support: CarerSupport = CarerSupport()
    help_seeking: HelpSeeking = HelpSeeking()
    indication: Indication = Indication()
    specialists: Specialists = Specialists()
    generalists: Generalists = Generalists()
    municipality: Municipality = Municipality()
    community_centre: CommunityCentre = CommunityCentre()
    volunteering: Volunteering = Volunteering()
    mutual_aid: MutualAid = MutualAid()
    buddies: Buddies = Buddies()
    conferences: Conferences = Conferences()
    own_strength: OwnStrength = OwnStrength()
    wellbeing: Wellbeing = Wellbeing()


@dataclass(frozen=True)
class ParamInfo:
    """Metadata of one parameter, for validation messages, the CLI, docs and app controls."""

    path: str
    default: Any
    unit: str
    label: str
    source: str
    lo: float | None
    hi: float | None
    kind: str  # "int", "float", "bool" or "choice"
    choices: tuple[str, ...] = ()
    role: str = WORLD  # "lever", "assumption" or "setting"
    build_only: bool = False


def _field_bounds(field) -> tuple[float | None, float | None]:
    lo = hi = None
    for item in field.metadata:
        lo = getattr(item, "ge", lo)
        hi = getattr(item, "le", hi)
    return lo, hi


def _field_kind(field) -> tuple[str, tuple[str, ...]]:
    annotation = field.annotation
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "float", ()
    return "choice", tuple(getattr(annotation, "__args__", ()))


def parameter_table() -> dict[str, ParamInfo]:
    """All parameters by dotted path, in declaration order."""
    table: dict[str, ParamInfo] = {}
    for section_name, section_field in Params.model_fields.items():
        section_cls = section_field.annotation
        for name, field in section_cls.model_fields.items():
            extra = field.json_schema_extra or {}
            lo, hi = _field_bounds(field)
            kind, choices = _field_kind(field)
            path = f"{section_name}.{name}"
            table[path] = ParamInfo(path, field.default, extra["unit"], field.description,
                                    extra["source"], lo, hi, kind, choices, extra["role"],
                                    extra["build_only"])
    return table


class ParameterError(ValueError):
    """A parameter change that names an unknown parameter or gives a bad value.

    ``problems`` is a list of ``(path, message)`` pairs so that callers (the YAML loader) can
    attach file and line information to each.
    """

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{path}: {msg}" for path, msg in problems))


def closest_paths(path: str, n: int = 3) -> list[str]:
    """The valid parameter paths nearest to a misspelt one."""
    table = parameter_table()
    names = list(table)
    close = difflib.get_close_matches(path, names, n=n, cutoff=0.5)
    if not close:
        leaf = path.rsplit(".", 1)[-1]
        by_leaf = {p.rsplit(".", 1)[-1]: p for p in names}
        close = [by_leaf[m] for m in difflib.get_close_matches(leaf, list(by_leaf), n=n)]
    return close


def _describe_bounds(info: ParamInfo) -> str:
    if info.kind == "bool":
        return "expected true or false"
    if info.kind == "choice":
        return "expected one of " + ", ".join(info.choices)
    kind = "an integer" if info.kind == "int" else "a number"
    return f"expected {kind} from {info.lo:g} to {info.hi:g} {info.unit}"


_SHOWN = reprlib.Repr()  # bounded: at most 2 levels and 4 items deep, strings cut at 60
for _name, _limit in (("maxlevel", 2), ("maxtuple", 4), ("maxlist", 4), ("maxarray", 4),
                      ("maxdict", 4), ("maxset", 4), ("maxfrozenset", 4), ("maxdeque", 4),
                      ("maxstring", 60), ("maxlong", 40), ("maxother", 60)):
    setattr(_SHOWN, _name, _limit)
SHOWN_MAX = 80  # characters of a bad value shown in an error message


def shown(value: Any) -> str:
    """A bad value as it appears in an error message: its repr, shortened to 80 characters.

    Bounded however large or deeply nested the value is, so a hostile file cannot make an
    error message (or the memory behind it) huge.
    """
    text = _SHOWN.repr(value)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def _error_message(info: ParamInfo | None, error: dict) -> str:
    value = error.get("input")
    base = f"bad value {shown(value)}"
    if info is None:
        return f"{error['msg']}"
    return f"{base}: {_describe_bounds(info)}"


def plain_scalar(value: Any) -> Any:
    """The Python value a numpy or pandas scalar holds; anything else unchanged.

    ``np.int64(25)`` becomes 25, ``np.bool_(True)`` True. So values from SALib, numpy and
    pandas designs pass the same bounds checks as values from files. A numpy bool stays a
    bool, so it is refused for a number as ``True`` is.
    """
    if isinstance(value, np.generic):
        return value.item()
    return value


def with_changes(params: Params, changes: dict[str, Any]) -> Params:
    """Return a copy of ``params`` with dotted-path changes applied, all validated first.

    Raises :class:`ParameterError` listing every unknown path (with the closest valid paths) and
    every bad value (with the bounds). Nothing is applied unless everything is valid.
    """
    table = parameter_table()
    problems: list[tuple[str, str]] = []
    for path in changes:
        if path not in table:
            hint = closest_paths(path)
            suggestion = f"; did you mean {', '.join(hint)}?" if hint else ""
            problems.append((path, f"unknown parameter{suggestion}"))
    if problems:
        raise ParameterError(problems)
    data = params.model_dump()
    for path, value in changes.items():
        section, name = path.split(".")
        data[section][name] = plain_scalar(value)
    try:
        return Params.model_validate(data)
    except ValidationError as exc:
        raise ParameterError(_validation_problems(exc, table)) from None


def _validation_problems(exc: ValidationError, table: dict[str, ParamInfo]):
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        path = ".".join(loc[:2])
        if path in table:
            problems.append((path, _error_message(table[path], error)))
        else:
            section = loc[0] if loc else "parameters"
            problems.append((section, error["msg"].removeprefix("Value error, ")))
    return problems


def is_build_only(path: str) -> bool:
    """Whether a parameter is only used when the neighbourhood is built."""
    info = _cached_table().get(path)
    return bool(info and info.build_only)


@functools.cache
def _cached_table() -> dict[str, ParamInfo]:
    return parameter_table()


def build_only_changes(start: Params, later: Params) -> list[str]:
    """Paths of build-only parameters that differ between two parameter sets."""
    first, second = start.model_dump(), later.model_dump()
    return [f"{section}.{name}" for section, values in second.items()
            for name, value in values.items()
            if value != first[section][name] and is_build_only(f"{section}.{name}")]


@dataclass(frozen=True)
class Timeline:
    """Parameters in force over time: a start set and dated changes, all pre-validated.

    ``stages`` is a tuple of ``(week, Params)`` sorted by week, the first at week 0. Stages must
    start at week 0, be in increasing order, and leave build-only parameters unchanged.
    """

    stages: tuple[tuple[int, Params], ...]

    def __post_init__(self):
        weeks = [week for week, _ in self.stages]
        if not weeks or weeks[0] != 0 or weeks != sorted(set(weeks)):
            raise ValueError(f"timeline stages must start at week 0 and increase, got {weeks}")
        start = self.stages[0][1]
        problems = [(path, f"is only used to build the neighbourhood at week 0; it cannot "
                           f"change at week {week}")
                    for week, params in self.stages[1:]
                    for path in build_only_changes(start, params)]
        if problems:
            raise ParameterError(problems)

    @classmethod
    def constant(cls, params: Params | None = None) -> Timeline:
        """A timeline with no dated changes."""
        return cls(((0, params or Params()),))

    def params_at(self, week: int) -> Params:
        """The parameters in force during ``week`` (0-based)."""
        current = self.stages[0][1]
        for start, params in self.stages:
            if start <= week:
                current = params
        return current

    @property
    def start(self) -> Params:
        """Parameters in force at week 0 (they build the population)."""
        return self.stages[0][1]


def warmup_params(params: Params) -> Params:
    """The parameters of the warm-up: every lever back at its baseline default.

    Assumptions and settings keep the run's values, so the neighbourhood settles in the world
    the run assumes, under the baseline policy; the scenario's policies start at week 0.
    """
    levers = {path: info.default for path, info in _cached_table().items()
              if info.role == LEVER}
    data = params.model_dump()
    for path, value in levers.items():
        section, name = path.split(".")
        data[section][name] = value
    return Params.model_validate(data)
