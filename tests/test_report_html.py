"""The brief as HTML: self-contained, prints on A4, and never turns data into markup or links."""

import re
from html.parser import HTMLParser

import pytest

from conftest import BUNDLED
from pact import load_package
from pact.filters import Filters
from pact.report_html import UnsafeSvg, render_html, safe_svg
from report_support import HOSTILE_DOMAIN, HOSTILE_NAME, HOSTILE_PUBLISHER, HOSTILE_QUOTE, brief_of, hostile_package


class Page(HTMLParser):
    """Tags, links and visible text of a page, as a browser would parse it."""

    def __init__(self, html: str):
        super().__init__()
        self.tags, self.hrefs, self.srcs, self.headings, self.text = [], [], [], [], []
        self._heading = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])
        if tag == "h2":
            self._heading = []

    def handle_endtag(self, tag):
        if tag == "h2":
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def china():
    brief = brief_of(load_package(BUNDLED), Filters(actors=("China",)))
    return brief, render_html(brief)


def test_the_brief_runs_nothing_and_requests_nothing(china):
    _, html = china
    page = Page(html)
    assert "script" not in page.tags and "iframe" not in page.tags and "link" not in page.tags
    assert page.srcs == [] and not re.search(r"""src\s*=\s*["']?https?:""", html, re.I)
    assert "@import" not in html and "url(http" not in html
    assert "default-src 'none'" in html


def test_the_brief_holds_the_filter_every_element_and_its_quotes(china):
    brief, html = china
    text = Page(html).visible
    assert "Filtered: actor = China" in text
    for element in brief.elements:
        assert element.name in text
    assert brief.quotes and all(" ".join(q.quote.split()) in text for q in brief.quotes)
    assert brief.citation in text and "version 1.2.0" in text
    assert "http://127.0.0.1:8501/?actor=China" in Page(html).hrefs


def test_the_headings_are_the_models(china):
    brief, html = china
    assert Page(html).headings == brief.headings()


def test_the_charts_are_inline_vector_images_named_by_their_summary(china):
    brief, html = china
    labels = re.findall(r'<svg [^>]*role="img"[^>]*aria-label="([^"]*)"', html)
    assert html.count("<svg") == len(labels) == len(brief.charts) == 2
    assert [label.split(". ")[0] for label in labels] == [chart.title for chart in brief.charts]


def test_the_brief_prints_on_a4_without_cutting_tables(china):
    _, html = china
    assert "@page { size: A4" in html
    assert "thead { display: table-header-group; }" in html
    assert "tr { break-inside: avoid" in html


def test_data_text_is_escaped_and_only_http_urls_are_links(tmp_path, tiny_tables):
    brief = brief_of(hostile_package(tmp_path / "hostile", tiny_tables))
    html = render_html(brief)
    page = Page(html)
    for hostile in (HOSTILE_NAME, HOSTILE_DOMAIN, HOSTILE_PUBLISHER, HOSTILE_QUOTE):
        assert hostile in page.visible, "shown as text"
        assert hostile not in html, "never as markup"
    assert "script" not in page.tags and "b" not in page.tags and "img" not in page.tags
    assert not any("javascript" in href.lower() for href in page.hrefs)
    assert "javascript:alert(3)" in page.visible, "a bad URL is still shown, as text"
    assert all(href.startswith(("http://", "https://", "#note-")) for href in page.hrefs)


def test_a_chart_that_is_more_than_a_drawing_is_refused():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><g><text>ok</text></g></svg>'
    assert 'aria-label="label &amp; more"' in safe_svg(svg, "label & more")
    for bad in (
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g onclick="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/x)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    ):
        with pytest.raises(UnsafeSvg):
            safe_svg(bad, "chart")


def test_an_empty_view_still_gives_a_brief(tiny):
    html = render_html(brief_of(tiny, Filters(text="no element says this")))
    assert "No elements match the filters." in html and "<svg" not in html


def test_control_characters_in_the_data_do_not_break_the_charts(tmp_path, tiny_tables):
    tiny_tables["elements"][1]["name"] = "Information\x0bsecurity\x07 agreement"
    html = render_html(brief_of(hostile_package(tmp_path / "ctl", tiny_tables)))
    assert html.count("<svg") == 2 and "Informationsecurity agreement" in html


def test_the_china_brief_carries_the_press_only_caveat_in_its_view_box(bundled):
    html = render_html(brief_of(bundled, Filters(actors=("China",))))
    view = html.split('<h2>Headline counts</h2>')[0]
    assert "Filtered: actor = China" in view
    assert "only the press names China in this role; the parties&#39; own texts do not" in view
    assert "[Headline not retrieved]" not in html
