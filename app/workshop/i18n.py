"""Dutch and English texts of the workshop views, and Dutch teaching texts of the scenarios.

Interface strings live in :data:`STRINGS`, one dict per language with the same keys (a test
checks this); :func:`t` looks one up and fills in ``{placeholders}``. Lever and outcome labels
have keys ``lever.<path>``, ``value.<choice>`` and ``outcome.<name>``.

The scenarios' own teaching texts (``teaching:`` in ``scenarios/*.yaml``) are English. Their
Dutch versions are data files, ``docs/workshop/teaching_nl/<scenario name>.yaml``, with the
keys of the teaching block plus a title::

    title: Sociale wijkteams
    what_is_it: ...
    how_it_works: ...
    things_to_notice: [...]
    things_to_try: [...]        # sentences only, in the order of the English file

A "thing to try" keeps its one-click change (``set:``) from the scenario file, so the two
languages can never drift apart in what a click does. :func:`scenario_teaching` returns the
text in either language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wijksim.analysis.language import LANGUAGES, Texts, number
from wijksim.experiments.scenarios import (
    Scenario,
    ScenarioError,
    Teaching,
    TryThis,
)
from wijksim.experiments.yaml_files import (
    ProblemReport,
    YamlMap,
    YamlSeq,
    check_keys,
    read_yaml,
)
from wijksim.sim.outcomes import OUTCOME_BY_NAME

DEFAULT_LANGUAGE = "nl"
TEACHING_NL_DIR = Path(__file__).resolve().parents[2] / "docs" / "workshop" / "teaching_nl"
TEACHING_KEYS = ("title", "what_is_it", "how_it_works", "things_to_notice", "things_to_try")

_EN: dict[str, str] = {
    # common
    "app_title": "wijksim workshop",
    "language": "Language",
    "room_code": "Room code",
    "round": "Round {round}",
    "budget": "Budget: EUR {budget:,.0f} per resident per year",
    "per_resident_year": "EUR per resident per year",
    "loading": "Working…",
    "baseline": "Starting world (no changes)",
    "start_value": "as now",
    # participant
    "join_title": "Join a workshop",
    "join_code_label": "Room code (6 characters, from the facilitator)",
    "join_team_label": "Team name",
    "join_button": "Join",
    "join_pin_note": "Your team PIN is {pin}. Write it down: with the room code it gets your "
                     "team back on any device. This browser remembers it too.",
    "rejoin_title": "Rejoin your team",
    "rejoin_pin_label": "Team PIN (for example ABCD-EFGH)",
    "rejoin_button": "Rejoin",
    "welcome_team": "You are team {team} in room {code}.",
    "choose_package": "Choose your policy package",
    "lever_cost": "{sign}EUR {amount:,.0f} per resident per year",
    "lever_cost_requires": "{sign}EUR {amount:,.0f} per resident per year (with {switch} on)",
    "estimate_hint": "Estimated cost of your package: EUR {cost:,.0f} per resident per year "
                     "(budget EUR {budget:,.0f}). This estimate adds up the cost of each choice "
                     "on its own; choices affect each other, so the real cost is only known "
                     "after the run.",
    "estimate_over": "By this estimate your package is EUR {over:,.0f} over budget.",
    "submit_button": "Run and submit",
    "submit_running": "Running your package on {seeds} replications…",
    "submit_done": "Submitted. Real cost: EUR {cost:,.0f} per resident per year.",
    "submit_within": "Within budget.",
    "submit_over": "Over budget by EUR {over:,.0f}: the gallery marks your result.",
    "budget_rule": "Only the real cost of your own run decides whether you are within budget.",
    "your_submissions": "Your submissions",
    "locked_notice": "Submissions are closed for now. Look at the gallery.",
    "twist_notice": "Twist! {text}",
    "teaching_title": "About this world",
    "what_is_it": "What it is",
    "how_it_works": "How it works",
    "things_to_notice": "Things to notice",
    "things_to_try": "Things to try",
    # gallery and projector
    "gallery_title": "Class gallery",
    "alt_gallery": ("Chart of the gallery: each team's public cost per resident per year "
                    "against mean life satisfaction, with 95% intervals, the starting world and "
                    "the budget; the table below gives the numbers"),
    "alt_qr": "QR code of the join link: {link}",
    "gallery_empty": "No submissions yet in this round.",
    "gallery_team": "Team",
    "gallery_cost": "Public cost (EUR per resident per year)",
    "gallery_wellbeing": "Life satisfaction, mean (0-10)",
    "gallery_within_budget": "Within budget",
    "gallery_interval": "Bars show 95% intervals over the {seeds} replications.",
    "gallery_budget_line": "Budget",
    "yes": "yes",
    "no": "no",
    "projector_title": "Room {code}: {title}",
    "projector_join": "Join at {url} with code {code}",
    "projector_teams": "{teams} teams, {submissions} submissions",
    # facilitator
    "fac_title": "Facilitator",
    "fac_choose_exercise": "Choose an exercise",
    "fac_create_room": "Open a room",
    "fac_key_note": "Facilitator key: {key}. Keep it to yourself: it controls the room.",
    "fac_key_label": "Facilitator key",
    "fac_preparing": "Preparing the lever costs (one short run per choice)…",
    "fac_lock": "Lock submissions",
    "fac_unlock": "Unlock submissions",
    "fac_reveal_twist": "Reveal the twist",
    "fac_twist_revealed": "The twist is revealed from round {round}.",
    "fac_new_round": "Start a new round",
    "fac_confirm_twist": ("Reveal the twist to every team? From now on every run, the starting "
                          "world included, has the twist. This cannot be undone."),
    "fac_confirm_new_round": ("Start round {round}? The gallery starts empty; the submissions "
                              "so far stay in the export. This cannot be undone."),
    "confirm_yes": "Yes, go ahead",
    "confirm_cancel": "Cancel",
    "fac_export": "Download all submissions (CSV)",
    "fac_open_run": "Open this team's run",
    "fac_compare": "Put two teams side by side",
    "fac_package": "Package",
    "fac_projector": "Projector view",
    "fac_lan_warning": "This app is serving the local network. Anyone on it who knows the room "
                       "code can join.",
    # errors
    "error_unknown_room": "There is no room with code {code}.",
    "error_team_name": "That team name is not allowed: use 1 to {max} letters, digits, spaces "
                       "and . , ! ? ( ) ' - and start with a letter or digit.",
    "error_team_taken": "There is already a team called {name}. If it is yours, rejoin with "
                        "your PIN.",
    "error_room_full": "This room is full ({max} teams).",
    "error_unknown_pin": "No team in room {code} has this PIN.",
    "error_too_many_tries": "Too many wrong tries. Wait {seconds} s and try again.",
    "error_too_many_rooms": "{max} rooms were opened in the last hour. Wait before opening "
                            "another.",
    "error_locked": "Room {code} is locked: submissions are closed for now.",
    "error_busy": "Team {name} already has a run going. Wait for it to finish.",
    "error_not_facilitator": "Wrong facilitator key for room {code}.",
    "error_no_twist": "Room {code} has no twist to reveal.",
    "error_unknown_submission": "There is no submission {id}.",
    "error_package": "This package is not allowed: {details}",
    # workshop pages (home, facilitator, projector, team)
    "home_intro": "A classroom game: the facilitator opens a room; teams join with the room "
                  "code, choose a policy package within the budget and see every team's result "
                  "in the class gallery.",
    "home_facilitator": "I am the facilitator",
    "home_participant": "I am a participant",
    "fac_exercise_facts": "{years:g} years, {residents:,} residents, {seeds} replications, "
                          "budget EUR {budget:,.0f} per resident per year",
    "fac_reopen_title": "Re-open a room (code and facilitator key)",
    "fac_reopen_button": "Re-open the room",
    "fac_join_link": "Join link",
    "fac_status": "Round {round} · {teams} teams · {submissions} submissions · {state}",
    "fac_state_open": "submissions open",
    "fac_state_locked": "submissions locked",
    "fac_prepare_failed": "Preparing the lever costs failed: {details}",
    "fac_team_a": "Team (A)",
    "fac_team_b": "Second team (B, optional)",
    "fac_run_legend": "{legend}; the room's first seed ({seed}).",
    "fac_close_room": "Close this room view",
    "fac_show_key": "Show the key",
    "fac_hide_key": "Hide the key",
    "projector_no_room": "No room given: open the projector view from the facilitator page.",
    "fac_local_link": "This join link points at this computer only: phones in the room cannot "
                      "open it. Start the workshop with `wijksim workshop --lan` to serve the "
                      "local network.",
    "error_projector_token": "This projector link is not valid for room {code}: open the "
                             "projector view from the facilitator page.",
    "projector_timeline": "Timeline",
    "timeline_round": "Round {round}: {teams} teams",
    "timeline_twist": "twist",
    "round_header": "Round",
    "team_not_joined": "This browser is not in a team yet.",
    "team_leave": "Leave this team on this device",
    "gallery_after_submit": "The class gallery appears here once your team has submitted in "
                            "this round.",
    "error_generic": "That did not work: {details}",
    # lever, value and outcome labels
    "lever.generalists.enabled": "Generalist neighbourhood teams",
    "lever.generalists.shifted_specialists": "Share of specialist staff moved into the teams",
    "lever.generalists.outreach_share": "Team hours spent on outreach",
    "lever.conferences.enabled": "Family group conferences",
    "lever.community_centre.mode": "Community centre",
    "lever.specialists.per_1000_residents": "Specialists per 1,000 residents (FTE)",
    "lever.mutual_aid.enabled": "Mutual-aid circles (Broodfonds)",
    "lever.buddies.enabled": "Buddy networks (KeyRing)",
    "lever.carer_support.enabled": "Carer support and respite",
    "lever.municipality.network_rationing": "Chance an assessment sends a resident with a "
                                            "network back to it ('use your own strength')",
    "value.true": "on",
    "value.false": "off",
    "value.none": "none",
    "value.municipal": "municipal (paid staff)",
    "value.self_managed": "self-managed by residents",
    "outcome.cost_total": "Public cost",
    "outcome.wellbeing_mean": "Life satisfaction, mean (0-10)",
    "outcome.wellbeing_p10": "Life satisfaction, 10th percentile",
    "outcome.wellbeing_no_network": ("Life satisfaction of residents with nobody to fall back "
                                     "on"),
    "outcome.wellbeing_multi_problem": "Life satisfaction in multi-problem households",
    "outcome.professionals_per_mph": "Professionals per multi-problem household in care",
    "outcome.share_unmet_need": "Residents with unmet need",
    "outcome.share_low_wellbeing": "Residents with low life satisfaction (below 6)",
    "outcome.share_carers_overloaded": "Carers overloaded",
    "outcome.share_hiding_network": "Residents hiding their network",
    "outcome.volunteer_hours": "Volunteer hours",
}

_NL: dict[str, str] = {
    # common
    "app_title": "wijksim-workshop",
    "language": "Taal",
    "room_code": "Kamercode",
    "round": "Ronde {round}",
    "budget": "Budget: € {budget:,.0f} per inwoner per jaar",
    "per_resident_year": "€ per inwoner per jaar",
    "loading": "Bezig…",
    "baseline": "Uitgangssituatie (niets veranderd)",
    "start_value": "zoals nu",
    # participant
    "join_title": "Doe mee aan een workshop",
    "join_code_label": "Kamercode (6 tekens, van de begeleider)",
    "join_team_label": "Teamnaam",
    "join_button": "Meedoen",
    "join_pin_note": "Jullie team-pincode is {pin}. Schrijf hem op: met de kamercode krijg je "
                     "je team terug op elk apparaat. Deze browser onthoudt hem ook.",
    "rejoin_title": "Terug naar je team",
    "rejoin_pin_label": "Team-pincode (bijvoorbeeld ABCD-EFGH)",
    "rejoin_button": "Terug naar mijn team",
    "welcome_team": "Jullie zijn team {team} in kamer {code}.",
    "choose_package": "Kies jullie beleidspakket",
    "lever_cost": "{sign}€ {amount:,.0f} per inwoner per jaar",
    "lever_cost_requires": "{sign}€ {amount:,.0f} per inwoner per jaar (met {switch} aan)",
    "estimate_hint": "Geschatte kosten van jullie pakket: € {cost:,.0f} per inwoner per jaar "
                     "(budget € {budget:,.0f}). Deze schatting telt de kosten van elke keuze "
                     "los op; keuzes beïnvloeden elkaar, dus de echte kosten ken je pas na de "
                     "simulatie.",
    "estimate_over": "Volgens deze schatting zit jullie pakket € {over:,.0f} boven het budget.",
    "submit_button": "Doorrekenen en insturen",
    "submit_running": "Jullie pakket wordt doorgerekend in {seeds} herhalingen…",
    "submit_done": "Ingestuurd. Echte kosten: € {cost:,.0f} per inwoner per jaar.",
    "submit_within": "Binnen het budget.",
    "submit_over": "€ {over:,.0f} boven het budget: de galerij markeert jullie resultaat.",
    "budget_rule": "Alleen de echte kosten van jullie eigen doorrekening bepalen of jullie "
                   "binnen het budget blijven.",
    "your_submissions": "Jullie inzendingen",
    "locked_notice": "Insturen is even gesloten. Kijk naar de galerij.",
    "twist_notice": "Wending! {text}",
    "teaching_title": "Over deze wereld",
    "what_is_it": "Wat is het",
    "how_it_works": "Hoe werkt het",
    "things_to_notice": "Let op",
    "things_to_try": "Probeer eens",
    # gallery and projector
    "gallery_title": "Galerij van de groep",
    "alt_gallery": ("Grafiek van de galerij: per team de publieke kosten per inwoner per jaar "
                    "tegen de gemiddelde levenstevredenheid, met 95%-intervallen, de "
                    "uitgangssituatie en het budget; de tabel eronder geeft de getallen"),
    "alt_qr": "QR-code van de deelnamelink: {link}",
    "gallery_empty": "Nog geen inzendingen in deze ronde.",
    "gallery_team": "Team",
    "gallery_cost": "Publieke kosten (€ per inwoner per jaar)",
    "gallery_wellbeing": "Levenstevredenheid, gemiddeld (0-10)",
    "gallery_within_budget": "Binnen budget",
    "gallery_interval": "De balken tonen 95%-intervallen over de {seeds} herhalingen.",
    "gallery_budget_line": "Budget",
    "yes": "ja",
    "no": "nee",
    "projector_title": "Kamer {code}: {title}",
    "projector_join": "Doe mee via {url} met code {code}",
    "projector_teams": "{teams} teams, {submissions} inzendingen",
    # facilitator
    "fac_title": "Begeleider",
    "fac_choose_exercise": "Kies een oefening",
    "fac_create_room": "Open een kamer",
    "fac_key_note": "Begeleiderssleutel: {key}. Houd hem voor jezelf: hiermee bestuur je de "
                    "kamer.",
    "fac_key_label": "Begeleiderssleutel",
    "fac_preparing": "De kosten per keuze worden berekend (een korte simulatie per keuze)…",
    "fac_lock": "Insturen sluiten",
    "fac_unlock": "Insturen openen",
    "fac_reveal_twist": "Onthul de wending",
    "fac_twist_revealed": "De wending geldt vanaf ronde {round}.",
    "fac_new_round": "Nieuwe ronde starten",
    "fac_confirm_twist": ("De wending onthullen aan alle teams? Vanaf nu heeft elke "
                          "doorrekening, ook de uitgangssituatie, de wending. Dit kan niet "
                          "ongedaan worden gemaakt."),
    "fac_confirm_new_round": ("Ronde {round} starten? De galerij begint leeg; de inzendingen "
                              "tot nu toe blijven in de export. Dit kan niet ongedaan worden "
                              "gemaakt."),
    "confirm_yes": "Ja, doorgaan",
    "confirm_cancel": "Annuleren",
    "fac_export": "Alle inzendingen downloaden (CSV)",
    "fac_open_run": "Open de doorrekening van dit team",
    "fac_compare": "Zet twee teams naast elkaar",
    "fac_package": "Pakket",
    "fac_projector": "Beamerweergave",
    "fac_lan_warning": "Deze app is bereikbaar op het lokale netwerk. Iedereen op dat netwerk "
                       "die de kamercode kent, kan meedoen.",
    # errors
    "error_unknown_room": "Er is geen kamer met code {code}.",
    "error_team_name": "Deze teamnaam kan niet: gebruik 1 tot {max} letters, cijfers, spaties "
                       "en . , ! ? ( ) ' - en begin met een letter of cijfer.",
    "error_team_taken": "Er is al een team dat {name} heet. Is dat jullie team? Gebruik dan "
                        "jullie pincode.",
    "error_room_full": "Deze kamer is vol ({max} teams).",
    "error_unknown_pin": "Geen team in kamer {code} heeft deze pincode.",
    "error_too_many_tries": "Te vaak verkeerd geprobeerd. Wacht {seconds} s en probeer het "
                            "opnieuw.",
    "error_too_many_rooms": "Er zijn het afgelopen uur {max} kamers geopend. Wacht even voor "
                            "je er nog een opent.",
    "error_locked": "Kamer {code} is gesloten: insturen kan even niet.",
    "error_busy": "Team {name} heeft al een doorrekening lopen. Wacht tot die klaar is.",
    "error_not_facilitator": "Verkeerde begeleiderssleutel voor kamer {code}.",
    "error_no_twist": "Kamer {code} heeft geen wending om te onthullen.",
    "error_unknown_submission": "Er is geen inzending {id}.",
    "error_package": "Dit pakket kan niet: {details}",
    # workshop pages (home, facilitator, projector, team)
    "home_intro": "Een spel voor de groep: de begeleider opent een kamer; teams doen mee met de "
                  "kamercode, kiezen een beleidspakket binnen het budget en zien de uitkomst "
                  "van elk team in de galerij.",
    "home_facilitator": "Ik ben de begeleider",
    "home_participant": "Ik doe mee",
    "fac_exercise_facts": "{years:g} jaar, {residents:,} inwoners, {seeds} herhalingen, "
                          "budget € {budget:,.0f} per inwoner per jaar",
    "fac_reopen_title": "Een kamer heropenen (kamercode en begeleiderssleutel)",
    "fac_reopen_button": "Kamer heropenen",
    "fac_join_link": "Link om mee te doen",
    "fac_status": "Ronde {round} · {teams} teams · {submissions} inzendingen · {state}",
    "fac_state_open": "insturen open",
    "fac_state_locked": "insturen gesloten",
    "fac_prepare_failed": "Het berekenen van de kosten per keuze is mislukt: {details}",
    "fac_team_a": "Team (A)",
    "fac_team_b": "Tweede team (B, niet verplicht)",
    "fac_run_legend": "{legend}; de eerste herhaling van de kamer (seed {seed}).",
    "fac_close_room": "Deze kamer sluiten in dit venster",
    "fac_show_key": "Toon de sleutel",
    "fac_hide_key": "Verberg de sleutel",
    "projector_no_room": "Geen kamer opgegeven: open de beamerweergave vanaf de "
                         "begeleiderspagina.",
    "fac_local_link": "Deze deelnamelink wijst alleen naar deze computer: telefoons in de zaal "
                      "kunnen hem niet openen. Start de workshop met `wijksim workshop --lan` "
                      "om het lokale netwerk te bedienen.",
    "error_projector_token": "Deze beamerlink geldt niet voor kamer {code}: open de "
                             "beamerweergave vanaf de begeleiderspagina.",
    "projector_timeline": "Tijdlijn",
    "timeline_round": "Ronde {round}: {teams} teams",
    "timeline_twist": "wending",
    "round_header": "Ronde",
    "team_not_joined": "Deze browser hoort nog niet bij een team.",
    "team_leave": "Dit team verlaten op dit apparaat",
    "gallery_after_submit": "De galerij van de groep verschijnt hier zodra jullie team in deze "
                            "ronde iets heeft ingestuurd.",
    "error_generic": "Dat lukte niet: {details}",
    # lever, value and outcome labels
    "lever.generalists.enabled": "Sociale wijkteams",
    "lever.generalists.shifted_specialists": "Deel van de specialisten dat overgaat naar de "
                                             "wijkteams",
    "lever.generalists.outreach_share": "Uren van het wijkteam voor outreach ('erop af')",
    "lever.conferences.enabled": "Eigen Kracht-conferenties",
    "lever.community_centre.mode": "Buurthuis",
    "lever.specialists.per_1000_residents": "Specialisten per 1.000 inwoners (fte)",
    "lever.mutual_aid.enabled": "Broodfondsen",
    "lever.buddies.enabled": "Maatjesnetwerken (KeyRing)",
    "lever.carer_support.enabled": "Mantelzorgondersteuning en respijtzorg",
    "lever.municipality.network_rationing": "Kans dat de indicatiestelling iemand met een "
                                            "netwerk terugverwijst ('gebruik je eigen kracht')",
    "value.true": "aan",
    "value.false": "uit",
    "value.none": "geen",
    "value.municipal": "gemeentelijk (betaalde krachten)",
    "value.self_managed": "in zelfbeheer van bewoners",
    "outcome.cost_total": "Publieke kosten",
    "outcome.wellbeing_mean": "Levenstevredenheid, gemiddeld (0-10)",
    "outcome.wellbeing_p10": "Levenstevredenheid, 10e percentiel",
    "outcome.wellbeing_no_network": ("Levenstevredenheid van inwoners zonder iemand om op "
                                     "terug te vallen"),
    "outcome.wellbeing_multi_problem": "Levenstevredenheid in multiprobleemhuishoudens",
    "outcome.professionals_per_mph": "Hulpverleners per multiprobleemhuishouden in zorg",
    "outcome.share_unmet_need": "Inwoners met een onvervulde hulpvraag",
    "outcome.share_low_wellbeing": "Inwoners met een lage levenstevredenheid (onder 6)",
    "outcome.share_carers_overloaded": "Overbelaste mantelzorgers",
    "outcome.share_hiding_network": "Inwoners die hun netwerk verzwijgen",
    "outcome.volunteer_hours": "Vrijwilligersuren",
}

STRINGS: dict[str, dict[str, str]] = {"en": _EN, "nl": _NL}


_TEXTS = Texts("app/workshop/i18n.py", en=_EN, nl=_NL)


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``.

    Numbers are written in the language's notation (:func:`number`).

    Raises:
        KeyError: For an unknown language or a key with no text in that language (the message
            names both).
    """
    return _TEXTS(key, lang, **params)


