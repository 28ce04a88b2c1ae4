"""The what-if app in a real browser: load, levers, A/B, bad YAML, isolation, export."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import (
    LOAD_TIMEOUT_MS,
    ROOT,
    STEP_TIMEOUT_MS,
    english_on,
    open_app,
    save_screenshot,
)

pytestmark = pytest.mark.browser

BAD_YAML = """name: broken
title: A broken scenario
description: Has a misspelt parameter on line 5.
changes:
  generalists.enabld: true
"""


def run_weeks(page, weeks: int, scope=None) -> None:
    """Set "weeks to run" by keyboard, press Run, wait for the week counter."""
    start = int(page.locator(".week-counter").inner_text().split()[1])
    if weeks == 1:
        page.locator(".run-step").click()
    else:
        assert weeks == 10, "the slider starts at 10 weeks"
        page.locator(".run-weeks").click()
    expect(page.locator(".week-counter")).to_contain_text(f"Week {start + weeks} of",
                                                          timeout=STEP_TIMEOUT_MS)


def summary(page) -> str:
    return page.locator(".run-summary").inner_text()


def test_page_loads(page):
    expect(page).to_have_title("wijksim: what-if explorer")
    for text in ("Scenario A", "Policy levers", "Generalist neighbourhood teams",
                 "Compare with scenario B (starts as a copy of A)"):
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    for selector in (".run-step", ".run-play", ".run-reset", ".run-weeks", ".grid-A",
                     ".charts-A"):
        expect(page.locator(selector).first).to_be_visible()
    seed = page.locator(".seed-input input")
    seed.fill("abc")
    seed.press("Enter")
    expect(page.get_by_text("the seed must be a whole number")).to_be_visible()
    seed.fill("7")
    seed.press("Enter")
    expect(page.locator(".week-counter")).to_contain_text("seed 7")


def drawn(page, selector: str) -> list[str]:
    """What the browser drew in the charts under ``selector``: each canvas as a data URL.

    Counted and read in one step in the page, so that a redraw in between cannot swap the
    element (ECharts draws into a new chart asynchronously).
    """
    found = page.wait_for_function(
        f"() => {{ const e = document.querySelector('{selector}'); if (!e) return null; "
        "const c = [...e.querySelectorAll('canvas')]; "
        "return c.length >= 6 ? c.map(x => x.toDataURL()) : null; }", timeout=STEP_TIMEOUT_MS)
    return found.json_value()


def test_lever_changes_the_charts(page):
    """Issue 13 (item 4): the charts are drawn in the browser (six canvases, not blank) and
    redrawn from the new data when a lever changes the run."""
    run_weeks(page, 10)
    baseline = summary(page)
    charts = drawn(page, ".charts-A")
    blank = page.evaluate("() => { const c = document.createElement('canvas'); "
                          "const s = document.querySelector('.charts-A canvas'); "
                          "c.width = s.width; c.height = s.height; return c.toDataURL(); }")
    assert len(charts) == 6 and blank not in charts
    page.get_by_text("Generalist neighbourhood teams", exact=True).first.click()
    expect(page.locator(".week-counter")).to_contain_text("Week 0 of")
    run_weeks(page, 10)
    expect(page.locator(".run-summary")).not_to_have_text(baseline)
    page.wait_for_function(
        "old => [...document.querySelectorAll('.charts-A canvas')].map(c => c.toDataURL())"
        ".join() !== old", arg="".join(charts), timeout=STEP_TIMEOUT_MS)


def test_charts_are_updated_not_made_again(page):
    """Issue 13 (item 4): a redraw updates the charts in place, so the zoom and the lines a
    user hid survive it (a chart made again would forget them)."""
    drawn(page, ".charts-A")
    page.evaluate("() => { window.__chart = document.querySelector('.charts-A .wijksim-echart');"
                  " window.__grid = document.querySelector('.grid-A .wijksim-echart'); }")
    run_weeks(page, 10)
    drawn(page, ".charts-A")
    assert page.evaluate("() => document.querySelector('.charts-A .wijksim-echart') === "
                         "window.__chart && document.querySelector('.grid-A .wijksim-echart') "
                         "=== window.__grid")


def test_charts_answer_a_hover(page):
    """Issue 13 (item 4): hovering a chart shows the week's values (ECharts' tooltip)."""
    run_weeks(page, 10)
    drawn(page, ".charts-A")
    chart = page.locator(".charts-A .wijksim-echart").nth(1)  # life satisfaction
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5, steps=5)
    tooltip = chart.locator("div").filter(has_text="10th percentile").last
    expect(tooltip).to_be_visible(timeout=5000)


def test_ab_comparison_shows_both_and_the_difference(page):
    page.locator(".compare-switch").click()
    card_b = page.locator(".side-card-B")
    expect(card_b).to_be_visible()
    card_b.get_by_text("Generalist neighbourhood teams", exact=True).click()
    expect(page.locator(".week-counter")).to_contain_text("Week 0 of")
    run_weeks(page, 10)
    for selector in (".grid-A", ".grid-B", ".charts-A", ".charts-B",
                     ".charts-diff"):
        expect(page.locator(selector)).to_be_visible()
    text = summary(page)
    assert "B - A" in text and "Averages over weeks 1-10" in text
    cost_row = text.split("Public cost")[1].splitlines()[0]
    assert "EUR per resident per year" in cost_row  # the CLI's unit, not a weekly total
    assert cost_row.split()[-1] not in ("0", "+0")  # B - A: teams change what is spent
    assert "So far, B costs EUR" in text and "worst-off 10%" in text
    groups = page.locator(".run-groups").inner_text()  # issue 13 (item 2): who gains, who loses
    for group in ("Everyone", "Nobody to fall back on", "Multi-problem households",
                  "Low-income households", "Little own strength", "Carers"):
        assert group in groups
    assert groups.count("B - A") == 2


def test_bad_yaml_paste_shows_the_error_with_its_line(page):
    card = page.locator(".side-card-A")
    card.get_by_text("Upload or paste a scenario YAML (A)").click()
    card.locator("textarea").fill(BAD_YAML)
    card.get_by_role("button", name="Load pasted YAML (A)").click()
    problems = page.locator(".scenario-problems")
    expect(problems).to_contain_text("pasted.yaml:5: generalists.enabld: unknown parameter")
    expect(problems).to_contain_text("did you mean generalists.enabled")
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_bad_yaml_file_upload_shows_the_error_with_its_line(page):
    """A file given to the drop zone travels the real upload path (chunks over the websocket)
    and its problems are shown with file and line.

    Headless chromium cannot make a synthetic drop (``webkitGetAsEntry`` is null for it), so
    the test hands a real ``File`` to the drop zone's component, as its drop handler would.
    """
    card = page.locator(".side-card-A")
    card.get_by_text("Upload or paste a scenario YAML (A)").click()
    zone = card.locator(".solara-file-drop")
    expect(zone).to_be_visible()
    zone.evaluate("""(element, text) => {
        const file = new File([text], "bad.yaml", {type: "text/yaml"});
        const component = element.__vue__;
        component.native_file_info = [file];
        component.file_info = [{name: file.name, isFile: true, size: file.size}];
    }""", BAD_YAML)
    problems = page.locator(".scenario-problems")
    expect(problems).to_contain_text("bad.yaml:5: generalists.enabld: unknown parameter")
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_uploaded_bytes_are_validated_like_a_file():
    """The upload path (FileDrop gives bytes); a synthetic drop cannot be made in headless
    chromium (webkitGetAsEntry is null), so the handler is checked directly."""
    from wijksim.app.session import scenario_from_text
    from wijksim.experiments.scenarios import ScenarioError

    with pytest.raises(ScenarioError) as error:
        scenario_from_text(BAD_YAML.encode(), "bad.yaml")
    assert error.value.problems[0].startswith("bad.yaml:5: generalists.enabld: unknown")
    with pytest.raises(ScenarioError) as error:
        scenario_from_text(b"\xff\xfe", "binary.yaml")
    assert error.value.problems == ["binary.yaml:1: not a UTF-8 text file"]
    with pytest.raises(ScenarioError) as error:  # a paste is held to the upload limit too
        scenario_from_text("name: x\n" + "#" * 300_000, "pasted.yaml")
    assert error.value.problems[0].startswith("pasted.yaml:1: the file is too large")


def test_two_sessions_stay_isolated(browser, app_url, page):
    other_context, other = open_app(browser, app_url)
    try:
        run_weeks(page, 10)
        expect(other.locator(".week-counter")).to_contain_text("Week 0 of")
        run_weeks(other, 1)
        expect(other.locator(".week-counter")).to_contain_text("Week 1 of")
        expect(page.locator(".week-counter")).to_contain_text("Week 10 of")
        save_screenshot(other, "test_two_sessions_stay_isolated_other")
    finally:
        other_context.close()


def test_export_loads_back_through_wijksim_validate(page, tmp_path: Path):
    page.get_by_text("Mutual-aid circles", exact=True).first.click()
    expect(page.get_by_text("Undo lever changes")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_text("Export settings A as scenario YAML").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    assert exported.name == "baseline_custom.yaml"
    assert "mutual_aid.enabled: true" in exported.read_text()
    wijksim = Path(sys.executable).with_name("wijksim")
    result = subprocess.run([str(wijksim), "validate", str(exported)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    run_weeks(page, 1)
    with page.expect_download() as info:
        page.get_by_text("Download run data (CSV) and provenance (zip)").click()
    archive = tmp_path / "run.zip"
    info.value.save_as(archive)
    with zipfile.ZipFile(archive) as zipped:
        assert set(zipped.namelist()) == {"run_A.csv", "provenance.json"}
        assert zipped.read("run_A.csv").decode().count("\n") == 3  # header, week 0, week 1


HOSTILE_YAML = """name: hostile
title: "<img src=x onerror=window.__xss=1> title"
description: "[click me](javascript:window.__xss=2) <script>window.__xss=3</script>"
teaching:
  what_is_it: "<svg onload=window.__xss=4></svg> what"
  how_it_works: "<iframe src='javascript:window.__xss=5'></iframe> how"
  things_to_notice:
    - "<img src=y onerror=window.__xss=6> notice"
  things_to_try:
    - text: "<b onmouseover=window.__xss=7>try</b>"
      set: {generalists.enabled: true}
