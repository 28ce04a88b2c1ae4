"""Dutch labels of the model's parameters, sections, outcomes, groups, units and choices.

The English labels live with their definitions (``sim/params.py``, ``sim/outcomes.py``); these
are their Dutch versions, used by the app, the workshop and the report when the language is
Dutch. A test checks that every parameter, outcome, group, unit and choice has one here.
"""

SECTIONS_NL: dict[str, str] = {
    "simulation": "Simulatie",
    "population": "Bevolking",
    "problems": "Problemen",
    "network": "Sociaal netwerk",
    "informal_care": "Informele zorg",
    "carers": "Mantelzorgbelasting",
    "carer_support": "Mantelzorgondersteuning",
    "help_seeking": "Hulp vragen en vertrouwen",
    "indication": "Indicatie en labels",
    "specialists": "Specialistische zorg",
    "generalists": "Wijkteams (generalisten)",
    "municipality": "Gemeente en budget",
    "community_centre": "Buurthuis",
    "volunteering": "Vrijwilligerswerk",
    "mutual_aid": "Broodfondsen",
    "buddies": "Maatjesnetwerken",
    "conferences": "Eigen Kracht-conferenties",
    "own_strength": "Eigen kracht",
    "wellbeing": "Levenstevredenheid",
}

PARAMS_NL: dict[str, str] = {
    "simulation.warmup_years": ("Inloopperiode vóór week 0, niet gerapporteerd: de wijk komt tot "
                                "rust onder de hendels van de uitgangssituatie en de aannames "
                                "van de run; daarna gaat het beleid van het scenario in"),
    "simulation.run_years": ("Lengte van een run als Mesa het model aanstuurt (run_model, "
                             "batch_run, SolaraViz): na zoveel gerapporteerde jaren wordt "
                             "`running` false. De CLI, sweeps en sim.run bepalen hun eigen lengte"),
    "simulation.all_needs_met": ("Alleen voor gevoeligheidsanalyse: elk uur onvervulde hulpvraag "
                                 "wordt toch gegeven, door niemand in het model en zonder "
                                 "kosten, met het effect van een informeel uur (laat zien hoe "
                                 "ver het welzijn zou kunnen verschuiven als alle hulpvragen "
                                 "vervuld werden; nooit beleid; net als een hendel gaat het in "
                                 "na de inloopperiode)"),
    "population.n_residents": "Inwoners",
    "population.residents_per_cell": "Inwoners per vakje (bouwblok)",
    "population.share_single_person": "Eenpersoonshuishoudens",
    "population.share_couple_no_children": "Paren zonder thuiswonende kinderen",
    "population.share_single_parent": "Eenoudergezinnen",
    "population.share_low_income": "Huishoudens met een laag inkomen",
    "population.share_low_education": "Laag opleidingsniveau",
    "population.share_high_education": "Hoog opleidingsniveau",
    "population.employment_rate": "Met betaald werk",
    "population.share_self_employed": "Zelfstandigen",
    "population.share_self_employed_insured": (
        "Zelfstandigen die verzekerd zijn tegen inkomensverlies door ziekte"
    ),
    "problems.onset_per_year": "Basiskans op een nieuw acuut probleem",
    "problems.low_income_multiplier": ("Factor op de kans op een nieuw probleem in huishoudens "
                                       "met een laag inkomen"),
    "problems.single_parent_multiplier": ("Factor op de kans op een nieuw probleem in "
                                          "eenoudergezinnen"),
    "problems.vulnerability_spread": ("Spreiding tussen huishoudens van een blijvende "
                                      "kwetsbaarheid die het risico op elk probleem verhoogt "
                                      "(een lognormale factor met gemiddelde 1)"),
    "problems.clustering": ("Extra kans op een nieuw probleem per probleem dat er al is "
                            "(problemen komen samen voor)"),
    "problems.household_spillover": ("Extra kans op een nieuw probleem per probleem elders in "
                                     "het huishouden"),
    "problems.entanglement": ("Hoeveel elk ander probleem van dezelfde persoon de verlichting "
                              "van een probleem vertraagt, vanzelf of door hulp (problemen raken "
                              "verweven; aanname, gekalibreerd op hoe lang huishoudens "
                              "multiprobleemhuishouden blijven)"),
    "problems.severity_mean": "Gemiddelde ernst van een nieuw probleem",
    "problems.need_threshold": "Ernst vanaf welke een probleem een hulpvraag is",
    "problems.heavy_threshold": "Ernst vanaf welke een probleem zwaar is",
    "problems.residential_threshold": ("Ernst vanaf welke jeugdproblemen, psychische problemen "
                                       "en woonproblemen verblijf (intramurale zorg) nodig maken"),
    "problems.natural_recovery": "Natuurlijk herstel van een acuut probleem",
    "problems.worsening_unmet": ("Verergering van een zwaar probleem waarvan de hulpvraag "
                                 "helemaal onvervuld blijft (naar rato van het onvervulde deel)"),
    "problems.frailty_at_75": "Kans op een chronische lichamelijke beperking op 75-jarige leeftijd",
    "problems.frailty_doubling_years": "Aantal levensjaren waarin die kans verdubbelt",
    "problems.chronic_physical_adult": ("Kans op een chronische ziekte of beperking vóór de oude "
                                        "dag"),
    "problems.chronic_mental": "Kans op een chronische psychische aandoening",
    "problems.chronic_debt": "Kans op blijvende armoede en schulden",
    "problems.chronic_isolation": "Kans op blijvende eenzaamheid",
    "problems.chronic_end_per_year": ("Einde van een chronisch probleem (herstel, verhuizing of "
                                      "overlijden, vervangen door een vergelijkbare inwoner)"),
    "problems.chronic_level_mean": "Gemiddeld niveau waarrond een chronisch probleem schommelt",
    "problems.chronic_pull": "Hoe snel een chronisch probleem terugkeert naar zijn niveau",
    "problems.chronic_fluctuation": "Schommeling van week tot week van een chronisch probleem",
    "problems.burden_health_effect": ("Extra kans op lichamelijke en psychische problemen voor "
                                      "een mantelzorger bij volledige belasting (Bom e.a. 2019: "
                                      "mantelzorg schaadt de gezondheid van mantelzorgers; de "
                                      "omvang is een aanname)"),
    "problems.work_limit": ("Lichamelijke of psychische ernst vanaf welke een inwoner niet kan "
                            "werken"),
    "problems.lost_income_debt": ("Groei van het inkomensprobleem per week dat een zelfstandige "
                                  "die te ziek is om te werken geen inkomen heeft"),
    "network.kin_near_share": "Familie die in de wijk woont",
    "network.kin_far_share": "Familie die ver weg woont (de rest woont in dezelfde plaats)",
    "network.friends": "Banden met vrienden en buren die een volwassene kan hebben",
    "network.missing_friend_share": "Plekken voor vrienden en buren die leeg blijven",
    "network.fewer_friends_old_single": ("Extra lege plekken voor alleenwonende ouderen en voor "
                                         "inwoners met een laag inkomen"),
    "network.neighbour_radius": "Straal waarbinnen buren en vrienden wonen",
    "network.initial_strength": "Beginsterkte van banden buiten het huishouden",
    "network.willing_partner": "Een partner die zou zorgen",
    "network.willing_household": "Een inwonende ouder of inwonend volwassen kind dat zou zorgen",
    "network.willing_child": "Een volwassen kind elders dat zou zorgen",
    "network.willing_parent": "Een ouder elders die zou zorgen",
    "network.willing_kin": "Andere familie die zou zorgen",
    "network.willing_friend": ("Een vriend of buur die zou zorgen (SCP 2015: 35% van wie geen "
                               "mantelzorg geeft, is daartoe bereid en in staat)"),
    "network.women_more_willing": ("Hoeveel vaker een vrouw dan een man zou zorgen, bij dezelfde "
                                   "relatie"),
    "network.hours_partner": "Maximaal aantal uren dat een partner geeft",
    "network.hours_household": "Maximaal aantal uren dat een huisgenoot geeft",
    "network.hours_child": "Maximaal aantal uren dat een volwassen kind in de buurt geeft",
    "network.hours_parent": "Maximaal aantal uren dat een ouder in de buurt geeft",
    "network.hours_kin": "Maximaal aantal uren dat andere familie in de buurt geeft",
    "network.hours_friend": "Maximaal aantal uren dat een vriend of buur geeft",
    "network.in_town_factor": ("Uren die familie in dezelfde plaats kan geven, ten opzichte van "
                               "familie in de wijk"),
    "network.far_factor": "Uren die familie ver weg kan geven, ten opzichte van familie in de wijk",
    "network.growth_per_use": "Versterking van een band door zorg of een gedeelde activiteit",
    "network.decay_per_week": "Verzwakking van banden zolang een inwoner eenzaam is",
    "network.nobody_below": ("Een inwoner bij wie de bereidwillige banden samen minder dan deze "
                             "waarde halen, heeft niemand om op terug te vallen"),
    "informal_care.carer_hours_working": ("Maximaal aantal uren zorg dat een werkende "
                                          "mantelzorger in totaal geeft"),
    "informal_care.carer_hours_free": ("Maximaal aantal uren zorg dat een mantelzorger zonder "
                                       "betaald werk in totaal geeft"),
    "informal_care.shared_share": ("Deel van de hulpvraag van een persoon dat elke bereidwillige "
                                   "band na de eerste op zich neemt voordat de naaste banden de "
                                   "rest aanvullen (zorg wordt over een netwerk gedeeld; "
                                   "aanname, gekalibreerd op het aandeel mantelzorgers dat "
                                   "alleen kort of licht helpt, brede definitie van het SCP "
                                   "tegenover smalle definitie van het CBS)"),
    "informal_care.depth": ("Verlichting door een informeel uur bij een acuut probleem, ten "
                            "opzichte van een uur van een specialist (naar rato van hoe goed het "
                            "domein zich leent voor informele zorg)"),
    "informal_care.shadow_price": ("Schaduwprijs van een informeel uur (apart getoond, nooit in "
                                   "totalen)"),
    "carers.burden_scale_hours": ("Gewogen uren per week waarbij de belasting 63% van haar "
                                  "maximum bereikt (PMC7496310: de belasting stijgt sterk met "
                                  "het aantal uren)"),
    "carers.weight_work": "Extra gewicht van zorguren als de mantelzorger werkt",
    "carers.weight_children": "Extra gewicht als de mantelzorger thuiswonende kinderen heeft",
    "carers.weight_own_health": "Extra gewicht als de mantelzorger zelf ziek is",
    "carers.weight_alone": "Extra gewicht als niemand de zorg deelt en geen professional helpt",
    "carers.weight_mental": ("Extra gewicht als de zorgvrager een psychisch probleem heeft (SCP "
                             "2015)"),
    "carers.rise_per_week": ("Hoe snel de belasting oploopt naar het niveau dat de zorglast "
                             "meebrengt"),
    "carers.ease_per_week": "Hoe snel de belasting afneemt als de zorglast daalt",
    "carers.overload_burden": "Belasting vanaf welke een mantelzorger als overbelast telt",
    "carers.dropout_per_week": ("Kans dat een overbelaste mantelzorger stopt (oplopend vanaf 0 "
                                "bij de overbelastingsgrens)"),
    "carers.pause_weeks": "Hoe lang een mantelzorger die gestopt is, gestopt blijft",
    "carer_support.enabled": "Mantelzorgondersteuning en respijtzorg",
    "carer_support.respite_hours": ("Respijtzorg voor een overbelaste mantelzorger: uren van "
                                    "diens zorg die worden overgenomen"),
    "carer_support.respite_tariff": ("Kosten van een uur respijtzorg (afgeleid: Gemeente "
                                     "Westerveld, Tarieven Wmo 2023: respijtzorg EUR 204,21 per "
                                     "24 u)"),
    "carer_support.effect": ("Hoeveel ondersteuning het gewicht van de zorguren verlaagt voor "
                             "een ondersteunde mantelzorger (aanname: studies vinden kleine tot "
                             "matige effecten; verken 0-0,5)"),
    "carer_support.cost_per_carer_per_year": (
        "Tijd van een mantelzorgconsulent voor een ondersteunde mantelzorger"
    ),
    "carer_support.reach": "Overbelaste mantelzorgers die de ondersteuning bereikt",
    "help_seeking.never_ask_share": "Inwoners die nooit om hulp vragen",
    "help_seeking.ask_per_week": ("Kans dat een inwoner met een onvervulde hulpvraag om hulp "
                                  "vraagt, bij volledig vertrouwen"),
    "help_seeking.take_up": ("Deel van de toegekende formele uren dat een cliënt gebruikt "
                             "(sommigen gebruiken minder dan waar ze recht op hebben)"),
    "help_seeking.initial_trust": "Gemiddeld basisniveau van vertrouwen in instanties",
    "help_seeking.trust_return": ("Terugkeer van het vertrouwen naar het basisniveau (wantrouwen "
                                  "ebt weg)"),
    "help_seeking.trust_loss_on_denial": "Verlies aan vertrouwen als hulp wordt geweigerd",
    "help_seeking.trust_gain_on_help": "Winst aan vertrouwen als hulp begint",
    "help_seeking.trust_loss_waiting": "Verlies aan vertrouwen per week op een wachtlijst",
    "help_seeking.reapply_after_weeks": ("Weken voordat een afgewezen inwoner opnieuw om hulp "
                                         "vraagt"),
    "help_seeking.hide_learning": ("Kans dat een inwoner die hulp is geweigerd vanwege zijn "
                                   "netwerk, dat netwerk voortaan verzwijgt"),
    "indication.eligibility_threshold": "Ernst die nodig is om een indicatie te krijgen",
    "indication.intake_hours": "Intake en indicatiestelling",
    "indication.admin_cost": "Administratie per indicatiestelling (beschikking, dossier)",
    "indication.assessor_tariff": "Uurkosten van een gemeentelijke indicatiesteller",
    "indication.customary_care_hours": ("Uren lichamelijke zorg die van een gezonde volwassene "
                                        "in het huishouden worden verwacht voordat formele hulp "
                                        "wordt toegekend ('gebruikelijke zorg'; de uren zijn een "
                                        "aanname)"),
    "indication.label_half_life": "Halfwaardetijd van het gewicht van een label (labels vervagen)",
    "specialists.per_1000_residents": ("Ingekochte specialistische capaciteit (alle domeinen; de "
                                       "omvang bij een capaciteitscontract, elders het startpunt)"),
    "specialists.hours_per_week": "Contracturen per fte",
    "specialists.tariff": ("Tarief van een specialist (jeugdhulp, ggz; andere domeinen betalen "
                           "een deel daarvan, zie sim/domains.py)"),
    "specialists.contract": ("Hoe de gemeente aanbieders betaalt: per geleverd uur, per cliënt "
                             "in zorg per week (een arrangementsprijs), of voor de ingekochte "
                             "capaciteit"),
    "specialists.client_week_hours": ("Uren die in de wekelijkse arrangementsprijs zijn "
                                      "meegerekend (contracten per cliënt)"),
    "specialists.capacity_adjust_weeks": ("Tijd die aanbieders nodig hebben om hun personeel "
                                          "naar de vraag te laten groeien of krimpen (contracten "
                                          "per uur en per cliënt)"),
    "specialists.occupancy_target": "Deel van hun uren dat aanbieders proberen te vullen",
    "specialists.max_growth": ("Maximale groei van een aanbieder ten opzichte van de ingekochte "
                               "beginomvang"),
    "specialists.intake_hours": "Eigen intake van de aanbieder",
    "specialists.coordination_hours": "Afstemming met elke andere hulpverlener bij het huishouden",
    "specialists.travel_hours": "Reistijd voor huisbezoeken",
    "specialists.effect_per_hour": ("Verlichting van de ernst per direct specialistisch uur bij "
                                    "een acuut probleem"),
    "specialists.chronic_effect": ("Verlichting per uur bij een chronisch probleem, ten opzichte "
                                   "van een acuut probleem (zorg vervult een chronische behoefte "
                                   "eerder dan dat ze die geneest)"),
    "specialists.max_direct_hours": ("Maximaal aantal directe uren per week dat een cliënt in "
                                     "één domein krijgt"),
    "specialists.discharge_severity": "Ernst waarbij een traject eindigt",
    "specialists.review_weeks": ("Herbeoordeling van langdurige ondersteuning: een cliënt bij "
                                 "wie de chronische hulpvraag onder de indicatiedrempel is "
                                 "gezakt, stroomt uit"),
    "specialists.residential_cost_per_week": "Verblijf (uithuisplaatsing, beschermd wonen)",
    "generalists.enabled": "Sociale wijkteams",
    "generalists.per_1000_residents": "Generalisten (de teamomvang per inwoner is onbevestigd)",
    "generalists.hours_per_week": "Contracturen per generalist",
    "generalists.caseload": "Huishoudens per generalist",
    "generalists.cost_per_hour": ("Loonkosten van een uur van een generalist (betaald, waaraan "
                                  "het ook opgaat)"),
    "generalists.intake_hours": "Keukentafelgesprek (geen indicatielabel)",
    "generalists.depth": ("Effect van een uur van een generalist ten opzichte van een uur van "
                          "een specialist"),
    "generalists.expertise_limit": ("Ernst waarboven een generalist de expertise mist en "
                                    "doorverwijst (Movisie 2017, Pro Persona: teams missen "
                                    "diagnostische diepgang voor zwaardere casussen; het niveau "
                                    "is een aanname)"),
    "generalists.overload_referral": ("Hoeveel lager de ernst ligt waarbij het team doorverwijst "
                                      "als de caseload overvol is"),
    "generalists.wait_holding": ("Hoeveel langer het team een casus vasthoudt als de wachttijden "
                                 "bij specialisten lang zijn (Movisie 2017: door wachtlijsten "
                                 "blijven zware casussen in het team)"),
    "generalists.step_down": ("Specialisten geven een casus terug aan het team zodra het team "
                              "die kan dragen"),
    "generalists.outreach_share": "Uren van het wijkteam voor outreach ('erop af')",
    "generalists.outreach_find_rate": ("Inwoners met een verborgen hulpvraag gevonden per uur "
                                       "outreach"),
    "generalists.mobilisation": ("Hoeveel eerder het zichtbare netwerk van een cliënt helpt "
                                 "zodra het team het inschakelt (aanname; Rotterdam 2014: de "
                                 "verschuiving naar informele zorg was 'onvoldoende "
                                 "gerealiseerd'; verken 0-1)"),
    "generalists.referral_hours": "Tijd om een casus naar een specialist te verwijzen",
    "generalists.shifted_specialists": "Deel van de specialisten dat overgaat naar de wijkteams",
    "generalists.own_success_credit": ("Deel van de verlichting door het team dat eigen kracht "
                                       "opbouwt alsof het probleem zelf was opgelost (aanname: "
                                       "standaard hetzelfde als bij specialistische zorg; verken "
                                       "0,5-1 voor 'eigen kracht als uitgangspunt')"),
    "municipality.budget_headroom": ("Het jaarbudget is de uitgaven in het laatste jaar van de "
                                     "inloopperiode plus dit aandeel, vast vanaf week 0 (min een "
                                     "eventuele bezuiniging). Aanname: gemeenten begroten dicht "
                                     "bij de gerealiseerde uitgaven"),
    "municipality.budget_cut": "Bezuiniging op het jaarbudget",
    "municipality.stricter_indication": ("Verhoog de indicatiedrempel als de uitgaven voorlopen "
                                         "op het budget"),
    "municipality.indication_gain": ("Hoeveel de drempel stijgt bij een verwachte overschrijding "
                                     "(een overschrijding van 10% verhoogt hem met 0,1 bij "
                                     "versterking 1)"),
    "municipality.indication_step": ("Maximale verschuiving van de drempel per week richting dat "
                                     "niveau"),
    "municipality.admission_ceiling": ("Laat bij een prognose boven het budget alleen zware "
                                       "gevallen toe tot specialistische zorg (een "
                                       "budgetplafond: de rest wacht)"),
    "municipality.tariff_cut": ("Verlaag na een jaar boven het budget de tarieven van het "
                                "volgende jaar"),
    "municipality.tariff_cut_per_overspend": (
        "Tariefverlaging per eenheid overschrijding van vorig jaar"
    ),
    "municipality.max_tariff_cut": "Grootste tariefverlaging in een jaar",
    "municipality.tariff_supply_elasticity": (
        "Hoeveel aanbieders krimpen als de tarieven dalen (aanname; verken 0-1)"
    ),
    "municipality.late_year_stop": ("Vanaf een week laat in het jaar geen nieuwe indicaties "
                                    "zolang de uitgaven boven het budget liggen (zware gevallen "
                                    "uitgezonderd)"),
    "municipality.late_year_week": "Week vanaf welke de stop kan gelden",
    "municipality.network_rationing": ("Kans dat de indicatiestelling iemand met een zichtbaar "
                                       "netwerk terugverwijst ('gebruik je eigen kracht')"),
    "municipality.network_appeal_hours": ("Extra uren die het netwerk na zo'n afwijzing wordt "
                                          "gevraagd te geven"),
    "municipality.appeal_repeat": ("Deel van de gevraagde uren van vorige week dat opnieuw aan "
                                   "het netwerk wordt gevraagd"),
    "municipality.budget_allocation": (
        "Een gemeente van wijken: één budget waarvan de maatregelen de gemeentelijke prognose "
        "volgen (gedeeld), of een budget per wijk, verdeeld naar gevestigde uitgaven (naar "
        "gebruik), naar inwoners (per inwoner) of naar gevestigde uren hulpvraag (naar "
        "behoefte); een enkele wijk negeert dit"),
    "municipality.shared_providers": (
        "Een gemeente van wijken: de specialistische aanbieders werken voor alle wijken, met "
        "één wachtlijst per domein (uit: elke wijk heeft eigen aanbieders); een enkele wijk "
        "negeert dit"),
    "municipality.ties_across": (
        "Een gemeente van wijken: familie en vrienden 'elders in de stad' wonen in de andere "
        "wijken, naar hun aantal inwoners, en zorgen over de wijkgrens heen (uit: bewoners van "
        "de eigen wijk staan voor hen in); een enkele wijk negeert dit"),
    "community_centre.mode": "Buurthuis",
    "community_centre.residents_per_centre": "Inwoners per buurthuis",
    "community_centre.staff_hours_per_1000": "Uren betaalde krachten (gemeentelijk)",
    "community_centre.staff_tariff": "Uurkosten van personeel",
    "community_centre.hours_needed_per_1000": (
        "Uren die nodig zijn om een buurthuis te laten draaien (personeel, ondersteuning en "
        "vrijwilligers)"
    ),
    "community_centre.support_per_1000": ("Verborgen professionele ondersteuning van een "
                                          "buurthuis in zelfbeheer"),
    "community_centre.subsidy_per_1000": "Niet-kostendekkende subsidie (zelfbeheer)",
    "community_centre.visit_per_week": ("Kans dat een eenzame inwoner een volledig draaiend "
                                        "buurthuis bezoekt"),
    "community_centre.isolation_relief": "Verlichting van eenzaamheid per bezoek",
    "community_centre.visit_contact": "Contact dat een bezoek die week toevoegt",
    "community_centre.closed_below": ("Draait een buurthuis onder dit deel van de uren die het "
                                      "nodig heeft, dan sluit het"),
    "community_centre.recruit_per_week": ("Kans dat een vrijwilliger uit het verzorgingsgebied "
                                          "voor het buurthuis wordt gewonnen zolang er uren "
                                          "tekort zijn"),
    "community_centre.burnout_per_extra_hour": (
        "Extra kans om te stoppen per uur boven de gewone belasting"
    ),
    "volunteering.share_high_education": "Vrijwilligerswerk, hoog opgeleid",
    "volunteering.share_mid_education": "Vrijwilligerswerk, middelbaar opgeleid",
    "volunteering.share_low_education": "Vrijwilligerswerk, laag opgeleid",
    "volunteering.old_age_factor": "Vrijwilligerswerk op 75+ in verhouding (32% / 57%)",
    "volunteering.hours_working": "Gewoonlijk aantal uren van een vrijwilliger met betaald werk",
    "volunteering.hours_not_working": ("Gewoonlijk aantal uren van een vrijwilliger zonder "
                                       "betaald werk"),
    "volunteering.active_share": "Weken dat een vrijwilliger actief is",
    "volunteering.years_per_spell": "Gemiddelde tijd dat een inwoner vrijwilliger blijft",
    "volunteering.shock": ("Een schok in het vrijwilligerswerk (zoals in 2021: van ~49% naar "
                           "<39%): het aandeel vrijwilligers dat stopt, en van nieuwe "
                           "vrijwilligers dat niet begint (te gebruiken als wijziging in de tijd)"),
    "mutual_aid.enabled": "Broodfondsen",
    "mutual_aid.join_share": ("Zelfstandigen die zich bij een broodfonds aansluiten zodra er "
                              "broodfondsen zijn opgezet"),
    "mutual_aid.min_members": "Minimaal aantal leden waarmee een broodfonds start",
    "mutual_aid.max_members": "Maximaal aantal leden van een broodfonds",
    "mutual_aid.deposit_per_month": "Inleg per lid",
    "mutual_aid.payout_per_month": "Uitkering aan een lid dat te ziek is om te werken",
    "mutual_aid.start_months": "Buffer die elk lid inlegt voordat het broodfonds uitkeert",
    "mutual_aid.waiting_weeks": "Wachttijd voordat een uitkering begint",
    "mutual_aid.max_weeks": "Langste uitkering",
    "mutual_aid.pressure_after_weeks": ("Weken van uitkering waarna sociale druk het lid belast "
                                        "(Trouw 2020)"),
    "mutual_aid.facilitation_per_year": "Gemeentelijke subsidie voor het faciliteren",
    "buddies.enabled": "Maatjesnetwerken",
    "buddies.networks_per_1000_residents": "Netwerken",
    "buddies.members": "Leden per netwerk",
    "buddies.volunteer_hours": "Vrijwilligersuren per netwerk",
    "buddies.isolation_relief": "Verlichting van eenzaamheid voor leden",
    "buddies.contact": ("Contact dat het lidmaatschap elke week toevoegt zolang het netwerk een "
                        "vrijwilliger heeft (aanname; verken 0,1-0,5)"),
    "buddies.support_share": ("Vrijwilligersuren die als lichte ondersteuning gaan naar leden "
                              "met een onvervulde hulpvraag"),
    "buddies.volunteer_search": ("Kans dat een netwerk zonder vrijwilliger deze week een "
                                 "vrijwilliger zoekt"),
    "buddies.volunteer_radius": "Hoe ver van het netwerk een nieuwe vrijwilliger mag wonen",
    "buddies.cost_per_year": ("Netwerkbegeleider en de huur van de vrijwilliger (de kosten van "
                              "KeyRing per lid zijn onbevestigd)"),
    "conferences.enabled": "Eigen Kracht-conferenties",
    "conferences.min_problems": ("Problemen in het huishouden voordat een conferentie wordt "
                                 "aangeboden"),
    "conferences.offer_per_week": ("Kans dat een huishouden dat in aanmerking komt een "
                                   "conferentie aangeboden krijgt"),
    "conferences.funding_approval": "Kans dat de gemeente een aangevraagde conferentie betaalt",
    "conferences.decline": "Gezinnen die het aanbod afslaan",
    "conferences.plan_rate": "Conferenties die eindigen met een plan",
    "conferences.cost": "Kosten per conferentie",
    "conferences.plan_half_life": "Halfwaardetijd van het gebruik van een plan",
    "conferences.network_boost": ("Hoeveel eerder het netwerk helpt onder een vers plan "
                                  "(aanname; WODC 2016 vindt meer plaatsingen in het netwerk "
                                  "maar geen blijvende effecten; verken 0-2)"),
    "conferences.say_boost": ("Regie over het eigen leven onder een vers plan (aanname; verken "
                              "0-0,5)"),
    "own_strength.initial_mean": "Gemiddeld basisniveau van eigen kracht",
    "own_strength.low_income_penalty": ("Lager basisniveau van eigen kracht in huishoudens met "
                                        "een laag inkomen"),
    "own_strength.growth_on_relief": "Groei als een probleem afneemt (toegerekend naar de bron)",
    "own_strength.loss_on_worsening": "Verlies als een probleem verergert, wat de oorzaak ook is",
    "own_strength.formal_credit": ("Deel van de verlichting door specialistische zorg dat eigen "
                                   "kracht opbouwt alsof het probleem zelf was opgelost "
                                   "(aanname; 0 = zorg maakt afhankelijk, 1 = zorg versterkt; "
                                   "verken 0-1)"),
    "own_strength.return_to_usual": ("Terugkeer naar het basisniveau van eigen kracht van de "
                                     "inwoner"),
    "wellbeing.usual_mean": ("Gemiddelde levenstevredenheid zonder problemen, belasting of laag "
                             "inkomen"),
    "wellbeing.usual_sd": "Spreiding van dat basisniveau tussen mensen",
    "wellbeing.harm_income_debt": "Verlies door inkomens- en schuldproblemen",
    "wellbeing.harm_work": "Verlies door werkproblemen (werkloosheid)",
    "wellbeing.harm_housing": "Verlies door woonproblemen",
    "wellbeing.harm_physical_health": "Verlies door lichamelijke ziekte en beperkingen",
    "wellbeing.harm_mental_health": "Verlies door psychische aandoeningen en verslaving",
    "wellbeing.harm_family_youth": "Verlies door gezinsproblemen",
    "wellbeing.harm_isolation": "Verlies door eenzaamheid",
    "wellbeing.harm_justice": "Verlies door problemen met justitie",
    "wellbeing.relief_when_met": ("Deel van het verlies door een probleem dat wegvalt zolang de "
                                  "hulpvraag vervuld is"),
    "wellbeing.harm_low_income": "Verlies door een laag huishoudinkomen",
    "wellbeing.harm_carer_burden": "Verlies door mantelzorgbelasting",
    "wellbeing.harm_no_say": "Verlies door het ontbreken van regie over het eigen leven",
    "wellbeing.partner_gain": "Winst door samenwonen met een partner",
    "wellbeing.contact_gain": "Winst door contact via een buurthuis of maatjesnetwerk",
    "wellbeing.labels_for_no_say": ("Labels (vervagend) waarbij het dossier van een inwoner de "
                                    "regie heeft, niet de inwoner zelf"),
    "wellbeing.say_from_strength": ("Deel van de regie over het eigen leven dat uit eigen kracht "
                                    "komt (de rest uit het ontbreken van labels)"),
    "wellbeing.low_threshold": "Levenstevredenheid waaronder een inwoner als 'slecht af' telt",
}