def outcome_label(name: str, lang: str) -> str:
    """The label of an outcome in ``lang``; the model's English label if it has none here."""
    key = f"outcome.{name}"
    if key in STRINGS.get(lang, {}):
        return t(key, lang)
    return OUTCOME_BY_NAME[name].label


def lever_label(path: str, lang: str, fallback: str | None = None) -> str:
    """The label of a lever; ``fallback`` (the parameter's English label) if it has none."""
    key = f"lever.{path}"
    if key in STRINGS.get(lang, {}) or fallback is None:
        return t(key, lang)
    return fallback


def value_label(value: Any, lang: str) -> str:
    """How a lever value is shown: on/off, a translated choice, or the number."""
    if isinstance(value, bool):
        return t(f"value.{str(value).lower()}", lang)
    if isinstance(value, str):
        return t(f"value.{value}", lang) if f"value.{value}" in STRINGS[lang] else value
    return number(value, lang, "g")


# --------------------------------------------------------------------------- teaching texts


def scenario_title(scenario: Scenario, lang: str) -> str:
    """The scenario's title in ``lang`` (Dutch from ``docs/workshop/teaching_nl``)."""
    if lang == "en":
        return scenario.title
    return _dutch(scenario)[0]


def scenario_teaching(scenario: Scenario, lang: str) -> Teaching | None:
    """The scenario's teaching text in ``lang``; things to try keep the scenario's changes.

    Raises:
        LookupError: If there is no Dutch text for this scenario.
        ScenarioError: If the Dutch file is malformed (``file:line`` messages).
    """
    if lang == "en" or scenario.teaching is None:
        return scenario.teaching
    return _dutch(scenario)[1]