changes:
  generalists.caseload: 30
"""


def test_hostile_scenario_text_is_shown_as_text_and_runs_nothing(page):
    """Scenario files are shared: their texts must never reach the page as HTML or links."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    card = page.locator(".side-card-A")
    card.get_by_text("Upload or paste a scenario YAML (A)").click()
    card.locator("textarea").fill(HOSTILE_YAML)
    card.get_by_role("button", name="Load pasted YAML (A)").click()
    about = card.get_by_text("About:")
    expect(about).to_be_visible(timeout=STEP_TIMEOUT_MS)
    about.click()
    expect(card.get_by_text("what", exact=False).first).to_be_visible()
    card.get_by_text("try</b>", exact=False).first.hover()
    assert page.evaluate("window.__xss") is None, "a payload ran"
    assert dialogs == []
    for selector in ("img[src=x]", "img[src=y]", "iframe", "svg[onload]", "b[onmouseover]",
                     "a[href^=javascript]"):
        assert page.locator(selector).count() == 0, selector
    expect(card).to_contain_text("<svg onload=window.__xss=4></svg> what")
    expect(card).to_contain_text("<img src=y onerror=window.__xss=6> notice")


ALIAS_BOMB = 'name: bomb\ntitle: t\ndescription: d\na: &a ["lol","lol","lol","lol","lol"]\n' + \
    "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(9))


