"""The one typed, validated parameter object that builds a wijksim model.

Every parameter lives in a section (``population``, ``problems``, ...) and is addressed by a dotted
path such as ``generalists.enabled``. Each has a default, a unit, bounds, a label and a source:
either a citation from ``shared/context/domain-figures.md`` or the word "assumption".

A :class:`Timeline` holds the parameters in force from week 0 and any dated changes (a policy that
starts in year 2), each fully validated before a run starts.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ASSUMPTION = "assumption"

# Sources quoted beside values (short forms of the entries in domain-figures.md).
SRC_CBS_VOLUNTEER = "CBS, Vrijwilligerswerk en welzijn (2020): ~49% volunteer yearly, 4.5 h/week"
SRC_CBS_VOLUNTEER_GRADIENT = (
    "CBS, Vrijwilligerswerk: wie doet het? (2017): >60% higher-educated vs 35% lowest-educated; "
    "57% at 35-45 vs 32% at 75+"
)
SRC_HEAVY_CARER = (
    "Movisie cijfers / staatvenz.nl kerncijfers mantelzorg: long and intensive care is >8 h/week"
)
SRC_PGB_TARIFF = "Gemeente Westerveld, Tarieven Wmo 2023: informal-PGB support EUR 22.80/h"
SRC_SPECIALIST_TARIFF = "Gemeente Ede, kosten voorzieningen Wmo/jeugd 2023: specialist EUR 82.80/h"
SRC_SUPPORT_TARIFF = (
    "Gemeente Ede, kosten voorzieningen 2023: regular support EUR 63.60/h (proxy; generalist "
    "hourly cost is unconfirmed in domain-figures.md)"
)
SRC_BASIC_TARIFF = "Gemeente Westerveld, Tarieven Wmo 2023: individual support basic EUR 55.80/h"
SRC_CASELOAD = (
    "sociaaldomeinonline.nl, handreiking caseload: family guardians 15-24 families per case manager"
)
SRC_FGC_DECLINE = "Sert, UvA MSc thesis (2016): 45% of offered families decline"
SRC_FGC_PLAN = (
    "Eigen Kracht Centrale jaarcijfers (2023): 86% of requests end with a plan (provider)"
)
SRC_FGC_COST = "Eigen Kracht Centrale price list (~2015): EUR 1,900-4,500 per conference (provider)"
SRC_FGC_DECAY = "Dijkstra et al., WODC (2016): many plans no longer used after ~3 months"
SRC_BROODFONDS_SIZE = "broodfonds.nl FAQ: a circle has 20-50 members"
SRC_BROODFONDS_MONEY = (
    "Volkskrant on Broodfonds: deposit EUR 78/month for a EUR 1,750/month payout; 2-year cap"
)
SRC_KEYRING = "KeyRing (govint.org, Guardian 2013): ~9 members + 1 volunteer giving >=12 h/week"
SRC_JUTTER = "De Nieuwe Jutter (Movisie praktijkvoorbeeld): paid support 6 h/week"
SRC_CUTS = (
    "'5 years decentralisation' repost: household help cut ~1/3, support ~1/4, youth ~15% (2015)"
)
SRC_BUDGET = "Movisie cijfers sociaal domein: ~EUR 1,000 per inhabitant per year (2015 on)"


def param(default: Any, lo: float | None, hi: float | None, unit: str, label: str,
          source: str = ASSUMPTION) -> Any:
    """Declare one parameter: default, inclusive bounds, unit, label and source."""
    return Field(default, ge=lo, le=hi, description=label,
                 json_schema_extra={"unit": unit, "source": source})


def switch(default: bool, label: str, source: str = ASSUMPTION) -> Any:
    """Declare an on/off parameter (no bounds)."""
    return Field(default, description=label, json_schema_extra={"unit": "on/off", "source": source})


class Section(BaseModel):
    """Base for one group of parameters: frozen, strict about unknown keys and types."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, validate_default=True)


