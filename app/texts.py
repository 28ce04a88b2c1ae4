"""Dutch and English texts of the what-if app, and the session's language.

Every text the page shows comes from :data:`TEXTS` (the same keys in both languages: a test
checks it, and another that the page's code writes no text of its own) or from the model's
labels (:mod:`wijksim.analysis.language`). Numbers are written in the language's notation.

The language is the session's :data:`LANG`: from the link (``lang=nl``), else what this
browser chose before (``localStorage``), else the browser's own language.
"""

from __future__ import annotations

from typing import Any

import solara

from wijksim.analysis.language import LANGUAGES, Texts

DEFAULT_LANGUAGE = "en"

_EN: dict[str, str] = {
    # page
    "app_title": "wijksim: what-if explorer",
    "menu_label": "Show or hide the controls",
    "language": "Language",
    "intro": ("Civil society and institutional care in a Dutch neighbourhood. Pick a scenario, "
              "move the levers, run. The address bar is a link to these settings."),
    "link_problems": "Parts of the link could not be used:",
    "seed_label": "Seed (whole number)",
    "new_seed": "New seed",
    "bad_seed": "the seed must be a whole number, 0 or more; got '{text}'",
    "residents": "Residents: {residents:,}",
    "years": "Years: {years}",
    "compare": "Compare with scenario B (starts as a copy of A)",
    "colour.wellbeing": "life satisfaction",
    "colour.need": "need",
    "colour_by": "Colour the neighbourhood by",
    # run controls
    "step": "Step",
    "play": "Play",
    "pause": "Pause",
    "reset": "Reset",
    "weeks_to_run": "Weeks to run: {weeks}",
    "run_weeks": "Run {weeks} weeks",
    "redraw": "Redraw every (weeks)",
    "redraw_auto": "auto (twice a second)",
    # results
    "week_counter": "Week {week} of {end} (seed {seed})",
    "grid_title": "Scenario {side}, week {week}",
    "branch_note": ("B branched from A at week {week}: they share every week before it, B "
                    "follows its own settings after it (change A, the seed or the residents, or "
                    "Reset, to start both again)."),
    "weekly_heading": ("**Scenario {side}, week by week** (hover for values, click a legend "
                       "entry to hide a line, scroll or drag the bar to zoom)"),
    "weekly_alt": ("Weekly charts of scenario {side}: public cost by category, life "
                   "satisfaction (mean and 10th percentile), unmet need, carers overloaded, "
                   "waiting, informal versus formal hours; the table above gives the averages"),
    "diff_heading": "**B minus A, week by week, on the same seed**",
    "diff_alt": ("Weekly differences B minus A on the same seed (cost by contract form, life "
                 "satisfaction, unmet need, carers overloaded, waiting, hours)"),
    "groups_title": "Who gains and who loses",
    "run_some_weeks": ("Run some weeks to see the averages (costs and hours per resident per "
                       "year, levels averaged over the weeks run)."),
    "averages_over": ("Averages over weeks 1-{weeks} (one seed; when the run ends, {seeds} seeds "
                      "give 95% intervals below)."),
    "col_outcome": "outcome",
    "col_group": "group",
    "col_wellbeing": "Life satisfaction (0-10) {side}",
    "col_unmet": "Unmet need (h/week per person) {side}",
    "groups_note": ("Each group is who is in it each week (a policy that gives people a network "
                    "or own strength also changes who is counted; low income is fixed). One "
                    "seed."),
    "same_as_a": "the same as A",
    "cost_more": "{amount} per resident per year more than A",
    "cost_less": "{amount} per resident per year less than A",
    "unchanged": "unchanged",
    "points_higher": "{value} points higher",
    "points_lower": "{value} points lower",
    "hours_more": "{value} hours per resident per year more",
    "hours_less": "{value} hours per resident per year less",
    "in_words": ("So far, B costs {spend}; the life satisfaction of the worst-off 10% is {p10} "
                 "and unmet need {unmet} (one seed: the replications below say how sure)."),
    "robustness_title": "Across plausible worlds (robustness runs)",
    "robustness_note": ("{better} beats {reference} on {outcome} in {share} ({low}-{high}) of "
                        "{worlds} plausible worlds (robustness run {run})"),
    # replications
    "seeds_intervals": "{seeds} seeds; 95% intervals over the seeds.",
    "seeds_intervals_paired": "{seeds} seeds; 95% intervals over the seeds, B - A paired seed "
                              "by seed.",
    "interval": "{mean} ({low} to {high})",
    "interval_sentence": ("B costs {amount} per resident per year {more_or_less} than A (95% "
                          "interval {low} to {high}); the life satisfaction of the worst-off "
                          "10% changes by {p10} points (95% interval {p10_low} to {p10_high})."),
    "more": "more",
    "less": "less",
    "replications_progress": "Replications for 95% intervals: {done} done",
    "replications_title": "Replications (bands over seeds)",
    "replications_count": "Replications: {count}",
    "run_replications": "Run {count} replications of {years} years",
    "bands_heading": "{count} replications, seeds {first}..{last}: mean and 10-90% band",
    "bands_alt": ("Replications: weekly mean and 10-90% band over the seeds per scenario; the "
                  "table above gives the means with 95% intervals"),
    # downloads
    "export_settings": "Export settings {side} as scenario YAML",
    "download_run": "Download run data (CSV) and provenance (zip)",
    # one side's settings
    "scenario_side": "Scenario {side}",
    "upload_title": "Upload or paste a scenario YAML ({side})",
    "drop_label": "Drop a scenario .yaml file here",
    "paste_label": "Paste scenario YAML ({side})",
    "load_pasted": "Load pasted YAML ({side})",
    "cannot_load": "This scenario could not be loaded:",
    "cannot_run": "These settings cannot run:",
    "about": "About: {title}",
    "what_is_it": "What is it?",
    "how_it_works": "How it works.",
    "things_to_notice": "Things to notice",
    "things_to_try": "Things to try",
    "try_this": "Try this",
    "policy_levers": "Policy levers",
    "undo_levers": "Undo lever changes",
    "later_changes": "At the start; then {changes} (see Dated changes)",
    "from_year": "from year {year} (week {week})",
    "from_week": "from week {week}",
    "dated_title": "Dated changes ({count})",
    "dated_help": ("These changes come into force at their dates, on top of the levers (which "
                   "set the start). Edit a value here to change it at its date."),
    "all_parameters": "All parameters",
    "section": "Section",
    "on": "on",
    "off": "off",
    # charts
    "chart_cost_by_category": "Public cost by category, {side}",
    "chart_side": "{title}, {side}",
    "chart_difference": "{title}: B - A",
    "chart_band": "{title}: {line}",
    "chart_described": "Chart: {title}; lines: {lines}",
    "week_axis": "week",
    "panel.wellbeing": "Life satisfaction",
    "panel.unmet": "Unmet need",
    "panel.overloaded": "Carers overloaded",
    "panel.waiting": "Waiting",
    "panel.hours": "Informal versus formal hours",
    "panel.contract": "Public cost by contract form",
    "line.mean": "mean",
    "line.p10": "10th percentile",
    "line.unmet": "unmet need",
    "line.share_of_carers": "share of carers",
    "line.waited": "time waited so far",
    "line.informal": "informal",
    "line.specialist": "specialist",
    "line.generalist": "generalist",
    "line.in_force": "in force",
    "line.per_hour": "per hour",
    "line.per_client": "per client",
    "line.capacity": "capacity",
    "grid.wellbeing": "Life satisfaction (0-10)",
    "grid.need": "Need for care (h/week)",
    "place.specialist": "Specialist (on a home visit)",
    "place.generalist": "Generalist (on a home visit)",
    "place.agency": "Specialist agency desk",
    "place.circle": "Mutual-aid circle",
    "place.buddy": "Buddy network",
    "place.centre": "Community centre ({mode}, {running} running)",
    "centre.municipal": "municipal",
    "centre.self_managed": "self-managed",
    "grid_nothing": "no professionals or institutions",
    "grid_described": ("{title}: the neighbourhood's cells coloured by {colour} (mean of the "
                       "residents living there); {places}"),
    "cell_residents": "residents",
    # problems with a link (the key and value as they are in the link)
    "link.bad_lang": "link: lang={raw}: expected one of {choices}",
    "link.bad_seed": "link: seed={raw}: the seed must be a whole number, 0 or more",
    "link.not_whole": "link: {name}={raw}: expected a whole number",
    "link.out_of_range": "link: {name}={raw}: expected {lo} to {hi}",
    "link.uploaded": ("link: scenario {side} was uploaded in the session that made the link and "
                      "cannot travel in it; its lever changes are shown on the baseline (export "
                      "the scenario as YAML to share it)"),
    "link.no_scenario": "link: {key}={raw}: no such shipped scenario",
    "link.no_scenario_hint": "link: {key}={raw}: no such shipped scenario (did you mean {close}?)",
    "link.scenario_error": "link: {key}={raw}: {problem}",
    "link.not_a_setting": "link: {name}={raw}: not a setting of this page",
    "link.side_missing": "link: {name}: scenario {side} is not in the link",
    "link.no_parameter": "link: {name}: no such parameter",
    "link.no_parameter_hint": "link: {name}: no such parameter (did you mean {close}?)",
    "link.expected_bool": "link: {name}={raw}: expected true or false",
    "link.expected_choice": "link: {name}={raw}: expected one of {choices}",
    "link.expected_number": "link: {name}={raw}: expected a number",
    "link.expected_whole": "link: {name}={raw}: expected a whole number",
    "link.no_dated": "link: {name}: the scenario has no such dated change",
    # the municipality option
    "municipality_title": "A municipality: these settings in every neighbourhood of a town",
    "municipality_intro": ("Scenario A with its levers, run in each of the 8 neighbourhoods of "
                           "Voorbeelddorp, a **made-up** example town of 26,070 residents "
                           "(`scenarios/municipalities/example_town.csv`), for {years} years, "
                           "seed {seed}. The neighbourhoods share the specialist providers (one "
                           "waiting list per domain) and one budget; each has its own team, "
                           "centre and residents. Setting them up takes a little while."),
    "municipality_run": "Run the town",
    "municipality_failed": "The town could not be run: {error}",
    "municipality_progress": "Setting up the neighbourhoods: {done}",
    "municipality_column_name": "Neighbourhood",
    "municipality_column_residents": "Residents",
    "municipality_row": "Municipality",
    "municipality_map_alt": ("Map of the town's neighbourhoods coloured by public cost, the "
                             "worst-off 10%'s life satisfaction and unmet need; the table above "
                             "gives the same figures"),
}

