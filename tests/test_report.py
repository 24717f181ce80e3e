"""The brief's model: what a brief of the current view holds, computed from the data."""

import dataclasses

import pytest

from pact.brief import what_changed
from pact.charts import CHANGE_COLOURS
from pact.compare import compare, headline
from pact.filters import Filters, analysis_view
from pact.lifecycle import follow_up_headline
from pact.report import (
    HEADINGS,
    build_brief,
    chart_png,
    chart_svg,
    file_name,
    ink_on,
    relative_luminance,
    safe_url,
    view_link,
    xml_safe,
)
from pact.topics import TOPIC_LABELS
from report_support import TODAY, brief_of, with_follow_up


def test_an_actor_filter_keeps_only_the_elements_that_actor_is_in(tiny):
    brief = brief_of(tiny, Filters(actors=("China",)))
    assert [e.name for e in brief.elements] == ["Security dialogue"]
    assert brief.filters == "actor: China"
    assert {c.label: c.value for c in brief.counts}["Elements in view"] == 1


def test_the_quote_that_puts_a_position_in_view_is_the_one_shown(tiny):
    by_china = {(q.element, q.stage): q.quote for q in brief_of(tiny, Filters(actors=("China",))).quotes}
    unfiltered = {(q.element, q.stage): q.quote for q in brief_of(tiny).quotes}
    assert by_china[("Security dialogue", "Draft")] == "amid China's growing assertiveness"
    assert unfiltered[("Security dialogue", "Draft")] == "The parties will establish a dialogue on security."


def test_every_reported_position_has_one_quote_and_an_unreported_one_none(tiny):
    positions = [(q.element, q.stage) for q in brief_of(tiny).quotes]
    assert sorted(positions) == sorted([
        ("Security dialogue", "Draft"), ("Security dialogue", "Final"),
        ("Information security agreement", "Draft"), ("Information security agreement", "Final"),
        ("Space", "Final"),
    ])


def test_each_element_shows_its_change_and_commitment_at_both_stages(tiny):
    rows = {e.name: e for e in brief_of(tiny).elements}
    assert rows["Space"].positions == ("Not reported", "Present · promote / enhance")
    assert rows["Space"].change == "✚ Newly reported"
    assert rows["Information security agreement"].positions == (
        "Present · explore the possibility", "Present · promote / enhance")
    assert brief_of(tiny).stage_labels == ("Draft", "Final")


def test_counts_and_sentences_are_the_dashboards(tiny):
    brief = brief_of(tiny)
    comparison = compare(tiny, "draft", "final")
    h = headline(comparison)
    counts = {c.label: c.value for c in brief.counts if not c.label.startswith("Acted on since the final")}
    assert counts == {
        "Reported in Draft": h.in_a, "Reported in Final": h.in_b, "Carried over": h.carried_over,
        "✚ Newly reported": h.newly_appearing, "? No longer reported": h.not_carried_over,
        "▲ Strengthened": h.strengthened, "▼ Weakened": h.weakened, "Elements in view": h.total,
    }
    assert list(brief.what_changed) == what_changed(comparison, "Draft", "Final", "press_reported")


def test_source_notes_are_numbered_in_order_of_first_citation(bundled):
    brief = brief_of(bundled, Filters(actors=("China",)))
    assert [n.number for n in brief.notes] == list(range(1, len(brief.notes) + 1))
    first_seen = list(dict.fromkeys([q.note for q in brief.quotes] + [f.note for f in brief.follow_up or ()]))
    assert first_seen == [n.number for n in brief.notes]
    assert all(n.publisher and n.published and n.url.startswith("https://") for n in brief.notes)


def test_the_citation_carries_the_version_and_the_access_date(bundled):
    brief = brief_of(bundled)
    assert brief.version == bundled.descriptor["version"] == "1.2.0"
    assert "version 1.2.0" in brief.citation and f"Accessed {TODAY.isoformat()}" in brief.citation
    assert "CC" in brief.licence or "Creative Commons" in brief.licence


def test_a_press_reported_stage_and_an_unverified_quote_are_flagged(tiny):
    caveats = " ".join(brief_of(tiny).caveats)
    assert "Draft is known only from press reports" in caveats
    assert "1 of the quotes below could not be found verbatim" in caveats