class Population(Section):
    """Who lives in the neighbourhood and how densely."""

    n_residents: int = param(2000, 20, 2_000_000, "persons", "Residents")
    mean_household_size: float = param(
        2.1, 1.0, 5.0, "persons", "Mean household size",
        "assumption (close to the Dutch average; not in domain-figures.md)")
    residents_per_cell: int = param(24, 4, 400, "persons", "Residents per grid cell (block)")
    share_vulnerable_households: float = param(
        0.08, 0.0, 0.5, "share of households", "Vulnerable households (low income, single "
        "parent, poor health)")
    share_low_education: float = param(0.3, 0.0, 1.0, "share of adults", "Low education")
    share_high_education: float = param(0.35, 0.0, 1.0, "share of adults", "High education")
    share_aged_65_plus: float = param(0.2, 0.0, 1.0, "share of residents", "Aged 65 and over")

    @model_validator(mode="after")
    def _education_shares_fit(self) -> Population:
        if self.share_low_education + self.share_high_education > 1.0:
            raise ValueError(
                f"share_low_education ({self.share_low_education}) + share_high_education "
                f"({self.share_high_education}) must not exceed 1")
        return self


class Problems(Section):
    """Onset, clustering, recovery and thresholds of problems in the eight life domains."""

    onset_per_year: float = param(0.08, 0.0, 1.0, "per person per domain per year",
                                  "Base onset hazard of a problem")
    vulnerability_multiplier: float = param(2.5, 1.0, 20.0, "x", "Onset hazard multiplier in "
                                            "vulnerable households")
    clustering: float = param(0.5, 0.0, 5.0, "x per active problem", "Extra onset hazard per "
                              "problem already present (problems cluster)")
    household_spillover: float = param(0.3, 0.0, 5.0, "x per household problem",
                                       "Extra onset hazard per problem elsewhere in the household")
    initial_prevalence: float = param(0.015, 0.0, 0.5, "share of person-domains",
                                      "Share of person-domains with a problem at the start")
    severity_mean: float = param(0.45, 0.05, 0.95, "severity (0-1)", "Mean severity of a new "
                                 "problem")
    need_threshold: float = param(0.3, 0.05, 0.9, "severity (0-1)", "Severity from which a "
                                  "problem is a need for help")
    heavy_threshold: float = param(0.7, 0.1, 1.0, "severity (0-1)", "Severity from which a "
                                   "problem is heavy (second-line care)")
    natural_recovery: float = param(0.006, 0.0, 0.2, "severity per week at full own strength",
                                    "Natural recovery")
    worsening_unmet: float = param(0.006, 0.0, 0.1, "severity per week", "Worsening of a "
                                   "heavy problem without professional care")

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> Problems:
        if self.need_threshold >= self.heavy_threshold:
            raise ValueError(f"need_threshold ({self.need_threshold}) must be below "
                             f"heavy_threshold ({self.heavy_threshold})")
        return self


class Network(Section):
    """Social ties: kin anywhere on the grid, neighbours within a radius."""

    kin_ties: int = param(3, 0, 12, "ties per person", "Kin ties")
    neighbour_ties: int = param(3, 0, 12, "ties per person", "Neighbour ties")
    missing_tie_share: float = param(0.3, 0.0, 1.0, "share of kin and neighbour slots",
                                     "Kin and neighbour tie slots left empty (some people have "
                                     "few others)")
    neighbour_radius: int = param(2, 1, 10, "cells", "Radius within which neighbours know each "
                                  "other")
    household_tie_weight: float = param(
        3.0, 0.0, 20.0, "relative weight", "How much more a co-resident is asked for care than "
        "a kin member (assumption, set so that family carries most care: ~80% of carers help "
        "family, ~18% friends or neighbours, SCP 2015 via Movisie)")
    neighbour_tie_weight: float = param(
        0.4, 0.0, 20.0, "relative weight", "How much a neighbour is asked for care relative to "
        "a kin member (assumption, see household_tie_weight)")
    initial_strength: float = param(0.5, 0.0, 1.0, "strength (0-1)", "Initial tie strength")
    growth_per_use: float = param(0.04, 0.0, 0.5, "strength per week of shared activity",
                                  "Tie strengthening through care or shared activity")
    decay_per_week: float = param(0.004, 0.0, 0.1, "strength per week", "Tie fading while a "
                                  "resident has an isolation problem")


