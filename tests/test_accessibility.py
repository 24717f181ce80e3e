"""WCAG 2.1 AA, measured: axe-core in Chromium over every page, with zero serious or critical violations."""

from __future__ import annotations

import os

import pytest

from browser_support import (
    ARTIFACTS,
    AXE,
    axe_violations,
    describe_violations,
    heading_levels,
    start_server,
    stop_server,
    wait_for_app,
)
from conftest import ROOT

pytestmark = pytest.mark.browser

PAGES = ["", "Draft_vs_Final", "Actors", "Timeline", "Follow_up", "Data_and_Sources", "Partnerships_compared", "Your_data"]
# A deep link into another partnership (India once its package lands; Korea until then).
PARTNER_LINK = "?partnership=" + ("eu-ind-sdp" if (ROOT / "data" / "eu-india").is_dir() else "eu-kor-sdp")
CHART = '[data-testid="stVegaLiteChart"] svg, .js-plotly-plot, [data-testid="stDataFrame"]'


@pytest.fixture(scope="module")
def server():
    if not AXE.is_file():
        reason = f"axe-core is not installed at {AXE} (run `npm ci`)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    running = start_server(ARTIFACTS / "logs")
    yield running
    stop_server(running)


@pytest.mark.parametrize("path", [*PAGES, "Actors?actor=China", "?actor=EU+Naval+Force&actor=China", PARTNER_LINK,
                                  f"Partnerships_compared{PARTNER_LINK}", f"Draft_vs_Final{PARTNER_LINK}"])
def test_page_has_no_serious_or_critical_wcag_violation(server, page, path):
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    if page.locator(CHART).count():
        page.locator(CHART).first.wait_for(state="visible", timeout=20_000)
    violations = axe_violations(page)
    assert not violations, f"/{path}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("path", PAGES)
def test_headings_go_down_one_level_at_a_time(server, page, path):
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    levels = heading_levels(page)
    assert levels.count(1) == 1, levels
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not skips, f"/{path}: heading levels {levels}"


@pytest.mark.parametrize("path", ["", "Draft_vs_Final", "Actors", "Timeline", "Follow_up", "Partnerships_compared"])
def test_every_chart_is_named_by_its_computed_summary(server, page, path):
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    charts = page.locator('[data-testid="stPlotlyChart"], [data-testid="stVegaLiteChart"]')
    charts.first.wait_for(state="visible", timeout=20_000)
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    names = [charts.nth(i).get_attribute("aria-label") for i in range(charts.count())]
    assert names and all(name and name != "Vega visualization" for name in names), names
    assert all(name in captions for name in names), (names, captions)


def test_the_filters_and_the_download_work_from_the_keyboard_alone(server, page):
    page.goto(server.url)
    wait_for_app(page)
    actors = page.locator(".st-key-actors input")
    for _ in range(40):  # Tab through the sidebar until the actor filter has the focus
        page.keyboard.press("Tab")
        if actors.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the actor filter cannot be reached with Tab")
    page.keyboard.type("China")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)
    assert "actor=China" in page.url
    button = page.locator(".st-key-download_csv").get_by_role("button", name="Download filtered CSV")
    for _ in range(40):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the download button cannot be reached with Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