def has_dutch_teaching(name: str) -> bool:
    """Whether ``docs/workshop/teaching_nl/<name>.yaml`` exists."""
    return (TEACHING_NL_DIR / f"{name}.yaml").is_file()


def _dutch(scenario: Scenario) -> tuple[str, Teaching]:
    path = TEACHING_NL_DIR / f"{scenario.name}.yaml"
    if not path.is_file():
        raise LookupError(f"no Dutch teaching text for scenario {scenario.name!r}: add {path}")
    return load_dutch_teaching(path, scenario)


def load_dutch_teaching(path: Path, scenario: Scenario) -> tuple[str, Teaching]:
    """Read a Dutch teaching file and pair its things to try with the scenario's changes.

    Raises:
        ScenarioError: With ``file:line`` messages for unknown keys, missing texts or a
            different number of things to try or to notice than the English scenario.
    """
    data, duplicates = read_yaml(path.read_text(encoding="utf-8"), str(path))
    report = ProblemReport(str(path), duplicates)
    if not isinstance(data, YamlMap):
        report.add(1, "expected a mapping with " + ", ".join(TEACHING_KEYS))
        report.raise_if_any()
    check_keys(data, TEACHING_KEYS, TEACHING_KEYS[:3], "", report, 1)
    texts = {key: _text(data, key, report) for key in TEACHING_KEYS[:3]}
    english = scenario.teaching or Teaching("", "")
    notice = _sentences(data, "things_to_notice", len(english.things_to_notice), report)
    tries = _sentences(data, "things_to_try", len(english.things_to_try), report)
    report.raise_if_any()
    teaching = Teaching(texts["what_is_it"], texts["how_it_works"], tuple(notice),
                        tuple(TryThis(text, dict(item.set))
                              for text, item in zip(tries, english.things_to_try, strict=True)))
    return texts["title"], teaching


def _text(data: YamlMap, key: str, report: ProblemReport) -> str:
    value = data.get(key)
    if key in data and (not isinstance(value, str) or not value.strip()):
        report.add(data.lines[key], f"{key}: expected text")
        return ""
    return " ".join(str(value or "").split())


def _sentences(data: YamlMap, key: str, expected: int, report: ProblemReport) -> list[str]:
    value = data.get(key, YamlSeq(1, []))
    line = data.lines.get(key, 1)
    if not isinstance(value, YamlSeq) or not all(isinstance(v, str) and v.strip()
                                                 for v in value):
        report.add(line, f"{key}: expected a list of sentences")
        return []
    if len(value) != expected:
        report.add(line, f"{key}: {len(value)} sentences here but {expected} in the English "
                   "scenario; keep them in the same order")
    return [" ".join(v.split()) for v in value]


__all__ = ["LANGUAGES", "STRINGS", "ScenarioError", "has_dutch_teaching", "lever_label", "number",
           "load_dutch_teaching", "scenario_teaching", "scenario_title", "t", "value_label"]
