"""Workshop backend: exercises, lever costs, rooms, teams, submissions, export, load."""

import statistics
import threading
import time
from pathlib import Path

import pytest

from wijksim.app.workshop import i18n
from wijksim.experiments.scenarios import load_scenario
from wijksim.experiments.workshop import exercises as ex
from wijksim.experiments.workshop.exercises import (
    ExerciseError,
    PackageError,
    load_exercise,
    parse_exercise,
)
from wijksim.experiments.workshop.rooms import (
    BASELINE_TEAM,
    NotFacilitator,
    RoomLocked,
    RoomStore,
    TeamError,
    UnknownRoom,
    format_pin,
)

ROOT = Path(__file__).resolve().parents[1]

TINY = """\
name: tiny
title: {en: Tiny test exercise, nl: Kleine testoefening}
scenario: scenarios/baseline.yaml
years: 0.2
residents: 200
seeds: [5]
budget: 450
levers:
  generalists.enabled: [false, true]
  generalists.outreach_share: [0.1, 0.3]
  community_centre.mode: [municipal, self_managed]
twist:
  from_week: 5
  set: {community_centre.staff_hours_per_1000: 0.0}
  text: {en: The centres lose their staff., nl: De buurthuizen verliezen hun personeel.}
"""


@pytest.fixture
def tiny():
    return parse_exercise(TINY, source="<tiny>", base_dir=ROOT)


@pytest.fixture
def store(tmp_path, tiny):
    return RoomStore(tmp_path / "rooms", results_dir=tmp_path / "results")


@pytest.fixture
def counted(monkeypatch):
    """Count simulation runs (every workshop run goes through wijksim.api's run_one)."""
    import wijksim.experiments.runner as runner

    calls = []
    real = runner.run_one

    def counting(spec, progress=None):
        calls.append(spec.seed)
        return real(spec, progress)

    monkeypatch.setattr(runner, "run_one", counting)
    return calls


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize("path", ex.shipped_exercises(), ids=lambda p: p.stem)
def test_shipped_exercises_load_and_have_guides(path):
    exercise = load_exercise(path)
    assert exercise.name == path.stem and set(exercise.title) == {"en", "nl"}
    assert exercise.levers and exercise.twist is not None
    for lang in ("en", "nl"):
        assert (path.parent / f"{path.stem}.{lang}.md").is_file()
    scenario = load_scenario(exercise.scenario_file)
    assert i18n.scenario_teaching(scenario, "nl").what_is_it
    for lever in exercise.levers:
        assert i18n.t(f"lever.{lever.path}", "nl") and i18n.t(f"lever.{lever.path}", "en")
    for name in exercise.outcomes:  # the gallery shows them, in both languages
        assert i18n.t(f"outcome.{name}", "nl") and i18n.t(f"outcome.{name}", "en")


def test_the_gallery_shows_the_exercise_outcomes_in_the_chosen_language():
    """Issue 13 (item 2): the gallery table has a column for each of the exercise's own
    outcomes, labelled and numbered in the page's language."""
    import pandas as pd

    from wijksim.app.workshop.charts import gallery_markdown

    gallery = pd.DataFrame([
        {"team": "baseline", "is_baseline": True, "cost": 1234.5, "cost_lo": 1100.0,
         "cost_hi": 1300.0, "wellbeing": 7.5, "wellbeing_lo": 7.4, "wellbeing_hi": 7.6,
         "wellbeing_p10": 5.25, "wellbeing_p10_lo": 5.0, "wellbeing_p10_hi": 5.5,
         "within_budget": True},
        {"team": "Noord", "is_baseline": False, "cost": 1000.0, "cost_lo": float("nan"),
         "cost_hi": float("nan"), "wellbeing": 7.6, "wellbeing_lo": float("nan"),
         "wellbeing_hi": float("nan"), "wellbeing_p10": 5.75, "wellbeing_p10_lo": float("nan"),
         "wellbeing_p10_hi": float("nan"), "within_budget": False}])
    dutch = gallery_markdown(gallery, "nl")
    assert i18n.t("outcome.wellbeing_p10", "nl") in dutch.splitlines()[0]
    assert "5,25 (5,00–5,50)" in dutch and "1.234 (1.100–1.300)" in dutch
    english = gallery_markdown(gallery, "en")
    assert i18n.t("outcome.wellbeing_p10", "en") in english.splitlines()[0]
    assert "| Noord | 1,000 | 7.600 | 5.75 |" in english