def test_follow_up_is_a_section_only_for_a_package_that_searched_for_it(tiny):
    unsearched = dataclasses.replace(
        tiny, descriptor={k: v for k, v in tiny.descriptor.items() if k != "follow_up_searched_through"})
    assert brief_of(unsearched).follow_up is None
    assert HEADINGS["follow_up"] not in brief_of(unsearched).headings()
    package = with_follow_up(tiny, [
        {"element_id": "infosec", "date": "2025-03-01", "date_precision": "month", "status": "launched",
         "source_id": "T1", "locator": "s4", "quote": "an information security agreement", "translation": "",
         "verified": True, "event_id": "", "note": "Talks under way."},
        {"element_id": "dialogue", "date": "2025-01-20", "date_precision": "day", "status": "held",
         "source_id": "T1", "locator": "s1", "quote": "establish a dialogue", "translation": "",
         "verified": True, "event_id": "V1", "note": ""},
    ])
    brief = brief_of(package)
    assert HEADINGS["follow_up"] in brief.headings()
    assert [(f.date, f.element, f.status) for f in brief.follow_up] == [
        ("2025-01-20", "Security dialogue", "Held"),
        ("2025-03", "Information security agreement", "Negotiations launched"),
    ]
    assert brief.follow_up[1].comment == "Talks under way." and brief.follow_up[1].note == 1
    assert brief.follow_up_summary.startswith("Through ") and "no public record found" in brief.follow_up_summary
    assert "implemented" not in brief.follow_up_summary
    china = brief_of(package, Filters(actors=("China",))).follow_up
    assert [(f.date, f.element, f.status) for f in china] == [("2025-01-20", "Security dialogue", "Held")]


