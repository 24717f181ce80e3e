"""Real browser: a package full of markup and bare URLs is shown as text on every page, never as markup.

Names, summaries, actors, domains, stages and event titles carry ``<b>``, ``<a href>``, ``<img onerror>``
and bare ``https://`` addresses; the only links in the DOM may be the app's own and the source's
http(s) URL. (A ``javascript:`` source URL cannot reach a page: validation refuses it, see test_load.)
"""

from __future__ import annotations

import json

import pytest

from browser_support import ARTIFACTS, start_server, stop_server, wait_for_app
from conftest import TINY, write_package

pytestmark = pytest.mark.browser

HOSTILE = ('<b>bold</b> <a href="https://example.com/evil">evil link</a> '
           '<img src=x onerror="window.__pwned=1"> https://example.com/bare www.example.com')
SOURCE_URL = "https://example.org/t1"
PAGES = ["", "Draft_vs_Final", "Actors", "Timeline", "Follow_up", "Data_and_Sources", "Partnerships_compared", "Your_data"]
PLOTLY_PAGES = {"", "Draft_vs_Final", "Actors", "Timeline"}

# Every anchor, bold run and image in the page, SVG (Plotly) included, as plain data.
DOM_PROBE = """() => {
  const all = [...document.querySelectorAll('a')].map(a => ({
    href: a.getAttribute('href') || a.getAttribute('xlink:href') || '', text: a.textContent}));
  const bold = [...document.querySelectorAll('b, strong, tspan')]
    .filter(e => e.tagName.toLowerCase() !== 'tspan' || /bold/.test(e.getAttribute('style') || ''))
    .map(e => e.textContent);
  const images = [...document.querySelectorAll('img')].map(i => i.getAttribute('src') || '');
  return {anchors: all, bold: bold, images: images, pwned: window.__pwned === 1};
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    tables = json.loads(json.dumps(TINY))
    for table, column in (("elements", "name"), ("elements", "domain"), ("elements", "summary"), ("actors", "name"),
                          ("stages", "label"), ("events", "title"), ("events", "summary")):
        for row in tables[table]:
            row[column] = f"{row[column]} {HOSTILE}"
    path = write_package(tmp_path_factory.mktemp("hostile"), tables)
    running = start_server(ARTIFACTS / "logs", env={"DASHBOARD_DATA": str(path)})
    yield running
    stop_server(running)
    assert "Traceback" not in running.log_text(), running.log_text()


@pytest.mark.parametrize("path", PAGES)
def test_hostile_data_is_text_on_every_page(browser, hostile_server, path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{hostile_server.url}/{path}")
        wait_for_app(page)
        if path in PLOTLY_PAGES:
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=20_000)
            page.wait_for_timeout(500)
        found = page.evaluate(DOM_PROBE)
        assert not found["pwned"]
        assert not any(src == "x" for src in found["images"]), found["images"]
        born = [a for a in found["anchors"] if "example.com" in a["href"] or "evil link" in a["text"]
                or a["href"].lower().startswith(("javascript:", "data:"))]
        assert not born, born
        external = {a["href"] for a in found["anchors"] if a["href"].startswith("http")
                    and not a["href"].startswith(hostile_server.url)}
        assert external <= {SOURCE_URL, "https://streamlit.io", "https://streamlit.io/"}, external
        assert not [text for text in found["bold"] if text.strip() == "bold"], found["bold"]
        assert page.locator('[data-testid="stException"]').count() == 0
        if path == "":
            assert "<b>bold</b>" in page.locator('[data-testid="stMain"]').inner_text(), "markup is shown as text"
    finally:
        context.close()