class InformalCare(Section):
    """Informal care given along ties, carer load and overload."""

    hours_per_severity: float = param(
        60.0, 0.0, 160.0, "h/week per unit of need",
        "Care hours asked per unit of severity above the need threshold (assumption, set so "
        "that about 1 in 5 carers give >8 h/week, as staatvenz.nl kerncijfers mantelzorg report "
        "19%; Gostoli & Silverman use need levels of 8/16/32 h/week, also assumptions)")
    carer_capacity: float = param(12.0, 0.0, 60.0, "h/week", "Hours a carer can give")
    willingness: float = param(0.45, 0.0, 1.0, "probability", "Share of asked ties that help "
                               "(assumption, set so that about 30% of adults give care in a "
                               "week; SCP: 32-35% give some informal help in a year)")
    overload_hours: float = param(8.0, 1.0, 40.0, "h/week", "Weekly hours above which caring "
                                  "is long and intensive", SRC_HEAVY_CARER)
    strain_rate: float = param(0.02, 0.0, 0.5, "strain per extra hour per week", "Strain build-up "
                               "per hour above the overload threshold")
    strain_recovery: float = param(0.03, 0.0, 0.5, "strain per week", "Strain recovery when not "
                                   "overloaded")
    dropout_at_full_strain: float = param(0.05, 0.0, 1.0, "probability per week", "Chance a "
                                          "fully strained carer stops caring")
    pause_weeks: int = param(26, 1, 520, "weeks", "How long a carer who stopped stays stopped")
    light_care_effect: float = param(0.002, 0.0, 0.1, "severity per hour", "Severity relief per "
                                     "informal hour on a light need")
    heavy_care_effect: float = param(0.001, 0.0, 0.1, "severity per hour", "Severity relief per "
                                     "informal hour on a heavy need (informal care substitutes "
                                     "for light, not heavy, needs: Duell et al.; DEMOCARE)")
    shadow_price: float = param(22.80, 0.0, 100.0, "EUR/h", "Shadow price of an informal hour "
                                "(shown apart, never in totals)", SRC_PGB_TARIFF)


class HelpSeeking(Section):
    """Who asks for help, trust in institutions, and hiding the network."""

    never_ask_share: float = param(0.15, 0.0, 1.0, "share of residents", "Residents who never "
                                   "ask for help")
    ask_per_week: float = param(0.15, 0.0, 1.0, "probability per week", "Chance a resident with "
                                "an unmet need asks, at full trust")
    initial_trust: float = param(0.6, 0.0, 1.0, "trust (0-1)", "Mean trust in institutions")
    trust_loss_on_denial: float = param(0.1, 0.0, 1.0, "trust", "Trust lost when help is denied")
    reapply_after_weeks: int = param(13, 0, 520, "weeks", "Weeks before a resident who was "
                                     "denied asks again")
    hide_learning: float = param(0.25, 0.0, 1.0, "probability", "Chance a resident denied help "
                                 "because of their network hides it from then on")


class Specialists(Section):
    """Specialist agencies: one per domain, intake, assessment, waiting list, staff."""

    per_1000_residents: float = param(2.4, 0.0, 50.0, "FTE per 1,000 residents", "Specialists "
                                      "(all domains together)")
    hours_per_week: float = param(32.0, 1.0, 40.0, "h/week", "Contract hours per specialist")
    caseload: int = param(18, 1, 200, "clients", "Clients per specialist")
    tariff: float = param(82.80, 0.0, 300.0, "EUR/h", "Specialist tariff", SRC_SPECIALIST_TARIFF)
    intake_hours: float = param(3.0, 0.0, 40.0, "h per assessment", "Intake and eligibility "
                                "assessment")
    admin_cost: float = param(150.0, 0.0, 5000.0, "EUR per assessment", "Administration per "
                              "assessment (decision letter, file)")
    coordination_hours: float = param(0.5, 0.0, 10.0, "h/week per other professional",
                                      "Coordination with each other professional on the "
                                      "household (all professionals, generalists too)")
    travel_hours: float = param(0.5, 0.0, 5.0, "h per visit", "Travel per weekly home visit "
                                "(all professionals)")
    effect_per_hour: float = param(0.02, 0.0, 0.5, "severity per direct hour", "Severity relief "
                                   "per direct specialist hour in its domain")
    max_direct_hours: float = param(3.0, 0.1, 40.0, "h/week per client", "Most direct hours a "
                                    "client gets per week")
    discharge_severity: float = param(0.2, 0.0, 0.9, "severity (0-1)", "Severity at which a "
                                      "client is discharged")
    label_strength_loss: float = param(0.05, 0.0, 1.0, "own strength per assessment", "Own "
                                       "strength lost to labelling")
    dependency_strength_loss: float = param(0.002, 0.0, 0.1, "own strength per week in care",
                                            "Own strength lost to dependency (any professional "
                                            "care)")
    eligibility_threshold: float = param(0.4, 0.0, 1.0, "severity (0-1)", "Severity needed to "
                                         "be found eligible")