@pytest.mark.parametrize("url, linked", [
    ("https://example.org/a?b=c", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/x", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("ftp://example.org/file", False),
    ("//example.org/x", False),
    ("/relative", False),
    ("https://exa mple.org", False),
    ("", False),
    (None, False),
])
def test_only_plain_http_urls_become_links(url, linked):
    assert (safe_url(url) is not None) == linked


def test_the_view_link_carries_every_filter_parameter():
    query = {"actor": ["China", "EU Naval Force"], "q": "port calls", "from": "final"}
    assert view_link("http://host:8501/Actors", query) == (
        "http://host:8501/Actors?actor=China&actor=EU+Naval+Force&q=port+calls&from=final"
    )
    assert view_link("http://host/?old=1#top", {"actor": ["China"]}) == "http://host/?actor=China"
    assert view_link("http://host:8501", {"actor": ["China"]}) == "http://host:8501/?actor=China"
    assert view_link(None, {"actor": ["China"]}) == "?actor=China"
    assert view_link("http://host/", {}) == "http://host/"


def test_charts_are_drawn_without_a_browser(tiny):
    brief = brief_of(tiny)
    assert [c.title for c in brief.charts] == ["Change type by domain", "Commitment strength per element"]
    svg = chart_svg(brief.charts[1].spec)
    assert svg.startswith("<svg") and "Security dialogue" in svg
    assert chart_png(brief.charts[0].spec).startswith(b"\x89PNG")


def test_a_brief_of_nothing_says_so_without_charts(tiny):
    brief = brief_of(tiny, Filters(text="no element says this"))
    assert brief.elements == () and brief.quotes == () and brief.charts == () and brief.what_changed == ()
    assert {c.label: c.value for c in brief.counts}["Elements in view"] == 0


def test_the_file_name_says_what_was_filtered():
    assert file_name("jp-eu-sdp_actor-china_2026-11-24.csv", "html") == "jp-eu-sdp_actor-china_2026-11-24_brief.html"


def test_characters_xml_forbids_are_replaced_visibly_before_drawing(tiny):
    # vl-convert aborts the whole server process on them, so this must hold before any chart is drawn.
    spec = {"data": {"values": [{"a": "x\x0by\x00", "b": 1}]}, "mark": "bar",
            "encoding": {"y": {"field": "a", "type": "nominal"}, "x": {"field": "b", "type": "quantitative"}}}
    assert xml_safe(spec)["data"]["values"][0]["a"] == "x\ufffdy\ufffd"
    assert ">x\ufffdy\ufffd<" in chart_svg(spec) and chart_png(spec).startswith(b"\x89PNG")


def test_counts_on_the_bars_are_written_in_the_more_readable_ink():
    def contrast(a: str, b: str) -> float:
        light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
        return (light + 0.05) / (dark + 0.05)

    assert ink_on("#0072B2") == "#ffffff" and ink_on("#56B4E9") == "#111111"
    for change, fill in CHANGE_COLOURS.items():
        assert contrast(ink_on(fill), fill) >= 4.5, change


def test_the_brief_states_the_search_reach_once_in_its_follow_up_summary(bundled):
    from pact.lifecycle import follow_up_reach

    summary = brief_of(bundled).follow_up_summary
    reach = follow_up_reach(bundled.descriptor)
    assert reach.startswith("Searched on 1 December 2026; public pages after March 2026 are sparse")
    assert summary.endswith(reach) and summary.count("not evidence") == 1


def test_the_brief_filtered_to_china_says_only_the_press_names_china(bundled):
    brief = brief_of(bundled, Filters(actors=("China",)))
    assert brief.filter_line == "Filtered: actor = China"
    [note] = brief.actor_notes
    assert note.startswith("China: named concern in ") and "(Draft (Sep 2024), Final (1 Nov 2024))" in note
    assert "only the press names China in this role; the parties' own texts do not" in note


def test_an_actor_the_parties_name_is_said_to_be_named_by_them(bundled):
    [note] = brief_of(bundled, Filters(actors=("EU Naval Force",))).actor_notes
    assert note.startswith("EU Naval Force: implementer in ")
    assert note.endswith("; the parties name EU Naval Force in this role.")


def test_an_unfiltered_brief_has_no_filter_line_and_no_actor_notes(bundled):
    brief = brief_of(bundled)
    assert brief.filter_line == "" and brief.actor_notes == ()


def test_source_notes_mark_our_own_descriptions(bundled):
    notes = brief_of(bundled).notes
    ours = [n for n in notes if n.title_is_ours]
    assert ours, "the bundled package cites sources whose headline was not retrieved"
    assert all("not retrieved)" in n.title and not n.title.startswith("[") for n in ours)
    assert not any("[Headline not retrieved]" in n.title for n in notes)


def test_the_follow_up_count_is_among_the_headline_counts(bundled):
    brief = brief_of(bundled, Filters(actors=("China",)))
    counts = {c.label: c.value for c in brief.counts}
    in_view = bundled.elements[bundled.elements["name"].isin([e.name for e in brief.elements])]["element_id"]
    acted = follow_up_headline(bundled, in_view)
    assert counts[f"Acted on since the final (of {acted.elements} in view)"] == acted.with_any > 0


def test_charts_are_drawn_in_a_child_process_so_an_abort_there_costs_only_the_pictures(tiny, monkeypatch):
    import os
    import sys

    from pact import drawing
    from pact.report_docx import render_docx
    from pact.report_html import render_html

    monkeypatch.setattr(drawing, "COMMAND", [sys.executable, "-c", "import os; os.abort()"])
    brief = brief_of(tiny)
    html = render_html(brief)
    assert "<svg" not in html
    assert html.count("The chart was left out: the chart renderer stopped (signal SIGABRT)") == len(brief.charts) == 2
    assert all(chart.summary in html for chart in brief.charts), "each chart still says what it shows"
    assert render_docx(brief).startswith(b"PK"), "the Word brief is built too"
    assert os.getpid(), "and this process is still here"


def test_a_renderer_that_hangs_is_given_up_on(tiny, monkeypatch):
    import sys

    from pact import drawing
    from pact.report import drawn_charts

    monkeypatch.setattr(drawing, "COMMAND", [sys.executable, "-c", "import time; time.sleep(30)"])
    monkeypatch.setattr(drawing, "TIMEOUT", 1)
    drawings, note = drawn_charts(brief_of(tiny).charts, "svg")
    assert drawings == [None, None] and "took longer than 1 seconds" in note


def test_a_brief_can_say_how_its_partnership_compares_with_the_others(bundled):
    from conftest import KOREA
    from pact import load_package
    from pact.atlas import matrix
    from pact.report_docx import render_docx
    from pact.report_html import render_html

    cells = matrix({"Japan–EU": bundled, "EU–Korea": load_package(KOREA)})
    comparison = compare(bundled, "draft", "final")
    view = analysis_view(bundled, "draft", "final")
    brief = build_brief(bundled, comparison, view, Filters(), "draft", "final", "", family=cells, partnership="Japan–EU")
    assert "Across the partnerships" in brief.headings()
    rows = {r.topic: r for r in brief.family}
    maritime = rows[TOPIC_LABELS["maritime_security"]]
    assert maritime.here.startswith("3") and (maritime.others, maritime.of, maritime.present_in) == (1, 1, "EU–Korea")
    assert "not absence" in brief.family_summary
    assert "Across the partnerships" in render_html(brief) and render_docx(brief).startswith(b"PK")
    plain = build_brief(bundled, comparison, view, Filters(), "draft", "final", "")
    assert plain.family is None and "Across the partnerships" not in plain.headings()