def test_an_alias_bomb_in_one_session_does_not_stall_another(browser, app_url, page):
    """Issue 14: a pasted "billion laughs" is refused at once and a second session still loads
    and steps within seconds."""
    import time

    other_context = None
    try:
        card = page.locator(".side-card-A")
        card.get_by_text("Upload or paste a scenario YAML (A)").click()
        card.locator("textarea").fill(ALIAS_BOMB)
        started = time.perf_counter()
        card.get_by_role("button", name="Load pasted YAML (A)").click()
        other_context, other = open_app(browser, app_url)  # while the bomb is being handled
        run_weeks(other, 1)
        second_session = time.perf_counter() - started
        expect(page.locator(".scenario-problems")).to_contain_text(
            "anchors and aliases (&name, *name) are not allowed")
        refused = time.perf_counter() - started
        assert second_session < 30 and refused < 30, (second_session, refused)
        print(f"alias bomb refused within {refused:.1f} s; second session loaded and stepped "
              f"in {second_session:.1f} s")
    finally:
        if other_context is not None:
            other_context.close()


def test_pages_carry_a_content_security_policy_that_blocks_injected_script(browser, app_url):
    """Issue 14: only scripts the server sent run; an injected handler does nothing."""
    context = browser.new_context()
    violations = []
    try:
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        response = page.goto(app_url)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'nonce-" in policy and "'unsafe-inline'" not in policy
        page.get_by_text("Week 0 of").wait_for(timeout=90_000)
        assert violations == []  # the app's own scripts all ran
        page.evaluate("""() => {
            const div = document.createElement('div');
            div.style = 'position: fixed; top: 0; left: 0; z-index: 100000; background: white';
            div.innerHTML = '<img src="x-missing.png" onerror="window.__injected = 1">'
                + '<a id="js-link" href="javascript:window.__injected = 2">x</a>';
            document.body.appendChild(div);
        }""")
        page.locator("#js-link").click()
        page.wait_for_timeout(1000)
        assert page.evaluate("() => window.__injected") is None
        assert violations  # the browser refused them
    finally:
        context.close()