def test_at_least_three_exercises():
    assert len(ex.shipped_exercises()) >= 3


def test_range_lever_expands(tmp_path):
    text = TINY.replace("  community_centre.mode: [municipal, self_managed]\n",
                        "  specialists.per_1000_residents: {low: 1.2, high: 3.6, step: 0.6}\n")
    exercise = parse_exercise(text, base_dir=ROOT)
    assert exercise.lever("specialists.per_1000_residents").values == (1.2, 1.8, 2.4, 3.0, 3.6)
    assert exercise.lever("generalists.outreach_share").requires == "generalists.enabled"


@pytest.mark.parametrize("old, new, expected", [
    ("  generalists.enabled: [false, true]\n", "  generalists.enabld: [false, true]\n",
     "<bad>:9: levers.generalists.enabld: unknown parameter; did you mean generalists.enabled"),
    ("[municipal, self_managed]", "[municipal, cooperative]",
     "<bad>:11: levers.community_centre.mode: bad value 'cooperative': expected one of"),
    ("[0.1, 0.3]", "[0.1, 1.5]", "<bad>:10: levers.generalists.outreach_share: bad value 1.5: "
     "expected a number from 0 to 0.9"),
    ("seeds: [5]", "seeds: [5, 5]", "<bad>:6: seeds: seed 5 is given twice"),
    ("years: 0.2", "years: many", "<bad>:4: years: bad value 'many'"),
    ("from_week: 5", "from_week: 500", "<bad>:13: twist.from_week: 500 is outside the run"),
    ("budget: 450", "budget: 450\nbudget: 500", "<bad>:8: budget: duplicate key"),
    ("title: {en: Tiny test exercise, nl: Kleine testoefening}", "title: {en: Tiny}",
     "<bad>:2: title.nl: required key is missing"),
    ("scenarios/baseline.yaml", "scenarios/nowhere.yaml", "<bad>:3: scenario: "
     "scenarios/nowhere.yaml not found"),
    ("set: {community_centre.staff_hours_per_1000: 0.0}", "set: {generalists.enabled: true}",
     "<bad>:14: twist.set: generalists.enabled is also a lever"),
    ("  generalists.enabled: [false, true]\n", "  population.n_residents: [100, 200]\n",
     "<bad>:9: levers.population.n_residents: the number of residents is set by residents:"),
])
def test_bad_exercise_names_file_and_line(old, new, expected):
    assert old in TINY
    with pytest.raises(ExerciseError) as error:
        parse_exercise(TINY.replace(old, new), source="<bad>", base_dir=ROOT)
    assert any(problem.startswith(expected) for problem in error.value.problems), \
        error.value.problems


def test_lever_changed_by_scenario_timeline_is_refused():
    text = TINY.replace("scenarios/baseline.yaml", "scenarios/austerity.yaml").replace(
        "  community_centre.mode: [municipal, self_managed]\n",
        "  municipality.budget_cut: [0.0, 0.1]\n").replace(
        "set: {community_centre.staff_hours_per_1000: 0.0}", "set: {network.willing_kin: 0.3}")
    with pytest.raises(ExerciseError, match="scenario changes it at week 52"):
        parse_exercise(text, source="<bad>", base_dir=ROOT)


def test_yaml_is_not_executed():
    with pytest.raises(ExerciseError, match="tag .* is not allowed"):
        parse_exercise("name: !!python/object/apply:os.system ['true']\n", source="<evil>")


