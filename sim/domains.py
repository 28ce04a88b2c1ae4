"""The eight life domains and what differs between them.

A problem lives in one domain. Domains differ in how much help they ask for, how far informal
care can meet that help, which law the municipality's provision falls under, whether problems
there can become chronic, whether the heaviest cases need residential care, and how large the
specialist share of the care budget is. These are structural constants of the model, kept here
once; every value is marked as a source or as an assumption, and the ODD lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Domain:
    """One life domain."""

    name: str
    label: str
    law: str                  # "wmo", "youth", "participation" or "none"
    hours_at_worst: float     # h/week of help a problem of severity 1 asks for
    informal_fit: float       # share of that help informal care can give (0-1)
    chronic: bool             # problems here can become chronic (last for years)
    residential: bool         # the heaviest cases go to residential care
    onset_weight: float       # relative onset hazard of acute problems
    capacity_share: float     # share of specialist capacity and budget
    price: float              # hourly price relative to the specialist tariff
    child_onset_weight: float  # relative onset hazard for residents under 18
    max_formal_hours: float   # most specialist hours a week an indication gives


# hours_at_worst: assumption; physical limitations at their worst ask for round-the-clock care
# (Gostoli & Silverman's need levels go up to 80 h/week, also an assumption); other domains ask
# for a few hours of a helper's time. informal_fit: assumption after "informal care substitutes
# for formal care for light practical needs, not for heavy or specialised ones" (Duell et al.;
# DEMOCARE, domain-figures.md §2.3). capacity_share: from the municipal spending of 2017 (Monitor
# Langdurige Zorg, CBS Iv3: youth 3,349 + 586, Wmo 18+ 623 + 2,834 + 2,094 EUR mln), split over
# the domains by assumption. price: household help and basic support cost about half a
# specialist hour (Westerveld 2023: household help EUR 32.40, basic support 55.80, against a
# specialist 82.80 in Ede); day activities for loneliness somewhat more (assumption).
# child_onset_weight: assumption, set so that about 1 in 8 children gets youth care in a year
# (CBS: 411k of 3.4 mln under 18 in 2019). max_formal_hours: assumption after usual Wmo and
# youth-care indications (household help 2-4 h/week; ambulatory support and youth care a few
# hours a week); personal care and nursing (Zvw, Wlz) are outside the municipality's domain.
DOMAIN_TABLE: tuple[Domain, ...] = (
    Domain("income_debt", "Income and debt", "participation", 4.0, 0.2, True, False, 1.0, 0.08, 0.8,
           0.0, 2.0),
    Domain("work", "Work", "participation", 3.0, 0.1, False, False, 1.0, 0.02, 0.8, 0.0,
           2.0),
    Domain("housing", "Housing", "wmo", 4.0, 0.3, False, True, 0.5, 0.03, 1.0, 0.0,
           3.0),
    Domain("physical_health", "Physical health and daily living", "wmo", 60.0, 1.0, True, False,
           0.8, 0.33, 0.5, 0.3, 4.0),
    Domain("mental_health", "Mental health and addiction", "wmo", 15.0, 0.4, True, True, 1.0,
           0.20, 1.0, 0.6, 3.0),
    Domain("family_youth", "Family and youth", "youth", 10.0, 0.5, False, True, 0.8, 0.24, 1.0,
           12.0, 4.0),
    Domain("isolation", "Loneliness and isolation", "wmo", 4.0, 0.8, True, False, 0.8, 0.08, 0.7,
           0.5, 3.0),
    Domain("justice", "Justice", "none", 3.0, 0.1, False, False, 0.3, 0.02, 1.0, 0.3, 2.0),
)

DOMAINS = tuple(d.name for d in DOMAIN_TABLE)
N_DOMAINS = len(DOMAINS)
INCOME = DOMAINS.index("income_debt")
WORK = DOMAINS.index("work")
HOUSING = DOMAINS.index("housing")
PHYSICAL = DOMAINS.index("physical_health")
MENTAL = DOMAINS.index("mental_health")
FAMILY = DOMAINS.index("family_youth")
ISOLATION = DOMAINS.index("isolation")
JUSTICE = DOMAINS.index("justice")

LAWS = ("wmo", "youth", "participation")
LAW_BIT = np.array([0 if d.law == "none" else 1 << LAWS.index(d.law) for d in DOMAIN_TABLE],
                   np.uint8)

HOURS_AT_WORST = np.array([d.hours_at_worst for d in DOMAIN_TABLE], np.float32)
INFORMAL_FIT = np.array([d.informal_fit for d in DOMAIN_TABLE], np.float32)
CAN_BE_CHRONIC = np.array([d.chronic for d in DOMAIN_TABLE], bool)
HAS_RESIDENTIAL = np.array([d.residential for d in DOMAIN_TABLE], bool)
ONSET_WEIGHT = np.array([d.onset_weight for d in DOMAIN_TABLE], np.float32)
CAPACITY_SHARE = np.array([d.capacity_share for d in DOMAIN_TABLE], np.float64)
PRICE = np.array([d.price for d in DOMAIN_TABLE], np.float64)
CHILD_ONSET_WEIGHT = np.array([d.child_onset_weight for d in DOMAIN_TABLE], np.float32)
MAX_FORMAL_HOURS = np.array([d.max_formal_hours for d in DOMAIN_TABLE], np.float32)

assert abs(CAPACITY_SHARE.sum() - 1.0) < 1e-9