class Generalists(Section):
    """Generalist neighbourhood team (sociaal wijkteam): first line in front of specialists."""

    enabled: bool = switch(False, "Generalist neighbourhood teams")
    per_1000_residents: float = param(1.2, 0.0, 50.0, "FTE per 1,000 residents", "Generalists "
                                      "(team size per inhabitant is unconfirmed)")
    hours_per_week: float = param(32.0, 1.0, 40.0, "h/week", "Contract hours per generalist")
    caseload: int = param(20, 1, 200, "households", "Households per generalist",
                          SRC_CASELOAD)
    tariff: float = param(63.60, 0.0, 300.0, "EUR/h", "Generalist hourly cost", SRC_SUPPORT_TARIFF)
    intake_hours: float = param(1.5, 0.0, 40.0, "h per household", "Kitchen-table conversation "
                                "(no eligibility label)")
    depth: float = param(0.6, 0.0, 1.0, "x specialist effect", "Effect of a generalist hour "
                         "relative to a specialist hour")
    outreach_share: float = param(0.1, 0.0, 0.9, "share of hours", "Hours spent on outreach")
    outreach_find_rate: float = param(0.05, 0.0, 5.0, "residents found per outreach hour",
                                      "Residents with hidden need found per outreach hour")
    mobilisation: float = param(0.5, 0.0, 5.0, "exponent on each tie's refusal chance",
                                "How much more readily a client's disclosed network helps once "
                                "the team mobilises it")
    referral_hours: float = param(1.0, 0.0, 20.0, "h per referral", "Time to refer a case to a "
                                  "specialist")
    referral_threshold: float = param(0.55, 0.05, 1.0, "severity (0-1)", "Severity from which "
                                      "the team refers a problem to a specialist (teams lack "
                                      "depth and diagnostic expertise for the heavier cases: "
                                      "Movisie 2017, Pro Persona; level is an assumption)")
    step_down: bool = switch(True, "Specialists hand a case back to the team once it is below "
                             "the referral threshold")
    shifted_specialists: float = param(0.0, 0.0, 1.0, "share of specialist FTE",
                                       "Share of specialist staff moved into the teams")


class Municipality(Section):
    """The municipality: annual budget, cuts, and rationing."""

    budget_per_resident: float = param(
        480.0, 0.0, 5000.0, "EUR per resident per year",
        f"Care budget for the modelled services (assumption; whole social domain is ~EUR 1,000: "
        f"{SRC_BUDGET})")
    budget_cut: float = param(0.0, 0.0, 0.9, "share", "Cut in the care budget and the staff it "
                              "buys", f"assumption; national cuts were 15-33%: {SRC_CUTS}")
    ration_when_overspent: bool = switch(True, "Raise the eligibility threshold when spending "
                                         "runs ahead of the budget")
    ration_step: float = param(0.02, 0.0, 0.5, "severity per week overspent", "Eligibility "
                               "tightening per week of overspending")
    network_rationing: float = param(0.0, 0.0, 1.0, "probability", "Chance an assessment denies "
                                     "help to a resident with a disclosed network ('use your own "
                                     "strength')")
    appeal_repeat: float = param(0.9, 0.0, 1.0, "share per week", "Share of last week's "
                                 "appeal hours the network is asked again")
    network_appeal_hours: float = param(0.0, 0.0, 40.0, "h/week", "Extra hours the network is "
                                        "asked to give after such a denial")


class CommunityCentre(Section):
    """A community centre: municipal (paid staff) or self-managed by residents."""

    mode: Literal["none", "municipal", "self_managed"] = Field(
        "municipal", description="Community centre",
        json_schema_extra={"unit": "choice", "source": ASSUMPTION})
    catchment_radius: int = param(3, 1, 100, "cells", "Catchment radius")
    visit_per_week: float = param(0.3, 0.0, 1.0, "probability per week", "Chance a resident with "
                                  "an isolation problem in the catchment visits")
    isolation_relief: float = param(0.02, 0.0, 0.5, "severity per visit", "Isolation relief per "
                                    "visit")
    staff_hours: float = param(36.0, 0.0, 200.0, "h/week", "Paid staff hours (municipal)")
    staff_tariff: float = param(55.80, 0.0, 300.0, "EUR/h", "Staff hourly cost",
                                SRC_BASIC_TARIFF)
    volunteer_hours_needed: float = param(60.0, 0.0, 1000.0, "h/week", "Hours a week it takes "
                                          "to run the centre (staff, support and volunteers)")
    professional_support_hours: float = param(6.0, 0.0, 100.0, "h/week", "Hidden professional "
                                              "support of a self-managed centre", SRC_JUTTER)
    subsidy_per_year: float = param(20000.0, 0.0, 1e6, "EUR/year", "Non-cost-covering subsidy "
                                    "(self-managed)")
    closed_below: float = param(0.25, 0.0, 1.0, "share of hours needed", "Running below this "
                                "share of the hours it needs, the centre closes")
    visit_contact: float = param(0.2, 0.0, 1.0, "connectedness (0-1)", "Connectedness a visit "
                                 "adds that week")
    recruit_per_visit: float = param(0.005, 0.0, 1.0, "probability per week", "Chance a willing "
                                     "resident in the catchment is recruited while hours are "
                                     "short")
    volunteer_quit_per_week: float = param(0.01, 0.0, 1.0, "probability per week", "Base chance "
                                           "a volunteer quits")
    burnout_per_extra_hour: float = param(0.01, 0.0, 1.0, "probability per extra hour",
                                          "Extra quit chance per hour above the usual load")