def test_ab_comparison_shows_where_the_difference_holds_across_worlds(page):
    """Issue 11: with A and B shipped scenarios as they are, the robustness runs that compared
    them say in how many plausible worlds B beats A."""
    page.locator(".compare-switch").click()
    page.locator(".scenario-select-B").click()
    page.get_by_role("option", name="generalist_teams.yaml").click()
    notes = page.locator(".robustness-notes")
    expect(notes).to_contain_text("generalist_teams beats baseline on Public cost (excl. informal "
                                  "care) in")
    expect(notes).to_contain_text("plausible worlds (robustness run robustness_full)")


def test_dated_changes_are_shown_kept_and_editable(page):
    """Issue 13 (item 5): a scenario's dated change is visible, a lever on the same parameter
    sets the start only, and the dated value itself can be edited."""
    page.locator(".scenario-select-A").click()
    page.get_by_role("option", name="austerity.yaml").click()
    dated = page.locator(".dated-A-0")
    expect(dated).to_contain_text("From year 2 (week 52)")
    expect(dated).to_contain_text("Cut in the annual budget (share): 0.25")
    later = page.locator(".lever-later").first
    expect(later).to_contain_text("then 0.25 from year 2 (week 52)")
    slider = dated.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")
    expect(later).not_to_contain_text("then 0.25 from year 2")
    expect(page.get_by_text("Undo lever changes")).to_be_visible()
    save_screenshot(page, "dated_changes")


def test_the_address_is_a_link_that_reproduces_the_view(browser, app_url, page):
    """Issue 13 (item 7): the address bar holds scenario, levers, dated edits and seed; a new
    session opened on it shows the same settings; a bad part of a link is named, the rest kept."""
    page.locator(".scenario-select-A").click()
    page.get_by_role("option", name="austerity.yaml").click()
    page.get_by_text("Generalist neighbourhood teams", exact=True).first.click()
    seed = page.locator(".seed-input input")
    seed.fill("7")
    seed.press("Enter")
    expect(page).to_have_url(re.compile(r"a=austerity\.yaml.*a\.generalists\.enabled=true"))
    expect(page).to_have_url(re.compile(r"seed=7"))
    link = page.url
    context, other = open_app(browser, link)
    try:
        expect(other.locator(".week-counter")).to_contain_text("seed 7")
        expect(other.locator(".scenario-select-A")).to_contain_text("austerity.yaml")
        expect(other.locator(".dated-A-0")).to_contain_text("From year 2 (week 52)")
        expect(other.get_by_role("checkbox", name="Generalist neighbourhood teams")).to_be_checked()
        other.goto(link.replace("generalists.enabled", "generalists.enabld"))
        other.get_by_text("Week 0 of").wait_for()
        expect(other.locator(".link-problems")).to_contain_text(
            "no such parameter (did you mean generalists.enabled?)")
        expect(other.locator(".scenario-select-A")).to_contain_text("austerity.yaml")
    finally:
        context.close()
    page.go_back()  # Back shows the view before the seed was set
    expect(page.locator(".week-counter")).not_to_contain_text("seed 7")
    expect(page.get_by_role("checkbox", name="Generalist neighbourhood teams")).to_be_checked()