def test_lever_costs_are_computed_once_and_cached(tiny, tmp_path, counted):
    costs = ex.lever_costs(tiny, tmp_path)
    # start + teams on + self-managed centre + teams with outreach 0.3 (one seed each)
    assert len(counted) == 4
    assert costs.delta("generalists.enabled", False) == 0.0
    assert costs.delta("generalists.enabled", True) != 0.0
    assert ex.cache_path(tiny, tmp_path, twist=False).is_file()
    again = ex.lever_costs(tiny, tmp_path)
    assert len(counted) == 4 and again == costs
    package = {"generalists.enabled": True, "community_centre.mode": "self_managed"}
    assert costs.estimate(tiny, package) == pytest.approx(
        costs.start_cost + costs.delta("generalists.enabled", True)
        + costs.delta("community_centre.mode", "self_managed"))
    # a lever whose switch is off adds nothing to the estimate
    assert costs.estimate(tiny, {"generalists.outreach_share": 0.3}) == costs.start_cost


def test_changed_exercise_gets_a_new_cache_key(tiny):
    other = parse_exercise(TINY.replace("seeds: [5]", "seeds: [6]"), base_dir=ROOT)
    assert other.run_digest != tiny.run_digest
    retitled = parse_exercise(TINY.replace("Tiny test exercise", "Other title"), base_dir=ROOT)
    assert retitled.run_digest == tiny.run_digest


# --------------------------------------------------------------------------- rooms


def test_rooms_are_isolated(store, tiny):
    a, b = store.create_room(tiny, TINY), store.create_room(tiny, TINY)
    assert a.code != b.code and len(a.code) == 6
    _, pin_a = store.join(a.code, "Noord")
    store.join(b.code, "Noord")  # the same name in another room is fine
    store.submit(a.code, pin_a, {"generalists.enabled": True})
    assert list(store.gallery(b.code)["team"]) == [BASELINE_TEAM]
    assert "Noord" in set(store.gallery(a.code)["team"])
    with pytest.raises(TeamError):
        store.rejoin(b.code, pin_a)
    with pytest.raises(NotFacilitator):
        store.lock(a.code, b.facilitator_key)


def test_unknown_code_and_bad_names(store, tiny):
    room = store.create_room(tiny, TINY)
    with pytest.raises(UnknownRoom, match="no room with code 'ZZZZZZ'"):
        store.join("ZZZZZZ", "Noord")
    for bad in ["", " ", "x" * 31, "<b>bold</b>", "=cmd()", "a\x00b", "team & co"]:
        with pytest.raises(TeamError):
            store.join(room.code, bad)
    team, _ = store.join(room.code.lower(), "  Team   Zuid-Oost ")
    assert team.name == "Team Zuid-Oost"
    with pytest.raises(TeamError, match="already has a team"):
        store.join(room.code, "team zuid-oost")


def test_team_rejoins_with_pin_and_finds_its_package(store, tiny):
    room = store.create_room(tiny, TINY)
    team, pin = store.join(room.code, "Oost")
    package = {"generalists.enabled": True, "community_centre.mode": "self_managed"}
    store.submit(room.code, pin, package)
    again = store.rejoin(room.code, format_pin(pin).lower())
    assert again.name == team.name
    assert store.my_submissions(room.code, pin)[-1].package == package
    assert "package" not in store.gallery(room.code).columns


def test_locked_room_refuses_submissions(store, tiny, counted):
    room = store.create_room(tiny, TINY)
    _, pin = store.join(room.code, "West")
    store.lock(room.code, room.facilitator_key)
    with pytest.raises(RoomLocked, match="locked"):
        store.submit(room.code, pin, {})
    assert counted == []
    store.unlock(room.code, room.facilitator_key)
    assert store.submit(room.code, pin, {}).team == "West"


def test_the_same_package_twice_is_one_submission(store, tiny, counted):
    """Issue 13 (item 10): a double click (or the same package again in the round) records and
    runs one submission; another package, or the next round, is a new one."""
    room = store.create_room(tiny, TINY)
    _, pin = store.join(room.code, "Dubbel")
    first = store.submit(room.code, pin, {"generalists.enabled": True})
    runs = len(counted)
    again = store.submit(room.code, pin, {"generalists.enabled": True})
    assert again.id == first.id and len(counted) == runs
    assert len(store.my_submissions(room.code, pin)) == 1
    other = store.submit(room.code, pin, {"generalists.enabled": False})
    assert other.id != first.id and len(store.my_submissions(room.code, pin)) == 2