OUTCOMES_NL: dict[str, str] = {
    "cost_specialist": "Specialistische zorg (geldend contract)",
    "cost_residential": "Verblijf",
    "cost_generalist": "Wijkteams (salarissen)",
    "cost_assessment": "Indicatiestelling en administratie",
    "cost_conferences": "Eigen Kracht-conferenties",
    "cost_civic": "Buurthuizen en burgerinitiatieven",
    "cost_carer_support": "Mantelzorgondersteuning en respijtzorg",
    "cost_total": "Publieke kosten (excl. informele zorg)",
    "cost_total_per_hour": "Publieke kosten als specialisten per uur werden betaald",
    "cost_total_per_client": "Publieke kosten als specialisten per cliënt werden betaald",
    "cost_total_capacity": "Publieke kosten als specialistische capaciteit werd betaald",
    "budget_balance": "Budgetsaldo tot nu toe",
    "budget_per_resident": "Jaarbudget (na bezuinigingen)",
    "budget_binding": "Weken dat het budget knelt (een maatregel van kracht)",
    "eligibility_tightening": "Indicatiedrempel verhoogd met",
    "tariff_level": "Betaalde tarieven (aandeel van het oorspronkelijke tarief)",
    "informal_hours": "Ontvangen informele zorg",
    "informal_shadow_value": "Schaduwwaarde van informele zorg (niet in de kosten)",
    "share_carers": "Volwassenen (16+) die deze week informele zorg geven",
    "share_carers_overloaded": "Overbelaste mantelzorgers (belasting boven de overbelastingsgrens)",
    "carer_burden": "Mantelzorgbelasting, gemiddeld over mantelzorgers",
    "respite_hours": "Respijtzorg",
    "informal_from_elsewhere": "Informele hulp uit andere wijken (een gemeente)",
    "informal_to_elsewhere": "Informele hulp gegeven in andere wijken (een gemeente)",
    "carers_year": "Volwassenen (16+) die in het jaar enige informele zorg geven",
    "carers_cbs_year": "Mantelzorgers volgens de CBS-definitie (3+ maanden of 8+ u/week)",
    "carers_intensive_year": "Mantelzorgers die meer dan 8 u/week geven",
    "care_hours_cbs_carers": "Uren per week van mantelzorgers (CBS-definitie)",
    "carers_women_to_men": "Mantelzorgers: aandeel vrouwen gedeeld door aandeel mannen",
    "carers_for_parent": "Mantelzorgers die vooral voor een ouder zorgen",
    "carers_for_partner": "Mantelzorgers die vooral voor hun partner zorgen",
    "carers_for_kin": "Mantelzorgers die vooral voor andere familie zorgen",
    "carers_for_friend": "Mantelzorgers die vooral voor een vriend of buur zorgen",
    "care_receivers_65plus": "Ontvangers van informele zorg die 65 jaar of ouder zijn",
    "wellbeing_mean": "Levenstevredenheid, gemiddeld",
    "wellbeing_p10": "Levenstevredenheid, 10e percentiel",
    "share_low_wellbeing": "Inwoners met een lage levenstevredenheid (onder 6)",
    "share_satisfied": "Volwassenen die tevreden zijn met hun leven (7 of hoger)",
    "share_dissatisfied": "Volwassenen die ontevreden zijn met hun leven (onder 5)",
    "share_neutral": "Volwassenen die niet tevreden en niet ontevreden zijn (5 tot 7)",
    "wellbeing_no_network": "Levenstevredenheid van inwoners zonder iemand om op terug te vallen",
    "wellbeing_multi_problem": "Levenstevredenheid in multiprobleemhuishoudens",
    "wellbeing_low_income": "Levenstevredenheid in huishoudens met een laag inkomen",
    "wellbeing_low_strength": "Levenstevredenheid van inwoners met weinig eigen kracht",
    "wellbeing_carers": "Levenstevredenheid van mantelzorgers",
    "unmet_no_network": "Onvervulde hulpvraag van inwoners zonder iemand om op terug te vallen",
    "unmet_multi_problem": "Onvervulde hulpvraag in multiprobleemhuishoudens",
    "unmet_low_income": "Onvervulde hulpvraag in huishoudens met een laag inkomen",
    "unmet_low_strength": "Onvervulde hulpvraag van inwoners met weinig eigen kracht",
    "unmet_carers": "Onvervulde hulpvraag van mantelzorgers zelf",
    "unmet_per_person": "Onvervulde hulpvraag, iedereen",
    "share_low_income": "Inwoners in huishoudens met een laag inkomen",
    "share_low_strength": "Inwoners met weinig eigen kracht (onder 0,4)",
    "own_strength_mean": "Eigen kracht, gemiddeld",
    "trust_mean": "Vertrouwen in instanties, gemiddeld",
    "labels_mean": "Labels (indicaties, vervagend), gemiddeld",
    "share_nobody": "Volwassenen zonder iemand om op terug te vallen",
    "share_lonely": "Volwassenen die in enige mate eenzaam zijn",
    "share_severely_lonely": ("Volwassenen die ernstig eenzaam zijn (een eenzaamheidsprobleem "
                              "dat hulp vraagt)"),
    "severely_lonely_75plus": "Inwoners van 75+ die ernstig eenzaam zijn",
    "share_under_18": "Inwoners onder 18",
    "share_65_plus": "Inwoners van 65+",
    "share_80_plus": "Inwoners van 80+",
    "physical_need_75plus": "Inwoners van 75+ die hulp nodig hebben bij het dagelijks leven",
    "debt_households": "Huishoudens met een inkomens- en schuldprobleem",
    "unmet_need_hours": "Onvervulde hulpvraag",
    "share_unmet_need": "Inwoners met een onvervulde hulpvraag",
    "share_multi_problem_households": "Multiprobleemhuishoudens (deze week)",
    "mpg_share_households": "Multiprobleemhuishoudens (13 weken of meer in het jaar)",
    "cost_per_mpg": "Publieke kosten per multiprobleemhuishouden",
    "cost_share_top5": "Deel van de zorgkosten van het jaar bij de duurste 5% van de huishoudens",
    "waiting": "Wachtend op hulp",
    "waiting_weeks": "Wachttijd tot nu toe (specialistische wachtlijsten)",
    "specialist_waiting": "Plaatsen op specialistische wachtlijsten",
    "clients_per_1000": "Inwoners met specialistische zorg thuis (ambulant)",
    "residential_per_1000": "Inwoners in verblijf (intramurale zorg)",
    "specialist_capacity": "Specialistisch personeel",
    "wmo_clients_per_1000": "Inwoners met Wmo-ondersteuning in het jaar",
    "youth_care_share": "Kinderen (onder 18) met jeugdhulp in het jaar",
    "youth_residential_share": "Kinderen met jeugdhulp die jeugdhulp met verblijf kregen",
    "wmo_use_75plus": "Inwoners van 75+ met Wmo-ondersteuning in het jaar",
    "specialist_users_year": "Inwoners die in het jaar specialistische zorg gebruikten",
    "stacking_share_households": "Huishoudens met zorg die zorg krijgen onder meer dan één wet",
    "stacking_per_1000": "Inwoners met zorg onder meer dan één wet",
    "professionals_per_mph": "Hulpverleners per multiprobleemhuishouden in zorg",
    "coordination_per_mph": "Afstemming per multiprobleemhuishouden in zorg",
    "assessments": "Indicatiestellingen aan de loketten",
    "indications": "Indicaties (toekenningen aan het loket en verwijzingen door teams)",
    "referrals": "Verwijzingen door wijkteams naar specialisten",
    "denials": "Afgewezen aanvragen",
    "specialist_direct_hours": "Directe specialistische hulp",
    "generalist_direct_hours": "Directe hulp door generalisten",
    "coordination_hours": "Afstemming tussen hulpverleners",
    "conferences_held": "Gehouden Eigen Kracht-conferenties",
    "plans_active": "Inwoners met een plan in gebruik (familiegroepsplan)",
    "volunteer_hours": "Vrijwilligersuren (alle verenigingen)",
    "volunteers_year": "Inwoners (15+) die in het jaar vrijwilligerswerk doen",
    "volunteer_hours_per_volunteer": "Uren per week per vrijwilliger",
    "volunteers_high_to_low_education": ("Vrijwilligerswerk: hoogopgeleiden ten opzichte van "
                                         "laagopgeleiden"),
    "centre_quality": "Draaiende buurthuizen",
    "mutual_aid_paid": "Uitgekeerd door broodfondsen (geld van de leden)",
    "circle_claims_year": "Leden van een broodfonds die in het jaar een uitkering kregen",
    "circle_claim_months": "Maanden uitkering per gestarte uitkering",
    "network_strength": "Netwerksterkte (som van de sterkte van de banden)",
    "share_hiding_network": "Inwoners die hun netwerk verzwijgen",
    "residents": "Inwoners",
}