_NL: dict[str, str] = {
    # page
    "app_title": "wijksim: wat-als-verkenner",
    "menu_label": "Instellingen tonen of verbergen",
    "language": "Taal",
    "intro": ("Burgerkracht en institutionele zorg in een Nederlandse wijk. Kies een scenario, "
              "verschuif de hendels en laat het model draaien. De adresbalk is een link naar "
              "deze instellingen."),
    "link_problems": "Delen van de link konden niet worden gebruikt:",
    "seed_label": "Seed (geheel getal)",
    "new_seed": "Nieuwe seed",
    "bad_seed": "de seed moet een geheel getal zijn, 0 of meer; ingevuld: '{text}'",
    "residents": "Inwoners: {residents:,}",
    "years": "Jaren: {years}",
    "compare": "Vergelijken met scenario B (begint als kopie van A)",
    "colour.wellbeing": "levenstevredenheid",
    "colour.need": "zorgbehoefte",
    "colour_by": "Kleur de wijk naar",
    # run controls
    "step": "Stap",
    "play": "Start",
    "pause": "Pauze",
    "reset": "Opnieuw",
    "weeks_to_run": "Weken vooruit: {weeks}",
    "run_weeks": "{weeks} weken vooruit",
    "redraw": "Opnieuw tekenen elke (weken)",
    "redraw_auto": "automatisch (twee keer per seconde)",
    # results
    "week_counter": "Week {week} van {end} (seed {seed})",
    "grid_title": "Scenario {side}, week {week}",
    "branch_note": ("B is in week {week} van A afgetakt: tot die week zijn ze gelijk, daarna "
                    "volgt B zijn eigen instellingen (verander A, de seed of het aantal inwoners, "
                    "of kies Opnieuw, om beide opnieuw te laten beginnen)."),
    "weekly_heading": ("**Scenario {side}, week na week** (wijs een punt aan voor de waarden, "
                       "klik op een legenda-item om een lijn te verbergen, scrol of sleep de "
                       "balk om in te zoomen)"),
    "weekly_alt": ("Wekelijkse grafieken van scenario {side}: publieke kosten per soort, "
                   "levenstevredenheid (gemiddelde en 10e percentiel), onvervulde hulpvraag, "
                   "overbelaste mantelzorgers, wachten, informele tegenover formele uren; de "
                   "tabel hierboven geeft de gemiddelden"),
    "diff_heading": "**B min A, week na week, met dezelfde seed**",
    "diff_alt": ("Wekelijkse verschillen B min A met dezelfde seed (kosten per contractvorm, "
                 "levenstevredenheid, onvervulde hulpvraag, overbelaste mantelzorgers, wachten, "
                 "uren)"),
    "groups_title": "Wie wint en wie verliest",
    "run_some_weeks": ("Laat het model een paar weken draaien om de gemiddelden te zien (kosten "
                       "en uren per inwoner per jaar, niveaus gemiddeld over de gedraaide "
                       "weken)."),
    "averages_over": ("Gemiddelden over week 1-{weeks} (één seed; als de run klaar is, geven "
                      "{seeds} seeds hieronder 95%-intervallen)."),
    "col_outcome": "uitkomst",
    "col_group": "groep",
    "col_wellbeing": "Levenstevredenheid (0-10) {side}",
    "col_unmet": "Onvervulde hulpvraag (u/week per persoon) {side}",
    "groups_note": ("Elke groep bestaat uit wie er die week in valt (beleid dat mensen een "
                    "netwerk of eigen kracht geeft, verandert ook wie er meetelt; een laag "
                    "inkomen ligt vast). Eén seed."),
    "same_as_a": "evenveel als A",
    "cost_more": "{amount} per inwoner per jaar meer dan A",
    "cost_less": "{amount} per inwoner per jaar minder dan A",
    "unchanged": "onveranderd",
    "points_higher": "{value} punt hoger",
    "points_lower": "{value} punt lager",
    "hours_more": "{value} uur per inwoner per jaar hoger",
    "hours_less": "{value} uur per inwoner per jaar lager",
    "in_words": ("Tot nu toe kost B {spend}; de levenstevredenheid van de 10% die het slechtst "
                 "af is, is {p10} en de onvervulde hulpvraag {unmet} (één seed: de replicaties "
                 "hieronder laten zien hoe zeker dat is)."),
    "robustness_title": "Over plausibele werelden (robuustheidsruns)",
    "robustness_note": ("{better} doet het beter dan {reference} op {outcome} in {share} "
                        "({low}-{high}) van {worlds} plausibele werelden (robuustheidsrun {run})"),
    # replications
    "seeds_intervals": "{seeds} seeds; 95%-intervallen over de seeds.",
    "seeds_intervals_paired": ("{seeds} seeds; 95%-intervallen over de seeds, B - A gepaard per "
                               "seed."),
    "interval": "{mean} ({low} tot {high})",
    "interval_sentence": ("B kost {amount} per inwoner per jaar {more_or_less} dan A "
                          "(95%-interval {low} tot {high}); de levenstevredenheid van de 10% die "
                          "het slechtst af is, verandert met {p10} punt (95%-interval {p10_low} "
                          "tot {p10_high})."),
    "more": "meer",
    "less": "minder",
    "replications_progress": "Replicaties voor 95%-intervallen: {done} klaar",
    "replications_title": "Replicaties (banden over seeds)",
    "replications_count": "Replicaties: {count}",
    "run_replications": "{count} replicaties van {years} jaar draaien",
    "bands_heading": "{count} replicaties, seeds {first}..{last}: gemiddelde en 10-90%-band",
    "bands_alt": ("Replicaties: wekelijks gemiddelde en 10-90%-band over de seeds per "
                  "scenario; de tabel hierboven geeft de gemiddelden met 95%-intervallen"),
    # downloads
    "export_settings": "Instellingen {side} exporteren als scenario-YAML",
    "download_run": "Rundata (CSV) en herkomst downloaden (zip)",
    # one side's settings
    "scenario_side": "Scenario {side}",
    "upload_title": "Een scenario-YAML uploaden of plakken ({side})",
    "drop_label": "Sleep een scenariobestand (.yaml) hierheen",
    "paste_label": "Scenario-YAML plakken ({side})",
    "load_pasted": "Geplakte YAML laden ({side})",
    "cannot_load": "Dit scenario kon niet worden geladen:",
    "cannot_run": "Met deze instellingen kan het model niet draaien:",
    "about": "Over: {title}",
    "what_is_it": "Wat is het?",
    "how_it_works": "Hoe werkt het?",
    "things_to_notice": "Let op",
    "things_to_try": "Probeer eens",
    "try_this": "Probeer dit",
    "policy_levers": "Beleidshendels",
    "undo_levers": "Wijzigingen van de hendels ongedaan maken",
    "later_changes": "Bij de start; daarna {changes} (zie Wijzigingen in de tijd)",
    "from_year": "vanaf jaar {year} (week {week})",
    "from_week": "vanaf week {week}",
    "dated_title": "Wijzigingen in de tijd ({count})",
    "dated_help": ("Deze wijzigingen gaan op hun datum in, bovenop de hendels (die de start "
                   "bepalen). Pas hier een waarde aan om haar op die datum te veranderen."),
    "all_parameters": "Alle parameters",
    "section": "Onderdeel",
    "on": "aan",
    "off": "uit",
    # charts
    "chart_cost_by_category": "Publieke kosten per soort, {side}",
    "chart_side": "{title}, {side}",
    "chart_difference": "{title}: B - A",
    "chart_band": "{title}: {line}",
    "chart_described": "Grafiek: {title}; lijnen: {lines}",
    "week_axis": "week",
    "panel.wellbeing": "Levenstevredenheid",
    "panel.unmet": "Onvervulde hulpvraag",
    "panel.overloaded": "Overbelaste mantelzorgers",
    "panel.waiting": "Wachten",
    "panel.hours": "Informele tegenover formele uren",
    "panel.contract": "Publieke kosten per contractvorm",
    "line.mean": "gemiddelde",
    "line.p10": "10e percentiel",
    "line.unmet": "onvervulde hulpvraag",
    "line.share_of_carers": "aandeel van de mantelzorgers",
    "line.waited": "tot nu toe gewacht",
    "line.informal": "informeel",
    "line.specialist": "specialist",
    "line.generalist": "generalist",
    "line.in_force": "geldend",
    "line.per_hour": "per uur",
    "line.per_client": "per cliënt",
    "line.capacity": "capaciteit",
    "grid.wellbeing": "Levenstevredenheid (0-10)",
    "grid.need": "Zorgbehoefte (u/week)",
    "place.specialist": "Specialist (op huisbezoek)",
    "place.generalist": "Generalist (op huisbezoek)",
    "place.agency": "Balie van een specialistische instelling",
    "place.circle": "Kring voor onderlinge hulp",
    "place.buddy": "Maatjesnetwerk",
    "place.centre": "Buurthuis ({mode}, {running} draaiend)",
    "centre.municipal": "gemeentelijk",
    "centre.self_managed": "in zelfbeheer",
    "grid_nothing": "geen professionals of instellingen",
    "grid_described": ("{title}: de vakjes van de wijk gekleurd naar {colour} (gemiddelde van "
                       "de inwoners die er wonen); {places}"),
    "cell_residents": "inwoners",
    # problems with a link (the key and value as they are in the link)
    "link.bad_lang": "link: lang={raw}: verwacht een van {choices}",
    "link.bad_seed": "link: seed={raw}: de seed moet een geheel getal zijn, 0 of meer",
    "link.not_whole": "link: {name}={raw}: verwacht een geheel getal",
    "link.out_of_range": "link: {name}={raw}: verwacht {lo} tot en met {hi}",
    "link.uploaded": ("link: scenario {side} is geüpload in de sessie die de link maakte en kan "
                      "niet mee in de link; de wijzigingen van de hendels staan op de "
                      "uitgangssituatie (exporteer het scenario als YAML om het te delen)"),
    "link.no_scenario": "link: {key}={raw}: geen meegeleverd scenario met die naam",
    "link.no_scenario_hint": ("link: {key}={raw}: geen meegeleverd scenario met die naam "
                              "(bedoelt u {close}?)"),
    "link.scenario_error": "link: {key}={raw}: het bestand laadt niet: {problem}",
    "link.not_a_setting": "link: {name}={raw}: geen instelling van deze pagina",
    "link.side_missing": "link: {name}: scenario {side} staat niet in de link",
    "link.no_parameter": "link: {name}: die parameter bestaat niet",
    "link.no_parameter_hint": "link: {name}: die parameter bestaat niet (bedoelt u {close}?)",
    "link.expected_bool": "link: {name}={raw}: verwacht true of false",
    "link.expected_choice": "link: {name}={raw}: verwacht een van {choices}",
    "link.expected_number": "link: {name}={raw}: verwacht een getal",
    "link.expected_whole": "link: {name}={raw}: verwacht een geheel getal",
    "link.no_dated": "link: {name}: het scenario heeft geen wijziging in de tijd met dat nummer",
    # the municipality option
    "municipality_title": "Een gemeente: deze instellingen in elke wijk van een dorp",
    "municipality_intro": ("Scenario A met zijn knoppen, gedraaid in elk van de 8 wijken van "
                           "Voorbeelddorp, een **verzonnen** voorbeelddorp van 26.070 inwoners "
                           "(`scenarios/municipalities/example_town.csv`), {years} jaar lang, "
                           "seed {seed}. De wijken delen de specialistische aanbieders (één "
                           "wachtlijst per domein) en één budget; elke wijk heeft een eigen "
                           "team, buurthuis en bewoners. Het opzetten duurt even."),
    "municipality_run": "Draai het dorp",
    "municipality_failed": "Het dorp kon niet worden doorgerekend: {error}",
    "municipality_progress": "De wijken worden opgezet: {done}",
    "municipality_column_name": "Wijk",
    "municipality_column_residents": "Inwoners",
    "municipality_row": "Gemeente",
    "municipality_map_alt": ("Kaart van de wijken van het dorp, gekleurd naar publieke kosten, "
                             "de levenstevredenheid van de 10% die het slechtst af zijn en "
                             "onvervulde hulpvraag; de tabel hierboven geeft dezelfde cijfers"),
}

