"""Data text stays text: Markdown escaping without autolinks, Plotly escaping, http(s)-only links."""

import pytest

from pact.text import WORD_JOINER, escape_markdown, link_target, plotly_text


@pytest.mark.parametrize("bare", ["https://example.com/x", "http://example.com", "www.example.com", "me@example.com"])
def test_bare_urls_and_addresses_are_broken_for_the_autolinker(bare):
    escaped = escape_markdown(f"see {bare} now")
    assert WORD_JOINER in escaped
    assert bare not in escaped.replace("\\", "")
    assert escaped.replace(WORD_JOINER, "").replace("\\", "") == f"see {bare} now"


def test_markdown_and_html_characters_are_escaped():
    assert escape_markdown("<b>x</b> [a](b) *c*") == r"\<b\>x\</b\> \[a\]\(b\) \*c\*"


def test_plain_words_are_unchanged():
    assert escape_markdown("Japan and the EU") == "Japan and the EU"


def test_plotly_text_escapes_tags_and_entities():
    assert plotly_text('<a href="https://e.com">x</a> & <b>y</b>') == '&lt;a href="https://e.com"&gt;x&lt;/a&gt; &amp; &lt;b&gt;y&lt;/b&gt;'


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "JAVASCRIPT:x", "ftp://e.com",
                                 "//e.com", "", None, "https://", " javascript:alert(1)"])
def test_only_http_and_https_urls_become_links(url):
    assert link_target(url) is None


def test_web_addresses_stay_links():
    assert link_target("https://www.mofa.go.jp/x.html") == "https://www.mofa.go.jp/x.html"
    assert link_target("HTTP://example.org") == "HTTP://example.org"