def test_compare_keeps_a_and_starts_b_as_its_copy_then_branches_it(page):
    """Issue 13 (items 7 and 6): turning Compare on after some weeks keeps A's run; B is a copy
    of A (same scenario and levers, branched where A is), so B - A is zero until B is changed;
    changing B then branches it from A at that week."""
    page.locator(".scenario-select-A").click()
    page.get_by_role("option", name="austerity.yaml").click()
    run_weeks(page, 10)
    page.locator(".compare-switch").click()
    expect(page.locator(".side-card-B")).to_be_visible()
    expect(page.locator(".scenario-select-B")).to_contain_text("austerity.yaml")
    expect(page.locator(".week-counter")).to_contain_text("Week 10 of")
    expect(page.locator(".run-summary")).to_contain_text("B - A")
    cost_row = summary(page).split("Public cost")[1].splitlines()[0]
    assert cost_row.split()[-1] == "0"  # a copy: no difference yet
    # item 6, branch here: a change of B branches it from A at week 10, A's run goes on
    page.locator(".side-card-B").get_by_text("Generalist neighbourhood teams",
                                             exact=True).click()
    expect(page.locator(".branch-note")).to_contain_text("B branched from A at week 10")
    expect(page.locator(".week-counter")).to_contain_text("Week 10 of")
    run_weeks(page, 10)
    expect(page.locator(".week-counter")).to_contain_text("Week 20 of")
    cost_row = summary(page).split("Public cost")[1].splitlines()[0]
    assert cost_row.split()[-1] not in ("0", "+0")  # teams from week 10 on


def test_replications_show_intervals(browser, app_url):
    """Issue 13 (item 1): when a run ends, replications start by themselves (with progress)
    and give a table of means with 95% intervals; the button runs another count."""
    context, page = open_app(browser, app_url + "?residents=300&years=1&a=baseline.yaml")
    try:
        intervals = page.locator(".replication-intervals")
        expect(intervals).to_have_count(0)  # not before the run has ended
        page.locator(".run-play").click()
        expect(page.locator(".week-counter")).to_contain_text("Week 52 of 52",
                                                              timeout=STEP_TIMEOUT_MS)
        expect(intervals).to_contain_text("5 seeds; 95% intervals over the seeds",
                                          timeout=STEP_TIMEOUT_MS)
        assert " to " in intervals.inner_text()
        page.get_by_text("Replications (bands over seeds)").click()
        page.get_by_role("button", name="Run 5 replications of 1 years").click()
        expect(intervals).to_contain_text("5 seeds; 95% intervals", timeout=STEP_TIMEOUT_MS)
        # other settings: the intervals of the old ones are gone
        page.locator(".run-reset").click()
        expect(page.locator(".week-counter")).to_contain_text("Week 0 of")
    finally:
        context.close()


def test_every_control_has_an_accessible_name(page):
    """Issue 13 (item 3): screen readers can name every slider, checkbox and select, and
    every picture has alternative text."""
    page.locator(".compare-switch").click()
    expect(page.locator(".side-card-B")).to_be_visible()
    unnamed = []
    for role in ("slider", "checkbox", "switch", "combobox", "textbox", "button"):
        for control in page.get_by_role(role).all():
            name = control.evaluate(
                "e => e.getAttribute('aria-label') || (e.labels && e.labels[0] && "
                "e.labels[0].innerText) || e.getAttribute('aria-labelledby') || "
                "(e.getAttribute('role') === 'button' || e.tagName === 'BUTTON' ? "
                "e.innerText : '') || ''")
            if not name.strip():
                unnamed.append(f"{role}: {control.evaluate('e => e.outerHTML')[:120]}")
    run_weeks(page, 1)
    for image in page.locator("img").all():
        if not (image.get_attribute("alt") or "").strip():
            unnamed.append(f"img without alt text: {image.get_attribute('class')}")
    assert not unnamed, f"{len(unnamed)} without a name:\n" + "\n".join(unnamed[:10])
    grid = page.locator(".grid-A [role=img]").get_attribute("aria-label")
    assert "coloured by life satisfaction" in grid