def test_bad_lever_value_is_refused_with_a_clear_message(store, tiny, counted):
    room = store.create_room(tiny, TINY)
    _, pin = store.join(room.code, "Zuid")
    with pytest.raises(PackageError, match="community_centre.mode: 'cooperative' is not allowed"
                       ".*choose one of municipal, self_managed"):
        store.submit(room.code, pin, {"community_centre.mode": "cooperative"})
    with pytest.raises(PackageError, match="'municipality.budget_cut' is not a lever"):
        store.submit(room.code, pin, {"municipality.budget_cut": 0.5})
    assert counted == []
    # text from a form is accepted when it matches an allowed value
    sub = store.submit(room.code, pin, {"generalists.enabled": "true",
                                        "generalists.outreach_share": "0.3"})
    assert sub.package == {"generalists.enabled": True, "generalists.outreach_share": 0.3}


def test_restart_keeps_submissions(tmp_path, tiny):
    store = RoomStore(tmp_path / "rooms", results_dir=tmp_path / "results")
    room = store.create_room(tiny, TINY)
    _, pin = store.join(room.code, "Centrum")
    first = store.submit(room.code, pin, {"generalists.enabled": True})
    store.reveal_twist(room.code, room.facilitator_key)
    reloaded = RoomStore(tmp_path / "rooms", results_dir=tmp_path / "results")
    assert reloaded.load_problems == []
    assert reloaded.rejoin(room.code, pin).name == "Centrum"
    assert reloaded.status(room.code)["round"] == 2
    gallery = reloaded.gallery(room.code, 1)
    row = gallery[gallery["team"] == "Centrum"].iloc[0]
    assert row["cost"] == pytest.approx(first.cost)
    reloaded.lock(room.code, room.facilitator_key)  # the key still works


def test_twist_applies_to_later_runs(store, tiny):
    room = store.create_room(tiny, TINY)
    _, pin = store.join(room.code, "Noord")
    before = store.submit(room.code, pin, {})
    assert store.reveal_twist(room.code, room.facilitator_key) == 2
    after = store.submit(room.code, pin, {})
    assert (before.twist, after.twist) == (False, True) and after.round == 2
    assert after.cost < before.cost
    gallery = store.gallery(room.code)
    assert gallery.loc[gallery["is_baseline"], "cost"].iloc[0] < before.cost


def test_export_csv_holds_every_submission(store, tiny):
    room = store.create_room(tiny, TINY)
    ids = []
    for name, package in [("A", {}), ("B", {"generalists.enabled": True}),
                          ("C", {"community_centre.mode": "self_managed"})]:
        _, pin = store.join(room.code, name)
        ids.append(store.submit(room.code, pin, package).id)
    store.gallery(room.code)
    with pytest.raises(NotFacilitator):
        store.export_csv(room.code, "guess")
    text = store.export_csv(room.code, room.facilitator_key)
    header = text.splitlines()[0]
    assert "lever:generalists.enabled" in header and "cost_total" in header
    assert all(sub_id in text for sub_id in ids)
    assert len(text.strip().splitlines()) == 1 + 1 + 3  # header, baseline, 3 submissions


# --------------------------------------------------------------------------- load


def test_thirty_participants_submit_concurrently(store, tiny):
    room = store.create_room(tiny, TINY)
    store.baseline(room.code)
    latencies, errors = [], []
    start = threading.Barrier(30)

    def participant(index):
        try:
            _, pin = store.join(room.code, f"Team {index:02d}")
            start.wait()
            began = time.perf_counter()
            store.submit(room.code, pin, {"generalists.enabled": index % 2 == 0})
            assert f"Team {index:02d}" in set(store.gallery(room.code)["team"])
            latencies.append(time.perf_counter() - began)
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(30)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = time.perf_counter() - began
    assert errors == []
    gallery = store.gallery(room.code)
    assert len(gallery) == 31 and gallery["team"].is_unique
    print(f"\n30 participants: median submit-to-gallery {statistics.median(latencies):.2f} s, "
          f"max {max(latencies):.2f} s, all done in {total:.2f} s")


# --------------------------------------------------------------------------- i18n


def test_both_languages_have_the_same_keys():
    assert set(i18n.STRINGS["en"]) == set(i18n.STRINGS["nl"])


