"""Real-browser tests: the dashboard served by `streamlit run`, driven in headless Chromium."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pandas as pd
import pytest
from playwright.sync_api import expect

from browser_support import (
    ARTIFACTS,
    ROOT,
    start_server,
    stop_server,
    wait_for_app,
)
from pact import load_package
from pact.export import to_csv_bytes
from pact.filters import Filters, analysis_view, apply_filters

pytestmark = pytest.mark.browser

PAGES = {
    "": "Overview",
    "Draft_vs_Final": "Draft vs Final",
    "Actors": "Actors",
    "Timeline": "Timeline",
    "Follow_up": "Follow-up",
    "Data_and_Sources": "Data & Sources",
}
# What each page must have drawn: Plotly (.js-plotly-plot), Vega-Lite (stVegaLiteChart) or tables.
CHARTS = {
    "": [".js-plotly-plot"],
    "Draft_vs_Final": ['[data-testid="stVegaLiteChart"] svg'],
    "Actors": ['[data-testid="stVegaLiteChart"] svg', ".js-plotly-plot"],
    "Timeline": [".js-plotly-plot"],
    "Follow_up": ['[data-testid="stVegaLiteChart"] svg'],
    "Data_and_Sources": ['[data-testid="stDataFrame"]'],
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def bundled_view():
    package = load_package(ROOT / "data" / "datapackage.json")
    return package, analysis_view(package, "draft", "final")


def rows_in_sidebar(page) -> tuple[int, int]:
    text = page.locator('[data-testid="stSidebar"]').inner_text()
    shown, total = re.search(r"(\d+) of (\d+) rows", text).groups()
    return int(shown), int(total)


def assert_healthy(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()


def screenshot(page, name: str) -> None:
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{name}.png"), full_page=True)


def pick_actor(page, name: str) -> None:
    page.locator(".st-key-actors input").click()
    page.keyboard.type(name)
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def download_csv(page) -> bytes:
    with page.expect_download() as download:
        page.locator(".st-key-download_csv").get_by_role("button", name="Download filtered CSV").click()
    return open(download.value.path(), "rb").read()


def involved_actor(view: pd.DataFrame) -> str:
    """The actor in most elements short of half of them, so filtering visibly narrows every view."""
    elements = view.dropna(subset=["actor"]).groupby("actor")["element_id"].nunique()
    elements = elements[(elements >= 2) & (elements <= view["element_id"].nunique() // 2)]
    return str(elements.sort_values(kind="stable").index[-1])


@pytest.mark.parametrize("path", list(PAGES))
def test_deep_link_on_a_fresh_server_has_sidebar_and_charts(browser, path):
    fresh = start_server(ARTIFACTS / "logs")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{fresh.url}/{path}")
        wait_for_app(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.locator(".st-key-actors").count() == 1
        assert sidebar.locator(".st-key-download_csv").count() == 1
        assert sidebar.get_by_text(PAGES[path], exact=True).count() >= 1
        for selector in CHARTS[path]:
            page.locator(selector).first.wait_for(state="visible", timeout=20_000)
        assert_healthy(page)
        screenshot(page, f"page-{path or 'Overview'}")
    finally:
        context.close()
        stop_server(fresh)
    assert "Traceback" not in fresh.log_text()


def metric(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]', has_text=label).locator('[data-testid="stMetricValue"]').inner_text()


def test_actor_filter_updates_view_url_and_link_reproduces_it(browser, server, page, bundled_view):
    package, view = bundled_view
    actor = involved_actor(view)
    page.goto(server.url)
    wait_for_app(page)
    before = rows_in_sidebar(page)
    chart_summary = page.get_by_text(re.compile(r"across \d+ domain")).inner_text()
    assert metric(page, "Elements in view") == str(len(package.elements))
    pick_actor(page, actor)
    after = rows_in_sidebar(page)
    filtered = apply_filters(view, Filters(actors=(actor,)))
    assert after == (len(filtered), before[1]) and len(filtered) < before[0]
    assert metric(page, "Elements in view") == str(filtered["element_id"].nunique())
    assert page.get_by_text(re.compile(r"across \d+ domain")).inner_text() != chart_summary, "the chart's data changed"
    assert f"actor={quote(actor).replace('%20', '+')}" in page.url or f"actor={quote(actor)}" in page.url
    screenshot(page, "actor-filtered")

    shared = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = shared.new_page()
        other.goto(page.url)
        wait_for_app(other)
        assert rows_in_sidebar(other) == after
        chips = other.locator(".st-key-actors .react-aria-ComboBox [data-tag]")
        chips.first.wait_for(timeout=10_000)
        assert [chips.nth(i).get_attribute("aria-label") for i in range(chips.count())] == [actor]
    finally:
        shared.close()


def test_download_is_exactly_the_filtered_rows(server, page, bundled_view):
    package, view = bundled_view
    actor = involved_actor(view)
    page.goto(f"{server.url}/Data_and_Sources?actor={quote(actor)}")
    wait_for_app(page)
    data = download_csv(page)
    assert data.startswith(b"\xef\xbb\xbf")
    expected = apply_filters(view, Filters(actors=(actor,)))
    assert data == to_csv_bytes(expected)
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(frame) == rows_in_sidebar(page)[0] == len(expected)
    assert set(frame["actor"]) == {actor}
    assert not any(cell.startswith(TRIGGERS) for cell in frame.to_numpy().ravel())


def test_clicking_a_chart_point_shows_that_elements_evidence_and_sets_the_picker(server, page):
    page.goto(f"{server.url}/Draft_vs_Final")
    wait_for_app(page)
    point = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol path').nth(3)
    point.wait_for(state="visible")
    label = point.get_attribute("aria-label") or ""
    element = re.search(r"element: ([^;]+)", label).group(1).strip()
    point.click(force=True)  # a ring's centre is its stage's twin diamond: the same element either way
    wait_for_app(page)
    picker = page.locator(".st-key-evidence_element")
    expect(picker.locator("input")).to_have_value(element, timeout=10_000)  # the picker stays, showing the click
    assert page.locator("strong", has_text=element).count() >= 1
    picker.locator("input").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Port calls")
    page.get_by_role("option", name="Port calls", exact=True).click()
    wait_for_app(page)
    expect(picker.locator("input")).to_have_value("Port calls")  # choosing afterwards is kept, not undone by the chart
    assert page.locator("strong", has_text="Port calls").count() >= 1
    screenshot(page, "chart-selection")
    assert_healthy(page)


def test_hostile_url_parameters_are_ignored_with_a_notice(server, page):
    payload = '<img src=x onerror="window.__pwned=1">'
    page.goto(
        f"{server.url}/Actors?actor={quote(payload)}&actor=&actor={'x' * 10_000}&actor=Atlantis"
        f"&unknown=1&from=final&to=final"
    )
    wait_for_app(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    text = " ".join(alerts)
    assert "Atlantis" in text and "unknown" in text and "10,000 characters" in text
    assert page.evaluate("window.__pwned") is None
    page.locator('[data-testid="stVegaLiteChart"] svg').first.wait_for(state="visible", timeout=20_000)
    assert_healthy(page)
    screenshot(page, "hostile-url")


def test_twenty_sessions_at_once_each_get_their_own_rows(browser, server, bundled_view):
    package, view = bundled_view
    actors = sorted(view["actor"].dropna().unique())
    chosen = [actors[i % len(actors)] for i in range(20)]
    contexts = [browser.new_context(accept_downloads=True) for _ in chosen]
    try:
        pages = [c.new_page() for c in contexts]
        for page, actor in zip(pages, chosen):
            page.goto(f"{server.url}/Data_and_Sources?actor={quote(actor)}", wait_until="commit")
        for number, (page, actor) in enumerate(zip(pages, chosen)):
            wait_for_app(page, timeout=120_000)
            expected = apply_filters(view, Filters(actors=(actor,)))
            assert rows_in_sidebar(page)[0] == len(expected), f"session {number} ({actor}): wrong rows"
            assert download_csv(page) == to_csv_bytes(expected), f"session {number} ({actor}): wrong download"
        # Checked while the sessions are still open: what closing 20 browsers at once logs is teardown.
        log = server.log_text()
        assert server.process.poll() is None, "the server stayed up"
        assert "Traceback" not in log and "Error" not in log, log[-3000:]
    finally:
        for context in contexts:
            context.close()


def test_upload_through_the_real_widget_switches_only_this_session(browser, server, page, tiny, tmp_path):
    exported = to_csv_bytes(analysis_view(tiny, "draft", "final"))
    upload = tmp_path / "edited.csv"
    upload.write_bytes(exported)
    page.goto(f"{server.url}/Your_data")
    wait_for_app(page)
    bundled_rows = rows_in_sidebar(page)
    page.locator(".st-key-upload input[type=file]").set_input_files(str(upload))
    page.get_by_text("Loaded edited.csv").wait_for(timeout=30_000)
    wait_for_app(page)
    assert rows_in_sidebar(page) == (len(exported.splitlines()) - 1,) * 2
    screenshot(page, "upload")

    # In-app navigation keeps the session (a full page load would start a new one).
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Data & Sources").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Data & Sources").wait_for()
    assert download_csv(page) == exported, "the uploaded data round-trips through the download"

    other = browser.new_context()
    try:
        stranger = other.new_page()
        stranger.goto(f"{server.url}/Data_and_Sources")
        wait_for_app(stranger)
        assert rows_in_sidebar(stranger) == bundled_rows, "another session still sees the bundled data"
    finally:
        other.close()
