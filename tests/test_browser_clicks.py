"""Charts answer a click: a domain bar or an actor sets the sidebar filter, and "Clear filters" undoes it."""

from __future__ import annotations

import re

import pytest

from browser_support import wait_for_app
from conftest import ROOT

pytestmark = pytest.mark.browser


def chips(page, key: str) -> list[str]:
    """The values a sidebar multiselect shows."""
    return page.locator(f".st-key-{key} [data-tag]").evaluate_all("tags => tags.map(t => t.getAttribute('aria-label'))")


def click_plotly(page, mark) -> None:
    """Plotly takes clicks on its drag layer, above the marks: click where the mark is drawn."""
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 2, y)
    page.mouse.move(x, y)
    # Plotly picks the clicked point from its hover state: click once the hover label is up.
    page.locator(".hoverlayer .hovertext").first.wait_for(state="visible", timeout=10_000)
    page.mouse.click(x, y)


def elements_in_view(page) -> int:
    metric = page.locator('[data-testid="stMetric"]', has_text="Elements in view")
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text())


def test_clicking_a_domain_bar_filters_by_that_domain_and_clear_undoes_it(server, page):
    page.goto(server.url)
    wait_for_app(page)
    total = elements_in_view(page)
    bar = page.locator(".js-plotly-plot .barlayer .point path").first
    bar.wait_for(state="visible")
    click_plotly(page, bar)
    wait_for_app(page)
    picked = chips(page, "domains")
    assert len(picked) == 1, picked
    assert "domain=" in page.url
    assert 0 < elements_in_view(page) < total
    page.get_by_role("button", name="Clear filters").click()
    wait_for_app(page)
    assert chips(page, "domains") == [] and elements_in_view(page) == total
    assert "domain=" not in page.url


def test_clicking_a_heatmap_cell_filters_by_its_actor_and_opens_the_profile(server, page):
    page.goto(f"{server.url}/Actors")
    wait_for_app(page)
    cell = page.locator('[data-testid="stVegaLiteChart"] g.mark-rect path[aria-label*="actor: China"]').first
    cell.wait_for(state="visible")
    cell.click()
    wait_for_app(page)
    assert chips(page, "actors") == ["China"]
    assert re.search(r"actor=China", page.url)
    assert page.locator("strong", has_text="China").count() >= 1, "the profile opens on China"


def test_clicking_an_actor_in_the_network_filters_by_that_actor(server, page):
    page.goto(f"{server.url}/Actors")
    wait_for_app(page)
    label = page.locator(".js-plotly-plot .scatterlayer .textpoint", has_text="Russia").first
    label.wait_for(state="visible")
    node = label.locator("xpath=../..").locator(".points .point").nth(
        label.evaluate("t => [...t.parentNode.children].indexOf(t)")
    )
    click_plotly(page, node)
    wait_for_app(page)
    assert chips(page, "actors") == ["Russia"]


def test_clicking_a_timeline_event_shows_its_quote_and_source(server, page):
    page.goto(f"{server.url}/Timeline")
    wait_for_app(page)
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    point.wait_for(state="visible")
    click_plotly(page, point)
    wait_for_app(page)
    evidence = page.locator(".st-key-event_evidence")
    evidence.wait_for(timeout=10_000)
    assert evidence.locator("blockquote").inner_text().strip(), "the event's quote is shown"
    assert "precision" in evidence.inner_text()


def test_the_timeline_opens_on_the_partnership_window_and_can_show_everything(server, page):
    page.goto(f"{server.url}/Timeline")
    wait_for_app(page)
    focused = page.locator(".js-plotly-plot .scatterlayer .point").count()
    page.locator(".st-key-timeline_window").get_by_text("Whole span", exact=True).click()
    wait_for_app(page)
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() > focused


def test_clicking_a_lifecycle_mark_shows_its_evidence(server, page):
    page.goto(f"{server.url}/Follow_up")
    wait_for_app(page)
    mark = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol path[aria-label*="Held"]').first
    mark.wait_for(state="visible", timeout=20_000)
    label = mark.get_attribute("aria-label") or ""
    element = re.search(r"element: ([^;]+)", label).group(1).strip()
    mark.click()
    wait_for_app(page)
    evidence = page.locator(".st-key-mark_evidence")
    evidence.wait_for(timeout=10_000)
    assert element in evidence.inner_text()
    assert evidence.locator("blockquote").inner_text().strip(), "a follow-up mark shows its quote"


# The atlas test opens the newest partnership with a reported draft, as an analyst following a link to it would.
ATLAS_PARTNERSHIP, ATLAS_LABEL = ("eu-ind-sdp", "EU–India") if (ROOT / "data" / "eu-india").is_dir() else (
    "eu-kor-sdp", "EU–Korea")


def test_a_partnership_link_opens_the_atlas_and_a_cell_click_reads_its_quote(server, page):
    page.goto(f"{server.url}/Partnerships_compared?partnership={ATLAS_PARTNERSHIP}")
    # The first visit loads and validates every bundled package (a few seconds, more on a busy machine).
    wait_for_app(page, timeout=90_000)
    assert f"partnership={ATLAS_PARTNERSHIP}" in page.url, "the link keeps naming its partnership"
    cell = page.locator(
        f'[data-testid="stVegaLiteChart"] g.mark-rect path[aria-label*="partnership: {ATLAS_LABEL}"]'
        '[aria-label*="state: Present"]'
    ).first
    cell.wait_for(state="visible", timeout=60_000)
    topic = re.search(r"topic: ([^;]+)", cell.get_attribute("aria-label") or "").group(1).strip()
    cell.click()
    wait_for_app(page)
    evidence = page.locator(".st-key-atlas_evidence")
    assert ATLAS_LABEL in evidence.inner_text() and topic in evidence.inner_text()
    assert evidence.locator("blockquote").inner_text().strip(), "the cell's quote is shown"