def test_no_dutch_text_is_an_untranslated_copy_of_the_english():
    """Issue 13 (item 8): a Dutch text equal to its English one is an English sentence left
    untranslated, unless the word is the same in Dutch (listed here)."""
    same_in_dutch = {"gallery_team", "gallery_budget_line", "fac_team_a"}  # Team, Budget
    copies = {key for key, text in i18n.STRINGS["nl"].items()
              if text == i18n.STRINGS["en"][key]}
    assert copies == same_in_dutch, sorted(copies - same_in_dutch)


def test_missing_key_is_a_clear_error():
    with pytest.raises(KeyError, match="no nl text for 'nope'"):
        i18n.t("nope", "nl")
    with pytest.raises(KeyError, match="unknown language 'fr'"):
        i18n.t("app_title", "fr")
    assert i18n.t("round", "nl", round=2) == "Ronde 2"


def test_a_waiting_page_hears_of_a_change_at_once(store, tiny):
    """Issue 13 (item 10): pages follow a room by waiting on it, and the store wakes them when
    the room changes (they used to see a facilitator's action only at their next 2 s poll)."""
    import threading
    import time

    room = store.create_room(tiny, TINY)
    seen = store.version(room.code)
    timer = threading.Timer(0.2, store.lock, (room.code, room.facilitator_key))
    started = time.monotonic()
    timer.start()
    now = store.wait_for_change(room.code, seen, timeout=10.0)
    waited = time.monotonic() - started
    assert now == seen + 1 and 0.15 < waited < 2.0, waited
    assert store.room(room.code, room.facilitator_key).locked
    started = time.monotonic()  # nothing changes: back after the timeout, same version
    assert store.wait_for_change(room.code, now, timeout=0.3) == now
    assert time.monotonic() - started >= 0.25


def test_numbers_are_written_in_the_page_language():
    """Issue 13 (item 8): Dutch pages group thousands with a point and use a decimal comma
    ("2,000 inwoners" read as two), in every text the workshop fills in."""
    facts = dict(years=2.5, residents=2000, seeds=5, budget=1234.4)
    dutch = i18n.t("fac_exercise_facts", "nl", **facts)
    assert "2,5 jaar" in dutch and "2.000 inwoners" in dutch and "€ 1.234 per" in dutch
    english = i18n.t("fac_exercise_facts", "en", **facts)
    assert "2.5 years" in english and "2,000 residents" in english and "EUR 1,234 per" in english
    assert i18n.number(0.12345, "nl", ".3f") == "0,123"
    assert i18n.number(12345.6, "en", ",.0f") == "12,346"
    assert i18n.number(float("nan"), "nl", ",.0f") == "–"
    assert i18n.value_label(0.25, "nl") == "0,25" and i18n.value_label(3, "en") == "3"
    with pytest.raises(ValueError, match="'.1e'"):
        i18n.number(0.5, "nl", ".1e")


def test_error_keys_exist_in_both_languages(store, tiny):
    room = store.create_room(tiny, TINY)
    with pytest.raises(UnknownRoom) as error:
        store.join("ABCDEF", "X")
    assert "ABCDEF" in i18n.t(error.value.key, "nl", **error.value.params)
    store.lock(room.code, room.facilitator_key)
    _, pin = store.join(room.code, "Y")
    with pytest.raises(RoomLocked) as locked:
        store.submit(room.code, pin, {})
    assert room.code in i18n.t(locked.value.key, "en", **locked.value.params)


