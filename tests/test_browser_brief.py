"""The brief downloaded from the real dashboard opens offline and holds the view it was made from."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from browser_support import ARTIFACTS, ROOT, wait_for_app
from pact import load_package
from pact.codebook import citation
from pact.filters import Filters, analysis_view, apply_filters

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def china_view():
    """What the dashboard shows with ?actor=China: its elements and the quotes behind its rows."""
    package = load_package(ROOT / "data" / "datapackage.json")
    view = apply_filters(analysis_view(package, "draft", "final"), Filters(actors=("China",)))
    return package, sorted(set(view["element"])), sorted(set(view["evidence"].dropna()))


def flat(text: str) -> str:
    return " ".join(text.split())


def download_from_dashboard(browser, server, key: str, label: str, tmp_path) -> tuple[str, bytes]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/?actor=China")
        wait_for_app(page)
        with page.expect_download(timeout=90_000) as download:
            page.locator(f'[data-testid="stSidebar"] .st-key-{key}').get_by_role("button", name=label).click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        return target.name, target.read_bytes()
    finally:
        context.close()


def test_the_brief_opens_offline_and_holds_the_view(browser, server, china_view, tmp_path):
    package, elements, quotes = china_view
    name, data = download_from_dashboard(browser, server, "download_brief", "Download brief", tmp_path)
    assert name.endswith("_brief.html") and "actor-china" in name
    saved = tmp_path / "brief.html"
    saved.write_bytes(data)

    # A new context with the network cut: the brief must need nothing but its own file.
    context = browser.new_context(offline=True)
    requested = []
    own = saved.as_uri()

    def only_the_file(route):
        if route.request.url == own:
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    try:
        page = context.new_page()
        page.goto(own)
        text = flat(page.locator("body").inner_text())
        assert requested == [], f"the brief asked the network for {requested}"
        assert page.locator("script").count() == 0
        assert page.locator("figure svg").count() == 2, "both charts drawn, offline"
        assert flat(citation(package, date.today())) in text
        assert "version 1.2.0" in text and "Filters Filtered: actor = China" in text
        assert [e for e in elements if e not in text] == [], "every element in view is in the brief"
        assert [q for q in quotes if flat(q) not in text] == [], "every quote behind the view is in the brief"
        link = page.get_by_role("link", name=f"{server.url}/?actor=China")
        assert link.get_attribute("href") == f"{server.url}/?actor=China"

        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "brief_actor_china.png"), full_page=True)
        page.pdf(path=str(ARTIFACTS / "screenshots" / "brief_actor_china.pdf"), format="A4")
    finally:
        context.close()


def test_the_word_brief_reads_back_with_the_same_content(browser, server, china_view, tmp_path):
    package, elements, quotes = china_view
    name, data = download_from_dashboard(browser, server, "download_brief_docx", "Download brief (Word)", tmp_path)
    assert name.endswith("_brief.docx")
    document = docx.Document(io.BytesIO(data))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert citation(package, date.today()) in text
    assert "version 1.2.0" in text and "Filters: Filtered: actor = China" in text
    assert [e for e in elements if e not in text] == []
    assert [q for q in quotes if q not in text] == []
    assert len(document.inline_shapes) == 2