def open_on_a_phone(browser, url: str, waiting_for: str):
    """A new session of the app at ``url`` on a 390x844 touch screen, loaded up to the text
    ``waiting_for``."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    page.get_by_text(waiting_for).first.wait_for()
    return context, page


def test_the_page_works_on_a_phone(browser, app_url):
    """Issue 13 (item 3): at 390x844 the controls are a drawer that fits the screen (sliders
    keep their width, the seed field is there); closed, the results take the full width; a
    week runs."""
    context, page = open_on_a_phone(browser, app_url + "?residents=300&years=1&a=baseline.yaml",
                                    "Week 0 of")
    try:
        seed = page.locator(".seed-input input")
        expect(seed).to_be_visible()
        for slider in page.locator(".app-controls .v-slider").all()[:3]:  # the track
            box = slider.bounding_box()
            assert box is not None and box["width"] > 200, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        save_screenshot(page, "app_phone_controls")
        page.locator(".v-app-bar__nav-icon").click()  # close the drawer
        expect(page.locator(".app-controls")).not_to_be_in_viewport()
        counter = page.locator(".week-counter").bounding_box()
        assert counter["x"] < 60, counter
        page.locator(".v-app-bar__nav-icon").click()  # the controls again
        page.locator(".run-step").click()
        expect(page.locator(".week-counter")).to_contain_text("Week 1 of",
                                                              timeout=STEP_TIMEOUT_MS)
        save_screenshot(page, "app_phone")
    finally:
        context.close()


def open_in(browser, url: str, waiting_for: str):
    """A new session of the app at ``url``, loaded up to the text ``waiting_for``."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    page.get_by_text(waiting_for).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    return context, page


def test_the_page_in_dutch_has_no_english_left(browser, app_url):
    """Issue 13 (item 8): with NL chosen every text of the page is Dutch (controls, teaching,
    all parameters, results, groups, charts' descriptions) and numbers have a decimal comma;
    the choice is remembered by the browser, and EN switches back."""
    context, page = open_in(browser, app_url + "?lang=nl&residents=1000&a=baseline.yaml",
                            "Week 0 van")
    try:
        page.locator(".compare-switch").click()
        page.locator(".run-weeks").click()
        expect(page.locator(".week-counter")).to_contain_text("Week 10 van",
                                                              timeout=STEP_TIMEOUT_MS)
        expect(page.locator(".run-summary")).to_contain_text("per inwoner per jaar")
        seed = page.locator(".seed-input input")
        seed.fill("abc")
        seed.press("Enter")
        expect(page.get_by_text("de seed moet een geheel getal zijn")).to_be_visible()
        seed.fill("1")
        seed.press("Enter")
        page.get_by_text("Alle parameters").first.click()
        page.get_by_text("Over: ").first.click()
        page.wait_for_timeout(500)
        save_screenshot(page, "test_the_page_in_dutch")
        english = english_on(page)
        assert not english, f"English on the Dutch page: {english}"
        assert re.search(r"\d,\d", page.locator(".run-summary").inner_text())
        # remembered: a new page in this browser, without lang in its address, is Dutch
        other = context.new_page()
        other.goto(app_url)
        other.get_by_text("Week 0 van").wait_for(timeout=LOAD_TIMEOUT_MS)
        other.locator(".lang-switch").get_by_text("EN").click()
        expect(other.locator(".week-counter")).to_contain_text("Week 0 of")
        expect(other).to_have_url(re.compile(r"lang=en"))
    finally:
        context.close()