@pytest.mark.parametrize("path", sorted(i18n.TEACHING_NL_DIR.glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_dutch_teaching_matches_the_scenario(path):
    scenario = load_scenario(ROOT / "scenarios" / path.name)
    title, teaching = i18n.load_dutch_teaching(path, scenario)
    assert title and teaching.what_is_it and teaching.how_it_works
    english = scenario.teaching
    assert [t.set for t in teaching.things_to_try] == [t.set for t in english.things_to_try]
    assert len(teaching.things_to_notice) == len(english.things_to_notice)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_pin_guessing_is_slowed_with_back_off_and_a_right_pin_works_after_the_wait(store, tiny):
    from wijksim.experiments.workshop.rooms import FREE_MISSES, PAUSE_SECONDS, TooManyTries

    clock = store.throttle.clock = FakeClock()
    room = store.create_room(tiny, TINY)
    _, pin = store.join(room.code, "Team A")
    for _ in range(FREE_MISSES):
        with pytest.raises(TeamError):
            store.rejoin(room.code, "AAAA-AAAA")
    with pytest.raises(TeamError):  # the first miss past the free ones starts a pause
        store.rejoin(room.code, "AAAA-AAAB")
    with pytest.raises(TooManyTries) as caught:  # even the right PIN waits
        store.rejoin(room.code, pin)
    assert caught.value.params["seconds"] == round(PAUSE_SECONDS)
    clock.now += PAUSE_SECONDS
    with pytest.raises(TeamError):  # next miss: the pause doubles
        store.rejoin(room.code, "AAAA-AAAC")
    clock.now += PAUSE_SECONDS
    with pytest.raises(TooManyTries):
        store.rejoin(room.code, pin)
    clock.now += PAUSE_SECONDS
    assert store.rejoin(room.code, pin).name == "Team A"
    assert store.rejoin(room.code, pin).name == "Team A"  # the count started again


def test_guesses_per_second_are_bounded(store, tiny):
    """Guessing as fast as possible for 60 simulated seconds allows only a handful of tries."""
    from wijksim.experiments.workshop.rooms import TooManyTries

    clock = store.throttle.clock = FakeClock()
    room = store.create_room(tiny, TINY)
    store.join(room.code, "Team A")
    tried = 0
    for step in range(6000):  # a try every 10 ms of simulated time
        clock.now = 1000.0 + step * 0.01
        try:
            store.rejoin(room.code, f"AAAA-{step % 9000 + 1000:04d}".replace("0", "A"))
        except TooManyTries:
            continue
        except TeamError:
            tried += 1
    assert tried <= 12


def test_facilitator_key_and_room_codes_are_throttled_too(store, tiny):
    from wijksim.experiments.workshop.rooms import FREE_MISSES, TooManyTries

    store.throttle.clock = FakeClock()
    room = store.create_room(tiny, TINY)
    for _ in range(FREE_MISSES + 1):
        with pytest.raises(NotFacilitator):
            store.lock(room.code, "wrong key")
    with pytest.raises(TooManyTries):
        store.lock(room.code, room.facilitator_key)
    for _ in range(FREE_MISSES + 1):
        with pytest.raises(UnknownRoom):
            store.status("ZZZZZZ")
    with pytest.raises(TooManyTries):
        store.status(room.code)


def test_room_creation_is_limited_per_hour(store, tiny):
    from wijksim.experiments.workshop.rooms import MAX_ROOMS_PER_HOUR, TooManyTries

    clock = store.throttle.clock = FakeClock()
    for _ in range(MAX_ROOMS_PER_HOUR):
        store.create_room(tiny, TINY)
    with pytest.raises(TooManyTries):
        store.create_room(tiny, TINY)
    clock.now += 3601
    store.create_room(tiny, TINY)


def test_a_browser_token_opens_its_team_and_reveals_no_pin(store, tiny):
    code = store.create_room(tiny, TINY).code
    team, pin = store.join(code, "Noord")
    token = store.browser_token(code, pin)
    assert pin not in token and pin.lower() not in token and len(token) == 32
    assert store.rejoin(code, token).name == "Noord"
    assert store.browser_token(code, token) == token  # the token gives itself, not the PIN
    other, other_pin = store.join(code, "Zuid")
    assert store.browser_token(code, other_pin) != token
    with pytest.raises(TeamError):
        store.rejoin(code, "0" * 32)


def test_the_projector_opens_only_with_the_facilitators_link(store, tiny):
    room = store.create_room(tiny, TINY)
    token = store.projector_token(room.code, room.facilitator_key)
    store.check_projector(room.code, token)
    for wrong in ("", None, "0" * 32, token[:-1]):
        with pytest.raises(NotFacilitator):
            store.check_projector(room.code, wrong)
    with pytest.raises(NotFacilitator):  # the token needs the facilitator key
        store.projector_token(room.code, "WRONGKEY")