class Volunteering(Section):
    """Willingness to volunteer, graded by age and education."""

    share_high_education: float = param(0.6, 0.0, 1.0, "probability", "Willing to volunteer, "
                                        "high education", SRC_CBS_VOLUNTEER_GRADIENT)
    share_mid_education: float = param(0.48, 0.0, 1.0, "probability", "Willing to volunteer, "
                                       "middle education", SRC_CBS_VOLUNTEER)
    share_low_education: float = param(0.35, 0.0, 1.0, "probability", "Willing to volunteer, "
                                       "low education", SRC_CBS_VOLUNTEER_GRADIENT)
    old_age_factor: float = param(0.56, 0.0, 2.0, "x", "Relative willingness at 75+ "
                                  "(32% / 57%)", SRC_CBS_VOLUNTEER_GRADIENT)
    hours_per_week: float = param(4.5, 0.0, 40.0, "h/week", "Usual volunteer hours",
                                  SRC_CBS_VOLUNTEER)


class MutualAid(Section):
    """A mutual-aid circle in the Broodfonds style."""

    enabled: bool = switch(False, "Mutual-aid circles")
    circles_per_1000_residents: float = param(0.5, 0.0, 20.0, "circles per 1,000 residents",
                                              "Circles")
    members: int = param(30, 20, 50, "members", "Members per circle", SRC_BROODFONDS_SIZE)
    deposit_per_month: float = param(78.0, 0.0, 1000.0, "EUR/month", "Deposit per member",
                                     SRC_BROODFONDS_MONEY)
    payout_per_month: float = param(1750.0, 0.0, 10000.0, "EUR/month", "Payout to a sick member",
                                    SRC_BROODFONDS_MONEY)
    max_weeks: int = param(104, 1, 520, "weeks", "Longest payout", SRC_BROODFONDS_MONEY)
    income_relief: float = param(0.02, 0.0, 0.5, "severity per week", "Relief of income "
                                 "problems while drawing")
    pressure_after_weeks: int = param(26, 1, 520, "weeks", "Weeks of drawing after which social "
                                      "pressure strains the member (Trouw 2020)")
    facilitation_per_year: float = param(2000.0, 0.0, 1e5, "EUR per circle per year",
                                         "Municipal facilitation subsidy")


class Buddies(Section):
    """A buddy network in the KeyRing style: members near each other and one volunteer."""

    enabled: bool = switch(False, "Buddy networks")
    networks_per_1000_residents: float = param(0.5, 0.0, 20.0, "networks per 1,000 residents",
                                               "Networks")
    members: int = param(9, 2, 30, "members", "Members per network", SRC_KEYRING)
    volunteer_hours: float = param(12.0, 0.0, 40.0, "h/week", "Volunteer hours per network",
                                   SRC_KEYRING)
    isolation_relief: float = param(0.02, 0.0, 0.5, "severity per week", "Isolation relief for "
                                    "members")
    contact: float = param(0.3, 0.0, 1.0, "connectedness (0-1)", "Connectedness membership adds "
                           "each week while the network has a volunteer")
    support_share: float = param(0.5, 0.0, 1.0, "share of volunteer hours", "Volunteer hours "
                                 "given as light support to members with unmet need")
    volunteer_search: float = param(0.25, 0.0, 1.0, "probability per week", "Chance a network "
                                    "without a volunteer looks for one this week")
    volunteer_radius: int = param(2, 0, 20, "cells", "How far from the network a new volunteer "
                                  "may live")
    cost_per_year: float = param(15000.0, 0.0, 1e6, "EUR per network per year", "Support "
                                 "manager and the volunteer's rent (KeyRing cost per member is "
                                 "unconfirmed)")