TEXTS = Texts("app/texts.py", en=_EN, nl=_NL)

# the session's language (a Solara reactive is per browser session)
LANG = solara.reactive(DEFAULT_LANGUAGE)


def tr(key: str, /, **params: Any) -> str:
    """``key``'s text in the session's language (:data:`LANG`)."""
    return TEXTS(key, LANG.value, **params)


@solara.component_vue("language_memory.vue")
def LanguageMemory(lang: str, event_loaded=None):
    """Reads the language this browser chose before, and remembers ``lang`` (localStorage)."""


@solara.component
def LanguageSwitch(linked: str | None = None):
    """NL | EN, remembered by the browser; ``linked``: the language a link asked for.

    At the start the link's language wins, then the browser's earlier choice, then the
    browser's own language (Dutch if it is Dutch).
    """
    # the browser remembers the language once it is known: from the link at once, else after
    # the browser has said what it remembers (so that the default does not overwrite that)
    known, set_known = solara.use_state(bool(linked))

    def loaded(data: dict):
        stored = data.get("stored")
        if linked:
            pass
        elif stored in LANGUAGES:
            LANG.set(stored)
        elif str(data.get("browser", "")).startswith("nl"):
            LANG.set("nl")
        set_known(True)

    LanguageMemory(lang=LANG.value if known else "", event_loaded=loaded)
    with solara.Row(style={"align-items": "center"}, classes=["lang-row"]):
        solara.Text(TEXTS("language", LANG.value))
        solara.ToggleButtonsSingle(value=LANG.value.upper(), values=["NL", "EN"],
                                   on_value=lambda v: LANG.set(v.lower()),
                                   classes=["lang-switch"])
