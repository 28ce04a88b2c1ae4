"""The sweep report's texts in English and Dutch, and its numbers in each language's notation.

One :class:`~wijksim.analysis.language.Texts` catalogue (:data:`TEXTS`) for the report
(``analysis.report``), its tables (``analysis.tables``), cells (``analysis.document``) and
figures (``analysis.plots``). The model's labels (outcomes, units, groups, parameters) come from
:mod:`wijksim.analysis.language`, not from here.

Words that are the same in both languages ("scenario", "parameter", "week", "S1") are not in
the catalogue: they are written as they are.
"""

from __future__ import annotations

from wijksim.analysis.language import Texts, check_language, number

__all__ = ["TEXTS", "fmt"]


def fmt(value, lang: str, spec: str = "") -> str:
    """``value`` in ``lang``'s notation: English exactly as Python's ``format`` writes it.

    (The English report predates the Dutch one and must not change by a rounding digit, so
    English keeps Python's formatting; Dutch uses :func:`~wijksim.analysis.language.number`.)
    """
    if check_language(lang) == "en":
        return format(value, spec)
    return number(value, lang, spec)


TEXTS = Texts("wijksim.analysis.report_texts", en={
    # ------------------------------------------------------------------ title and cells
    "title": "wijksim report: {name}",
    "yes": "yes",
    "no": "no",
    "interval": "{mean} ({low} to {high})",
    "outcome": "outcome",
    # ------------------------------------------------------------------ runs
    "runs.heading": "Runs",
    "runs.shared": " ({files} result files; design rows with identical inputs share one)",
    "runs.summary": ("{runs} finished runs{shared} of {scenarios} scenarios ({names}), seeds "
                     "{seeds}; {failed} failed; {missing} planned but not run"),
    "runs.stale": "; {stale} files of an earlier design left out.",
    "runs.versions": ("**Warning: the runs come from {versions} different versions of the "
                      "code** ({counts}). Differences between scenarios may be differences "
                      "between code versions; run the sweep again into a new folder."),
    "runs.version_count": "{version}: {runs} runs",
    "runs.failed": "**{failed} failed runs** (left out of every table below):",
    "runs.missing": "Planned runs with no result yet: {keys}",
    "runs.units": ("Flows (costs, hours) are per resident per year; levels and shares are "
                   "averaged over the weeks. Intervals are 95% t-intervals of the mean across "
                   "runs"),
    "runs.pooled": " (pooled over the design points).",
    "failures.key": "key",
    "failures.error": "error",
    # ------------------------------------------------------------------ outcomes per scenario
    "scenarios.heading": "Outcomes per scenario",
    "section.cost": "Public cost (informal care not included)",
    "section.contract": ("The same care under each contract form (the choice decides the "
                         "answer)"),
    "section.wellbeing": "Wellbeing",
    "section.need": "Need and services",
    "section.informal": ("Informal care (its shadow value is shown here, never added to the "
                         "cost)"),
    "categories.title": "Public cost by category",
    "categories.caption": "Public cost by category (mean and 95% interval)",
    # ------------------------------------------------------------------ differences
    "differences.heading": "Differences against {reference} (paired on the same seeds)",
    "differences.none": ("No scenario named {reference!r} among the runs: no paired "
                         "differences."),
    "differences.text": ("Each scenario minus {reference} on the same seeds and design points: "
                         "mean difference and 95% interval; pairs = number of matched runs."),
    "differences.pairs": "pairs",
    "differences.robustness": (
        "Where a difference holds across the plausible worlds of this experiment "
        "(`wijksim robustness`): the share of worlds in which the scenario beats {reference} on "
        "the outcome, with its 95% interval."),
    "robustness.cell": "{share} ({low}-{high}) of worlds",
    # ------------------------------------------------------------------ cost per point
    "cost.heading": "Cost per wellbeing point gained",
    "cost.none": "Needs a reference scenario; none among the runs.",
    "cost.text": ("Δcost (EUR per resident per year) divided by Δwellbeing in points (one point "
                  "= {point} on the 0-10 scale of life satisfaction), both against {reference}. "
                  "A ratio is given only when a scenario costs more and does better; otherwise "
                  "the note says why not."),
    "cost.delta_cost": "Δcost [EUR/resident/year]",
    "cost.delta_wellbeing": "Δwellbeing [points]",
    "cost.per_point": "EUR per point gained",
    "cost.note": "note",
    "note.costs_more": "costs more",
    "note.saves": "saves money",
    "note.costs_same": "costs the same",
    "note.better": "does better",
    "note.worse": "does worse",
    "note.no_better": "does no better",
    "note.both": "{cost} and {wellbeing}",
    "note.includes_zero": " (the 95% interval of the wellbeing difference includes zero)",
    # ------------------------------------------------------------------ frontier
    "frontier.heading": "Cost-versus-wellbeing frontier",
    "frontier.text": ("A scenario is dominated when another costs no more and does no worse on "
                      "mean wellbeing (and is strictly better on one). Informal care is not in "
                      "the cost."),
    "frontier.dominated": "dominated",
    "frontier.dominated_by": "dominated by",
    "frontier.caption": "Cost versus wellbeing; dominated scenarios in grey",
    "plot.dominated": " (dominated)",
    "plot.frontier": "frontier (not dominated)",
    "plot.cost_axis": "Public cost, EUR per resident per year (informal care not included)",
    "plot.wellbeing_axis": "Life satisfaction, mean (0-10)",
    "plot.frontier_title": "Cost versus wellbeing by scenario (mean and 95% interval)",
    # ------------------------------------------------------------------ distribution
    "distribution.heading": "Who gains and who falls through",
    "distribution.text": (
        "Life satisfaction and unmet need (hours a week per person) of everyone and of "
        "residents with nobody to fall back on, in multi-problem households, in low-income "
        "households, with little own strength and of carers; the 10th percentile and the "
        "share with low wellbeing. Gap = group minus the mean; change = paired difference "
        "against the reference (when there is one). Each group is who is in it that week: "
        "a policy that gives people a network or own strength also changes who is "
        "counted (low income is the one fixed attribute)."),
    "distribution.gap": "gap to the mean: ",
    "distribution.change": "change against reference: ",
    "distribution.measure": "measure",
    "distribution.axis": "Life satisfaction (0-10)",
    "distribution.title": "Wellbeing by group",
    "distribution.caption": "Wellbeing by group per scenario (mean and 95% interval)",
    # ------------------------------------------------------------------ over time
    "hood.heading": "Neighbourhoods",
    "hood.text": ("Every run is a municipality: the neighbourhoods of {table}, stepped together "
                  "(shared specialist providers and one budget). Per scenario, each "
                  "neighbourhood's outcomes are the mean over its runs (seeds and design "
                  "points); the municipality's row is the scenarios table's."),
    "hood.column": "neighbourhood",
    "hood.municipality": "municipality",
    "hood.map_title": "{scenario}: neighbourhoods (schematic: tiles in table order)",
    "hood.caption": ("{scenario}: each neighbourhood coloured by public cost, the worst-off "
                     "10%'s life satisfaction and unmet need (mean over its runs)"),
    "time.heading": "Over time",
    "time.text": ("Weekly mean across replications with a 10-90% band; flows per resident per "
                  "week (table: tables/time_series.csv)."),
    "time.caption": "Weekly outcomes per scenario, mean and 10-90% band",
    "time.per_resident": "{unit} per resident",
    "plot.time_title": "Weekly outcomes: mean across replications, band 10-90%",
    # ------------------------------------------------------------------ design points
    "points.heading": "Per design point",
    "points.text": ("{points} design points varying {parameters}; full table with intervals in "
                    "tables/design_points.csv."),
    "points.differences": ("Paired differences per design point: "
                           "tables/design_point_differences.csv."),
    "points.point": "point_id",
    "points.runs": "runs",
    # ------------------------------------------------------------------ Sobol
    "sobol.heading": "Sensitivity (Sobol indices)",
    "sobol.no_problem": ("The manifest says sobol but holds no SALib problem: indices not "
                         "computed."),
    "sobol.failed": "Sobol indices not computed: {error}",
    "sobol.text": ("First-order (S1) and total (ST) indices with 95% bootstrap intervals, N = "
                   "{n}, parameters {parameters}; replications averaged per design point. "
                   "Indices above 1 or below 0, or wide intervals, mean the sample is too small "
                   "for this outcome."),
    "sobol.unknown": "unknown",
    "sobol.s1_conf": "S1_conf",
    "sobol.st_conf": "ST_conf",
    "sobol.title": "Sobol indices: {scenario}",
    "sobol.caption": "Sobol indices for {scenario}",
    "sobol.missing_points": ("{scenario}: {lacking} design points have no finished run (e.g. "
                             "{examples}); Sobol indices need every point"),
    "sobol.too_many": "{points} design points exceed a Sobol sample of N={n}",
    "sobol.no_sample": ("{points} design points do not form a Sobol sample of {parameters} "
                        "parameters"),
    "plot.s1": "S1 (first order)",
    "plot.st": "ST (total)",
    "plot.sobol_axis": "Sobol index (95% interval)",
    "plot.sobol_title": "Sobol sensitivity indices",
    # ------------------------------------------------------------------ provenance
    "provenance.heading": "Provenance",
    "provenance.none": "No manifest.json in the results directory.",
    "provenance.item": "item",
    "provenance.value": "value",
    # shown in the Dutch report only (the English one predates it and stays as it is)
    "provenance.keys": ("The items are the keys of the results folder's manifest.json, as the "
                        "program writes them; the values as they are recorded there."),
}, nl={
    # ------------------------------------------------------------------ title and cells
    "title": "wijksim-rapport: {name}",
    "yes": "ja",
    "no": "nee",
    "interval": "{mean} ({low} tot {high})",
    "outcome": "uitkomst",
    # ------------------------------------------------------------------ runs
    "runs.heading": "Modelruns",
    "runs.shared": (" ({files} resultaatbestanden; ontwerpregels met dezelfde invoer delen "
                    "er één)"),
    "runs.summary": ("{runs} afgeronde modelruns{shared} van {scenarios} scenario's ({names}), "
                     "startwaarden van de toevalsgenerator {seeds}; {failed} mislukt; "
                     "{missing} gepland maar niet gedraaid"),
    "runs.stale": "; {stale} bestanden van een eerder ontwerp weggelaten.",
    "runs.versions": ("**Let op: de modelruns komen uit {versions} verschillende versies van "
                      "de code** ({counts}). Verschillen tussen scenario's kunnen dan "
                      "verschillen tussen codeversies zijn; voer alle modelruns opnieuw uit in "
                      "een nieuwe map."),
    "runs.version_count": "{version}: {runs} modelruns",
    "runs.failed": "**Mislukte modelruns: {failed}** (weggelaten uit alle tabellen hieronder):",
    "runs.missing": "Geplande modelruns zonder resultaat: {keys}",
    "runs.units": ("Stromen (kosten, uren) staan per inwoner per jaar; niveaus en aandelen zijn "
                   "gemiddeld over de weken. De intervallen zijn 95%-betrouwbaarheidsintervallen "
                   "(t-verdeling) van het gemiddelde over de modelruns"),
    "runs.pooled": " (samengenomen over de ontwerppunten).",
    "failures.key": "sleutel",
    "failures.error": "foutmelding",
    # ------------------------------------------------------------------ outcomes per scenario
    "scenarios.heading": "Uitkomsten per scenario",
    "section.cost": "Publieke kosten (mantelzorg niet meegeteld)",
    "section.contract": ("Dezelfde zorg onder elke contractvorm (de keuze bepaalt de "
                         "uitkomst)"),
    "section.wellbeing": "Levenstevredenheid",
    "section.need": "Hulpbehoefte en voorzieningen",
    "section.informal": ("Mantelzorg (de schaduwwaarde staat hier, maar telt nooit mee in de "
                         "kosten)"),
    "categories.title": "Publieke kosten per categorie",
    "categories.caption": "Publieke kosten per categorie (gemiddelde en 95%-interval)",
    # ------------------------------------------------------------------ differences
    "differences.heading": ("Verschillen met {reference} (gepaarde verschillen op dezelfde "
                            "startwaarden)"),
    "differences.none": ("Geen scenario met de naam {reference!r} onder de modelruns: geen "
                         "gepaarde verschillen."),
    "differences.text": ("Elk scenario min {reference}, op dezelfde startwaarden en "
                         "ontwerppunten: gemiddeld verschil en 95%-interval; paren = aantal "
                         "gekoppelde modelruns."),
    "differences.pairs": "paren",
    "differences.robustness": (
        "Robuustheid: houdt een verschil stand in de plausibele werelden van dit experiment "
        "(`wijksim robustness`)? Per uitkomst het aandeel werelden waarin het scenario beter "
        "scoort dan {reference}, met het 95%-interval."),
    "robustness.cell": "{share} ({low}-{high}) van de werelden",
    # ------------------------------------------------------------------ cost per point
    "cost.heading": "Kosten per gewonnen welzijnspunt",
    "cost.none": "Hiervoor is een referentiescenario nodig; dat zit niet bij de modelruns.",
    "cost.text": ("Δkosten (EUR per inwoner per jaar) gedeeld door Δwelzijn in punten (één punt "
                  "= {point} op de schaal van 0 tot 10 voor levenstevredenheid), beide ten "
                  "opzichte van {reference}. Een verhouding staat er alleen als een scenario "
                  "meer kost én beter uitpakt; anders zegt de toelichting waarom niet."),
    "cost.delta_cost": "Δkosten [EUR/inwoner/jaar]",
    "cost.delta_wellbeing": "Δwelzijn [punten]",
    "cost.per_point": "EUR per gewonnen punt",
    "cost.note": "toelichting",
    "note.costs_more": "kost meer",
    "note.saves": "bespaart geld",
    "note.costs_same": "kost evenveel",
    "note.better": "pakt beter uit",
    "note.worse": "pakt slechter uit",
    "note.no_better": "pakt niet beter uit",
    "note.both": "{cost} en {wellbeing}",
    "note.includes_zero": " (het 95%-interval van het verschil in welzijn omvat nul)",
    # ------------------------------------------------------------------ frontier
    "frontier.heading": "Efficiënte grens: kosten tegenover welzijn",
    "frontier.text": ("Een scenario is gedomineerd als een ander scenario niet meer kost en op "
                      "het gemiddelde welzijn niet slechter scoort (en op een van beide echt "
                      "beter is). Mantelzorg zit niet in de kosten."),
    "frontier.dominated": "gedomineerd",
    "frontier.dominated_by": "gedomineerd door",
    "frontier.caption": "Kosten tegenover welzijn; gedomineerde scenario's in grijs",
    "plot.dominated": " (gedomineerd)",
    "plot.frontier": "efficiënte grens (niet gedomineerd)",
    "plot.cost_axis": "Publieke kosten, EUR per inwoner per jaar (mantelzorg niet meegeteld)",
    "plot.wellbeing_axis": "Levenstevredenheid, gemiddeld (0-10)",
    "plot.frontier_title": "Kosten tegenover welzijn per scenario (gemiddelde en 95%-interval)",
    # ------------------------------------------------------------------ distribution
    "distribution.heading": "Wie wint en wie valt tussen wal en schip",
    "distribution.text": (
        "Levenstevredenheid en onvervulde hulpvraag (uren per week per persoon) van iedereen en "
        "van inwoners die op niemand kunnen terugvallen, in multiprobleemhuishoudens, in "
        "huishoudens met een laag inkomen, met weinig eigen kracht en van mantelzorgers; "
        "daarnaast het 10e percentiel en het aandeel met een lage levenstevredenheid. Afstand = "
        "groep min het gemiddelde; verandering = gepaard verschil met het referentiescenario "
        "(als dat er is). Elke groep bestaat uit wie er die week toe behoort: beleid dat "
        "mensen een netwerk of eigen kracht geeft, verandert ook wie er meetelt (een laag "
        "inkomen is het enige vaste kenmerk)."),
    "distribution.gap": "afstand tot het gemiddelde: ",
    "distribution.change": "verandering ten opzichte van de referentie: ",
    "distribution.measure": "maat",
    "distribution.axis": "Levenstevredenheid (0-10)",
    "distribution.title": "Welzijn per groep",
    "distribution.caption": "Welzijn per groep per scenario (gemiddelde en 95%-interval)",
    # ------------------------------------------------------------------ over time
    "hood.heading": "Wijken",
    "hood.text": ("Elke run is een gemeente: de wijken van {table}, samen doorgerekend (gedeelde "
                  "specialistische aanbieders en één budget). Per scenario zijn de uitkomsten "
                  "van elke wijk het gemiddelde over haar runs (seeds en ontwerppunten); de rij "
                  "van de gemeente is die uit de tabel met scenario's."),
    "hood.column": "wijk",
    "hood.municipality": "gemeente",
    "hood.map_title": "{scenario}: wijken (schematisch: tegels in de volgorde van de tabel)",
    "hood.caption": ("{scenario}: elke wijk gekleurd naar publieke kosten, de "
                     "levenstevredenheid van de 10% die het slechtst af zijn en onvervulde "
                     "hulpvraag (gemiddelde over haar runs)"),
    "time.heading": "Verloop in de tijd",
    "time.text": ("Wekelijks gemiddelde over de herhalingen, met een band van 10 tot 90%; "
                  "stromen per inwoner per week (tabel: tables/time_series.csv)."),
    "time.caption": "Uitkomsten per week per scenario, gemiddelde en band van 10 tot 90%",
    "time.per_resident": "{unit} per inwoner",
    "plot.time_title": "Uitkomsten per week: gemiddelde over de herhalingen, band 10-90%",
    # ------------------------------------------------------------------ design points
    "points.heading": "Per ontwerppunt",
    "points.text": ("{points} ontwerppunten (combinaties van parameterwaarden); daarin "
                    "variëren: {parameters}. De volledige tabel met intervallen staat in "
                    "tables/design_points.csv."),
    "points.differences": ("Gepaarde verschillen per ontwerppunt: "
                           "tables/design_point_differences.csv."),
    "points.point": "ontwerppunt",
    "points.runs": "modelruns",
    # ------------------------------------------------------------------ Sobol
    "sobol.heading": "Gevoeligheid (Sobol-indices)",
    "sobol.no_problem": ("Volgens het manifest is dit een Sobol-ontwerp, maar het bevat geen "
                         "SALib-probleemdefinitie: geen indices berekend."),
    "sobol.failed": "Sobol-indices niet berekend: {error}",
    "sobol.text": ("Eerste-orde-indices (S1) en totale indices (ST) met 95%-bootstrapintervallen, "
                   "N = {n}; de herhalingen zijn per ontwerppunt gemiddeld. Gevarieerde "
                   "parameters: {parameters}. Indices boven 1 of onder 0, of brede intervallen, "
                   "betekenen dat de steekproef te klein is voor deze uitkomst."),
    "sobol.unknown": "onbekend",
    "sobol.s1_conf": "S1-marge (95%)",
    "sobol.st_conf": "ST-marge (95%)",
    "sobol.title": "Sobol-indices: {scenario}",
    "sobol.caption": "Sobol-indices voor {scenario}",
    "sobol.missing_points": ("{scenario}: {lacking} ontwerppunten hebben geen afgeronde modelrun "
                             "(bijv. {examples}); Sobol-indices hebben elk punt nodig"),
    "sobol.too_many": "{points} ontwerppunten zijn meer dan een Sobol-steekproef met N={n}",
    "sobol.no_sample": ("{points} ontwerppunten vormen geen Sobol-steekproef van {parameters} "
                        "parameters"),
    "plot.s1": "S1 (eerste orde)",
    "plot.st": "ST (totaal)",
    "plot.sobol_axis": "Sobol-index (95%-interval)",
    "plot.sobol_title": "Sobol-gevoeligheidsindices",
    # ------------------------------------------------------------------ provenance
    "provenance.heading": "Herkomst",
    "provenance.none": "Geen manifest.json in de resultatenmap.",
    "provenance.item": "onderdeel",
    "provenance.value": "waarde",
    "provenance.keys": ("De onderdelen zijn de sleutels uit manifest.json in de resultatenmap, "
                        "zoals het programma ze schrijft (daarom in het Engels); de waarden "
                        "zoals ze daar zijn vastgelegd."),
})
