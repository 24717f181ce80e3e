"""Real browser: a package full of markup and bare URLs is shown as text on every page, never as markup.

Names, summaries, actors, domains, stages and event titles carry ``<b>``, ``<a href>``, ``<img onerror>``
and bare ``https://`` addresses; the only links in the DOM may be the app's own and the source's
http(s) URL. (A ``javascript:`` source URL cannot reach a page: validation refuses it, see test_load.)
"""

from __future__ import annotations

import html
import io
import json
import urllib.request
import zipfile

import docx
import pytest

from browser_support import ARTIFACTS, start_server, stop_server, wait_for_app
from conftest import TINY, write_package

pytestmark = pytest.mark.browser

HOSTILE = ('<b>bold</b> <a href="https://example.com/evil">evil link</a> '
           '<img src=x onerror="window.__pwned=1"> https://example.com/bare www.example.com')
SOURCE_URL = "https://example.org/t1"
PAGES = ["", "Draft_vs_Final", "Actors", "Timeline", "Follow_up", "Data_and_Sources", "Partnerships_compared", "Your_data"]
PLOTLY_PAGES = {"", "Actors", "Timeline"}
# Draft vs Final draws with Vega-Lite only since its status Sankey gave way to the stage paths.
VEGA_PAGES = {"Draft_vs_Final", "Follow_up"}  # (the atlas compares bundled partnerships only)

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
        elif path in VEGA_PAGES:
            page.locator('[data-testid="stVegaLiteChart"] svg').first.wait_for(state="visible", timeout=30_000)
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


# XML-forbidden controls (Word refuses them; vl-convert used to abort the whole server on them) and bidi overrides.
CONTROLS = "\x01\x07\x0b\x1b"
BIDI = "\u202e\u2066"
PAGE_LINKS = ("Overview", "Draft vs Final", "Actors", "Timeline", "Follow-up", "Data & Sources", "Partnerships compared",
              "Your data")


def healthy(server) -> bool:
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as response:
        return response.read().strip() == b"ok" and server.process.poll() is None


def control_character_zip(folder) -> bytes:
    tables = json.loads(json.dumps(TINY))
    for table, column in (("elements", "name"), ("elements", "domain"), ("elements", "summary"), ("actors", "name"),
                          ("stages", "label"), ("events", "title"), ("sources", "publisher")):
        for row in tables[table]:
            row[column] = f"{row[column]} {CONTROLS}{BIDI}txet{BIDI[0]}"
    path = write_package(folder / "controls", tables)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**descriptor, "name": "control-characters"}), encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in path.parent.rglob("*"):
            if file.is_file():
                archive.write(file, file.relative_to(path.parent).as_posix())
    return buffer.getvalue()


def test_an_upload_with_control_characters_and_bidi_overrides_never_takes_the_server_down(server, page, tmp_path):
    upload = tmp_path / "controls.zip"
    upload.write_bytes(control_character_zip(tmp_path))
    page.goto(f"{server.url}/Your_data")
    wait_for_app(page)
    page.locator(".st-key-upload input[type=file]").set_input_files(str(upload))
    page.get_by_text("Loaded controls.zip").wait_for(timeout=60_000)
    wait_for_app(page)
    assert healthy(server), "after the upload"

    # In-app links keep the session, and with it the upload.
    for name in PAGE_LINKS:
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).click()
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert healthy(server), f"after opening {name}"

    for key, label in (("download_brief", "Download brief"), ("download_brief_docx", "Download brief (Word)")):
        with page.expect_download(timeout=120_000) as download:
            page.locator(f'[data-testid="stSidebar"] .st-key-{key}').get_by_role("button", name=label).click()
        data = open(download.value.path(), "rb").read()
        assert healthy(server), f"after {label}"
        if key == "download_brief":
            shown = html.unescape(data.decode("utf-8"))
            assert "could not be built" not in shown and "The chart was left out" not in shown
            assert shown.count("<svg") == 2, "both charts are drawn"
            text = shown
        else:
            document = docx.Document(io.BytesIO(data))
            text = "\n".join([p.text for p in document.paragraphs]
                             + [c.text for t in document.tables for r in t.rows for c in r.cells])
            assert "could not be built" not in text
        # Forbidden characters are replaced visibly, the same in both briefs; bidi controls are kept.
        assert f"Security dialogue \ufffd\ufffd\ufffd\ufffd{BIDI}txet{BIDI[0]}" in text, label
    wait_for_app(page)
    assert not page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]').filter(
        has_text="could not be built").count()
