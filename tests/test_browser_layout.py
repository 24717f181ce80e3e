"""Every page at a laptop's width and a phone's (390 x 844) in real Chromium: nothing wider than the
screen, no sideways scroll needed, every chart drawn at a usable size with its marks on screen.

Run with ``SAVE_DOCS_SCREENSHOTS=1`` to refresh the screenshots in ``docs/`` (laptop-*.png and
phone-*.png, whole pages, and phone-*-first-screen.png); every run keeps its own under
test-artifacts/.
"""

from __future__ import annotations

import os

import pytest

from browser_support import ARTIFACTS, ROOT, wait_for_app

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1440, 900), "phone": (390, 844)}
PAGES = {
    "": "overview",
    "Draft_vs_Final": "draft-vs-final",
    "Actors": "actors",
    "Timeline": "timeline",
    "Follow_up": "follow-up",
    "Data_and_Sources": "data-and-sources",
    "Partnerships_compared": "partnerships-compared",
    "Your_data": "your-data",
}
CHART = '[data-testid="stVegaLiteChart"], .js-plotly-plot'
# Pages whose charts must be drawn (the others hold tables and forms).
CHARTED = {"", "Draft_vs_Final", "Actors", "Timeline", "Follow_up", "Partnerships_compared"}
SYMBOLS = '[data-testid="stVegaLiteChart"] g.mark-symbol path, [data-testid="stVegaLiteChart"] g.mark-rect path'

LAYOUT = """([chartSelector, markSelector]) => {
  const vw = window.innerWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll(chartSelector)].map(e => {
    const r = e.getBoundingClientRect();
    return {width: r.width, height: r.height, left: r.left, right: r.right, scroll: e.scrollWidth, client: e.clientWidth};
  });
  const marks = [...document.querySelectorAll(markSelector)].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0).map(r => ({left: r.left, right: r.right}));
  return {vw, document: document.documentElement.scrollWidth, main: main ? [main.scrollWidth, main.clientWidth] : null,
          charts, marks};
}"""


def content_height(page) -> int:
    """Streamlit scrolls inside its main block, not the document: measure that for a whole-page picture."""
    return page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], section')].map(e => e.scrollHeight))"
    )


def save_screenshots(page, size: str, name: str, height: int) -> None:
    folders = [ARTIFACTS / "screenshots"] + ([ROOT / "docs"] if os.environ.get("SAVE_DOCS_SCREENSHOTS") else [])
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        if size == "phone":  # what a shared link shows first, before any scrolling
            page.screenshot(path=str(folder / f"{size}-{name}-first-screen.png"))
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(content_height(page), 6000)})
    page.wait_for_timeout(1500)  # charts redraw at the new height
    wait_for_app(page)
    for folder in folders:
        page.screenshot(path=str(folder / f"{size}-{name}.png"))
    page.set_viewport_size({"width": width, "height": height})


@pytest.fixture(scope="module")
def contexts(browser):
    made = {size: browser.new_context(viewport={"width": w, "height": h}) for size, (w, h) in WIDTHS.items()}
    yield made
    for context in made.values():
        context.close()


# Pages with a known layout fault, kept visible as expected failures rather than skipped (none now:
# the atlas's signature dates, once printed beside the marks, ran about 7 px off a phone's screen).
KNOWN: dict[tuple[str, str], str] = {}
CASES = [
    pytest.param(path, size, marks=pytest.mark.xfail(reason=KNOWN[(path, size)]) if (path, size) in KNOWN else ())
    for path in PAGES for size in WIDTHS
]


@pytest.mark.parametrize(("path", "size"), CASES)
def test_page_fits_the_screen_with_usable_charts(server, contexts, size, path):
    width, height = WIDTHS[size]
    page = contexts[size].new_page()
    try:
        page.goto(f"{server.url}/{path}")
        wait_for_app(page, timeout=60_000)
        if path in CHARTED:
            page.locator(CHART).first.wait_for(state="visible", timeout=30_000)
            page.wait_for_timeout(1000)  # Vega and Plotly finish drawing after the script run
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Traceback" not in page.content()

        layout = page.evaluate(LAYOUT, [CHART, SYMBOLS])
        save_screenshots(page, size, PAGES[path], height)  # before the checks: the gallery shows failures too
        assert layout["document"] <= width, f"the page scrolls sideways: {layout['document']} px > {width} px"
        scroll, client = layout["main"]
        assert scroll <= client + 1, f"content is clipped at the right: {scroll} px wide in {client} px"
        if path in CHARTED:
            assert layout["charts"], "the page draws its charts"
        for chart in layout["charts"]:
            assert chart["width"] >= min(300, width - 60) and chart["height"] >= 150, chart
            assert chart["right"] <= width + 1 and chart["scroll"] <= chart["client"] + 1, f"chart cut off: {chart}"
        for mark in layout["marks"]:
            assert -1 <= mark["left"] and mark["right"] <= width + 1, f"a mark is off-screen: {mark}"
    finally:
        page.close()


def test_the_phone_overview_reaches_content_within_one_screen(server, contexts):
    page = contexts["phone"].new_page()
    try:
        page.goto(server.url)
        wait_for_app(page, timeout=60_000)
        tiles = page.locator('[data-testid="stMetric"]')
        tiles.nth(7).wait_for(timeout=30_000)
        boxes = [tiles.nth(i).bounding_box() for i in range(tiles.count())]
        span = max(b["y"] + b["height"] for b in boxes) - min(b["y"] for b in boxes)
        assert span < 500, f"the tiles take {span:.0f} px of a 844 px phone screen"
        assert len({round(b["y"]) for b in boxes}) < len(boxes), "tiles share lines rather than one a line"
    finally:
        page.close()


def test_the_heatmaps_final_panel_is_on_a_phones_screen(server, contexts):
    page = contexts["phone"].new_page()
    try:
        page.goto(f"{server.url}/Actors")
        wait_for_app(page, timeout=60_000)
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.wait_for(state="visible", timeout=30_000)
        final = chart.locator("text", has_text="Final (1 Nov 2024)").first
        final.wait_for(state="attached", timeout=10_000)
        box = final.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        page.close()


def test_keyboard_focus_on_a_page_link_is_a_ring_unlike_the_current_page(server, contexts):
    page = contexts["laptop"].new_page()
    try:
        page.goto(f"{server.url}/Draft_vs_Final")
        wait_for_app(page, timeout=60_000)
        links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
        links.nth(1).focus()
        page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
        focused = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.textContent, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        current = links.nth(1).evaluate("e => getComputedStyle(e).outlineStyle")
        assert "Actors" in focused[0]
        assert focused[1] == "solid" and focused[2] >= 2, focused
        assert current == "none", "the current page has no ring, so the two differ"
    finally:
        page.close()