class Conferences(Section):
    """Family group conferences (Eigen Kracht-conferenties)."""

    enabled: bool = switch(False, "Family group conferences")
    min_problems: int = param(3, 1, 8, "problems", "Problems in the household before a "
                              "conference is offered")
    offer_per_week: float = param(0.1, 0.0, 1.0, "probability per week", "Chance a household "
                                  "that qualifies is offered a conference")
    funding_approval: float = param(1.0, 0.0, 1.0, "probability", "Chance the municipality funds "
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
                                 "How much more readily the network helps under a fresh plan")
    say_boost: float = param(0.4, 0.0, 1.0, "say (0-1)", "Say over own life under a fresh plan")


class OwnStrength(Section):
    """Self-reliance: grows with success, shrinks with dependency and labelling."""

    initial_mean: float = param(0.6, 0.0, 1.0, "own strength (0-1)", "Mean own strength")
    vulnerable_penalty: float = param(0.2, 0.0, 1.0, "own strength", "Lower own strength in "
                                      "vulnerable households")
    growth_on_success: float = param(0.2, 0.0, 5.0, "own strength per unit of severity solved "
                                     "without formal help", "Growth through own success")
    return_to_usual: float = param(0.005, 0.0, 0.5, "share of the gap per week", "Drift back "
                                   "to the resident's usual own strength")


class Wellbeing(Section):
    """Wellbeing from unmet need, connectedness, say over own life and strain."""

    weight_unmet: float = param(0.45, 0.0, 1.0, "weight", "Weight of (absence of) unmet need")
    weight_connected: float = param(0.25, 0.0, 1.0, "weight", "Weight of connectedness")
    weight_say: float = param(0.15, 0.0, 1.0, "weight", "Weight of say over own life")
    weight_strain: float = param(0.15, 0.0, 1.0, "weight", "Weight of (absence of) strain")
    relief_when_met: float = param(0.5, 0.0, 1.0, "share", "Share of a problem's harm to "
                                   "wellbeing taken away when its need is fully met")
    say_from_strength: float = param(0.6, 0.0, 1.0, "share", "Part of say over own life that "
                                     "comes from own strength (the rest from not being "
                                     "labelled)")
    labels_for_no_say: float = param(5.0, 1.0, 100.0, "assessments", "Assessments after which "
                                     "a resident's file, not they, has the say")
    low_threshold: float = param(0.65, 0.0, 1.0, "wellbeing (0-1)", "Wellbeing below which a "
                                 "resident counts as doing badly")

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> Wellbeing:
        total = self.weight_unmet + self.weight_connected + self.weight_say + self.weight_strain
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"the four wellbeing weights must sum to 1, they sum to {total:g}")
        return self


class Params(Section):
    """Every parameter of the model, grouped in sections; the baseline is all defaults."""

    population: Population = Population()
    problems: Problems = Problems()
    network: Network = Network()
    informal_care: InformalCare = InformalCare()
    help_seeking: HelpSeeking = HelpSeeking()
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
                                    extra["source"], lo, hi, kind, choices)
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


def _error_message(info: ParamInfo | None, error: dict) -> str:
    value = error.get("input")
    base = f"bad value {value!r}"
    if info is None:
        return f"{error['msg']}"
    return f"{base}: {_describe_bounds(info)}"


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
        data[section][name] = value
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


# Parameters used only to build the neighbourhood at week 0; a dated change to them would do
# nothing, so it is refused rather than silently ignored.
BUILD_ONLY = (
    "population.",
    "problems.initial_prevalence",
    "network.kin_ties", "network.neighbour_ties", "network.neighbour_radius",
    "network.initial_strength", "network.missing_tie_share",
    "own_strength.initial_mean", "own_strength.vulnerable_penalty",
    "help_seeking.never_ask_share", "help_seeking.initial_trust",
    "volunteering.share_high_education", "volunteering.share_mid_education",
    "volunteering.share_low_education", "volunteering.old_age_factor",
)


def is_build_only(path: str) -> bool:
    """Whether a parameter is only used when the neighbourhood is built."""
    return any(path == item or (item.endswith(".") and path.startswith(item))
               for item in BUILD_ONLY)


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