GROUPS_NL: dict[str, str] = {
    "everyone": "Iedereen",
    "no_network": "Niemand om op terug te vallen",
    "multi_problem": "Multiprobleemhuishoudens",
    "low_income": "Huishoudens met een laag inkomen",
    "low_strength": "Weinig eigen kracht (onder 0,4)",
    "carers": "Mantelzorgers",
}

UNITS_NL: dict[str, str] = {  # unit string -> Dutch unit string
    "0-1": "0-1",
    "0-10": "0-10",
    "EUR": "EUR",
    "EUR per assessment": "EUR per indicatiestelling",
    "EUR per circle per year": "EUR per broodfonds per jaar",
    "EUR per conference": "EUR per conferentie",
    "EUR per network per year": "EUR per netwerk per jaar",
    "EUR per resident per year": "EUR per inwoner per jaar",
    "EUR per supported carer per year": "EUR per ondersteunde mantelzorger per jaar",
    "EUR per week": "EUR per week",
    "EUR/h": "EUR/u",
    "EUR/month": "EUR/maand",
    "EUR/week": "EUR/week",
    "EUR/year": "EUR/jaar",
    "EUR/year per 1,000 residents": "EUR/jaar per 1.000 inwoners",
    "FTE per 1,000 residents": "fte per 1.000 inwoners",
    "burden (0-1)": "belasting (0-1)",
    "cells": "vakjes",
    "choice": "keuze",
    "connectedness (0-1)": "verbondenheid (0-1)",
    "count": "aantal",
    "exponent on each tie's refusal chance": "exponent op de weigerkans van elke band",
    "h per admission": "u per nieuwe cliënt",
    "h per assessment": "u per indicatiestelling",
    "h per client per week": "u per cliënt per week",
    "h per household": "u per huishouden",
    "h per referral": "u per verwijzing",
    "h/week": "u/week",
    "h/week per 1,000 residents": "u/week per 1.000 inwoners",
    "h/week per client": "u/week per cliënt",
    "h/week per other professional": "u/week per andere hulpverlener",
    "h/week per person": "u/week per persoon",
    "households per FTE": "huishoudens per fte",
    "labels": "labels",
    "members": "leden",
    "months": "maanden",
    "months of deposits": "maanden inleg",
    "networks per 1,000 residents": "netwerken per 1.000 inwoners",
    "on/off": "aan/uit",
    "own strength": "eigen kracht",
    "own strength (0-1)": "eigen kracht (0-1)",
    "own strength per unit of severity gained": "eigen kracht per eenheid toegenomen ernst",
    "own strength per unit of severity relieved": "eigen kracht per eenheid verlichte ernst",
    "per 1,000": "per 1.000",
    "per adult per year": "per volwassene per jaar",
    "per adult per year in a low-income household": (
        "per volwassene per jaar in een huishouden met een laag inkomen"
    ),
    "per adult per year without a network": "per volwassene zonder netwerk per jaar",
    "per other problem": "per ander probleem",
    "per person per domain per year": "per persoon per domein per jaar",
    "per person per year": "per persoon per jaar",
    "per resident": "per inwoner",
    "per week": "per week",
    "per year": "per jaar",
    "persons": "personen",
    "persons or households": "personen of huishoudens",
    "points": "punten",
    "points (0-10)": "punten (0-10)",
    "points at full burden": "punten bij volledige belasting",
    "points at full contact": "punten bij volledig contact",
    "points at severity 1": "punten bij ernst 1",
    "points from full to no say": "punten van volledige tot geen regie",
    "probability": "kans",
    "probability per extra hour": "kans per extra uur",
    "probability per week": "kans per week",
    "probability per week at full burden": "kans per week bij volledige belasting",
    "problems": "problemen",
    "ratio": "verhouding",
    "residents": "inwoners",
    "residents found per outreach hour": "gevonden inwoners per uur outreach",
    "say (0-1)": "regie (0-1)",
    "sd of log hazard": "sd van het logaritme van de kans",
    "severity (0-1)": "ernst (0-1)",
    "severity at a half-year wait": "ernst bij een wachttijd van een half jaar",
    "severity per direct hour": "ernst per direct uur",
    "severity per share overspent": "ernst per aandeel overschrijding",
    "severity per unit of overload": "ernst per eenheid overbelasting",
    "severity per visit": "ernst per bezoek",
    "severity per week": "ernst per week",
    "severity per week (sd)": "ernst per week (sd)",
    "severity per week at full own strength": "ernst per week bij volledige eigen kracht",
    "share": "aandeel",
    "share of 16+": "aandeel van 16+",
    "share of adults": "aandeel van volwassenen",
    "share of capacity per share of tariff": "aandeel capaciteit per aandeel tarief",
    "share of carers": "aandeel van mantelzorgers",
    "share of friend slots": "aandeel van de plekken voor vrienden",
    "share of hours": "aandeel van de uren",
    "share of hours needed": "aandeel van de benodigde uren",
    "share of households": "aandeel van huishoudens",
    "share of kin outside the household": "aandeel van de familie buiten het huishouden",
    "share of overloaded carers": "aandeel van overbelaste mantelzorgers",
    "share of receivers": "aandeel van ontvangers",
    "share of residents": "aandeel van inwoners",
    "share of residents aged 18-66 not in education": (
        "aandeel van inwoners van 18-66 jaar die geen onderwijs volgen"
    ),
    "share of specialist FTE": "aandeel van de specialistische fte",
    "share of the gap per week": "aandeel van het verschil per week",
    "share of the hours asked": "aandeel van de gevraagde uren",
    "share of the self-employed": "aandeel van de zelfstandigen",
    "share of those in work": "aandeel van werkenden",
    "share of under-18s": "aandeel van jongeren onder 18",
    "share of volunteer hours": "aandeel van de vrijwilligersuren",
    "share of weeks": "aandeel van de weken",
    "share per share overspent": "aandeel per aandeel overschrijding",
    "share per week": "aandeel per week",
    "share per year": "aandeel per jaar",
    "strength (0-1)": "sterkte (0-1)",
    "strength per week": "sterkte per week",
    "strength per week of shared activity": "sterkte per week gedeelde activiteit",
    "strength-weighted willing ties": "bereidwillige banden, gewogen naar sterkte",
    "ties per person": "banden per persoon",
    "trust": "vertrouwen",
    "trust (0-1)": "vertrouwen (0-1)",
    "trust per week": "vertrouwen per week",
    "week of the year": "week van het jaar",
    "weeks": "weken",
    "x": "x",
    "x at full burden": "x bij volledige belasting",
    "x at full severity": "x bij volledige ernst",
    "x contracted": "x de ingekochte omvang",
    "x per active problem": "x per actief probleem",
    "x per household problem": "x per probleem in het huishouden",
    "x specialist effect": "x effect van een specialist",
    "years": "jaar",
}

CHOICES_NL: dict[str, str] = {  # choice value -> Dutch label
    "capacity": "capaciteitsfinanciering / lumpsum",
    "by_use": "naar gebruik",
    "municipal": "gemeentelijk (betaalde krachten)",
    "need_weighted": "naar behoefte",
    "none": "geen",
    "per_client": "per cliënt (traject)",
    "per_capita": "per inwoner",
    "per_hour": "per uur",
    "pooled": "gedeeld (één budget)",
    "self_managed": "in zelfbeheer van bewoners",
}