def test_a_dutch_browser_gets_the_dutch_page(browser, app_url):
    """Issue 13 (item 8): without a choice, the page follows the browser's language."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100}, locale="nl-NL")
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(app_url + "?residents=300&years=1&a=baseline.yaml")
        page.get_by_text("Week 0 van").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        expect(page).to_have_url(re.compile(r"lang=nl"))
    finally:
        context.close()


# the example town (8 neighbourhoods, 26,070 residents) is built, warmed up (the last year
# together) and run on the server: ~20 s on a quiet machine, much longer while the other test
# worker runs its own models
TOWN_TIMEOUT_MS = 4 * STEP_TIMEOUT_MS


def start_the_town(page, button: str, attempts: int = 3) -> None:
    """Click the town panel's run button until its run has started: a progress bar, or what
    a run leaves (the table, or an error box).

    A click is sometimes not delivered to the server at all in a loaded full test run (seen
    twice in about ten fresh-clone runs, on a phone: the server's log showed no run, the
    button stayed enabled with no progress); a user would click again, and so does the test,
    but only while the button is enabled and nothing shows that a run began (a run that did
    begin is never started twice). The server logs every press and run (``wijksim town``
    lines in the app's log).
    """
    started = page.locator(".municipality .v-progress-linear, .municipality-table, "
                           ".municipality .v-alert").first
    run = page.get_by_role("button", name=button)
    for _ in range(attempts):
        if started.count() == 0 and run.is_enabled():
            run.click()
        try:
            expect(started).to_be_attached(timeout=STEP_TIMEOUT_MS // 2)
            return
        except AssertionError:
            continue
    raise AssertionError(f"{attempts} clicks on {button!r} started no town run")


def test_the_municipality_is_one_click_away(browser, app_url):
    """Issue 10 (items 5 and 6): one neighbourhood is the default; the municipality panel runs
    scenario A in every neighbourhood of the example town and shows who falls behind where, a
    table per neighbourhood and a map with alternative text."""
    context, page = open_in(browser, app_url + "?years=1&a=generalist_teams.yaml", "Week 0 of")
    try:
        expect(page.locator(".municipality-table")).to_have_count(0)
        page.get_by_text("A municipality: these settings in every neighbourhood").click()
        start_the_town(page, "Run the town")
        table = page.locator(".municipality-table")
        expect(table).to_contain_text("Municipality", timeout=TOWN_TIMEOUT_MS)
        for name in ("Centrum", "Zuiderpark", "Kerkbuurt"):
            expect(table).to_contain_text(name)
        assert len(table.locator("tr").all()) == 1 + 8 + 1  # header, neighbourhoods, town
        expect(page.locator(".municipality-behind")).to_contain_text("Who falls behind where")
        picture = page.locator("img.municipality-map")
        expect(picture).to_be_visible()
        assert "coloured by public cost" in picture.get_attribute("alt")
        assert picture.evaluate("e => e.naturalWidth") > 400
        save_screenshot(page, "app_municipality")
    except Exception:
        save_screenshot(page, "app_municipality_failed")  # what the page showed
        raise
    finally:
        context.close()


def test_the_municipality_on_a_phone_in_dutch(browser, app_url):
    """The municipality panel on a phone, in Dutch: no English, the table fits the page."""
    context, page = open_on_a_phone(browser, app_url + "?lang=nl&years=1&a=baseline.yaml",
                                    "Week 0 van")
    try:
        # the drawer opens under the app bar: a tap on its menu button closes it
        page.touchscreen.tap(28, 28)
        expect(page.locator(".app-controls")).not_to_be_in_viewport()
        page.get_by_text("Een gemeente: deze instellingen in elke wijk").click()
        start_the_town(page, "Draai het dorp")
        table = page.locator(".municipality-table")
        expect(table).to_contain_text("Gemeente", timeout=TOWN_TIMEOUT_MS)
        expect(page.locator(".municipality-behind")).to_contain_text("Wie waar achterblijft")
        picture = page.locator("img.municipality-map")
        expect(picture).to_be_visible()  # (the picture is decoded after the table is shown)
        box = picture.bounding_box()
        assert box is not None and box["width"] <= 390, box
        english = english_on(page)
        assert not english, f"English on the Dutch page: {english}"
        save_screenshot(page, "app_municipality_phone_nl")
    except Exception:
        save_screenshot(page, "app_municipality_phone_nl_failed")  # what the page showed
        raise
    finally:
        context.close()
