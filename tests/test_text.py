"""Data text stays text (escaping, http(s)-only links); words agree with numbers; titles and cells read as meant."""

import pandas as pd
import pytest

from pact.text import (
    WORD_JOINER,
    escape_markdown,
    link_target,
    plotly_text,
    plural,
    readable_cells,
    source_title,
    title_is_ours,
)


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


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 elements"), (1, "1 element"), (2, "2 elements"), (21, "21 elements")]
)
def test_a_count_agrees_with_its_noun(count, expected):
    assert plural(count, "element") == expected


def test_irregular_plurals_and_verbs_alone():
    assert plural(1, "party", "parties") == "1 party"
    assert plural(3, "party", "parties") == "3 parties"
    assert plural(1, "has", "have", counted=False) == "has"
    assert plural(0, "has", "have", counted=False) == "have"


def test_a_retrieved_title_is_shown_unchanged():
    title = "Japan, EU plan to set up security dialogue amid concerns over China"
    assert source_title(title) == title
    assert not title_is_ours(title)


def test_a_title_not_retrieved_reads_as_our_description():
    raw = "[Headline not retrieved] AFP report: Japan and EU announce security and defence pact"
    assert title_is_ours(raw)
    assert source_title(raw) == (
        "AFP report: Japan and EU announce security and defence pact (our description; headline not retrieved)"
    )
    assert source_title("[Title not retrieved] MOFA page on the 2nd dialogue").endswith(
        "(our description; title not retrieved)"
    )


def test_a_bare_not_retrieved_marker_gets_a_description_of_our_own():
    assert source_title("[Headline not retrieved]", "Daily Tribune (AFP)", "news_report", "2024-11-01") == (
        "News report by Daily Tribune (AFP) of 1 November 2024 (our description; headline not retrieved)"
    )
    assert source_title(None, "EEAS", "press_release") == "Press release by EEAS (our description; title not retrieved)"


def test_no_title_shown_keeps_the_curators_marker():
    for raw in ("[Headline not retrieved] x", "[headline not retrieved]   y", " [Title not retrieved] z"):
        assert "[" not in source_title(raw)


def test_readable_cells_leave_no_missing_value_for_streamlit_to_print_as_none():
    frame = pd.DataFrame({
        "translation": ["ours", None, pd.NA],
        "strength": [3.0, float("nan"), 1.0],
        "published": pd.to_datetime(["2024-11-01", None, "2025-01-01"]),
        "verified": pd.array([True, None, False], dtype="boolean"),
        "complete": [1, 2, 3],
    })
    shown = readable_cells(frame)
    assert not shown.isna().any().any()
    assert shown["translation"].tolist() == ["ours", "", ""]
    assert shown["strength"].tolist() == ["3", "—", "1"]
    assert shown["published"].tolist() == ["2024-11-01", "—", "2025-01-01"]
    assert shown["verified"].tolist() == ["yes", "", "no"], "an unknown flag is neither yes nor no"
    assert shown["complete"].dtype == frame["complete"].dtype, "a column without gaps keeps its type"


def test_an_object_column_of_dates_with_gaps_becomes_text():
    from datetime import date

    shown = readable_cells(pd.DataFrame({"published": [date(2024, 11, 1), None]}))
    assert shown["published"].tolist() == ["2024-11-01", ""]


def test_a_missing_link_becomes_an_empty_cell():
    shown = readable_cells(pd.DataFrame({"url": ["https://e.com", None]}))
    assert shown["url"].tolist() == ["https://e.com", ""]
