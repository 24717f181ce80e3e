"""The brief as Word: the same content as the HTML, read back with python-docx."""

import html
import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE

from conftest import BUNDLED, write_package
from pact import DataPackage, load_package
from pact.filters import Filters
from pact.report_docx import render_docx
from pact.report_html import render_html
from report_support import HOSTILE_DOMAIN, HOSTILE_NAME, HOSTILE_PUBLISHER, HOSTILE_QUOTE, brief_of, hostile_package


def read_back(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def links(document) -> list[str]:
    return [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK]


@pytest.fixture(scope="module")
def china():
    brief = brief_of(load_package(BUNDLED), Filters(actors=("China",)))
    return brief, read_back(render_docx(brief))


def test_the_word_brief_has_the_same_headings(china):
    brief, document = china
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == brief.headings()
    assert document.paragraphs[0].text == brief.title


def test_the_word_brief_holds_the_filter_every_element_and_its_quotes(china):
    brief, document = china
    text = all_text(document)
    assert "Filters: Filtered: actor = China" in text
    assert all(e.name in text for e in brief.elements)
    assert brief.quotes and all(q.quote in text for q in brief.quotes)
    assert brief.citation in text and "version 1.2.0" in text
    assert all(c.label in text for c in brief.counts) and all(s in text for s in brief.what_changed)


def test_the_word_brief_links_the_view_and_each_source(china):
    brief, document = china
    assert links(document) == [brief.link] + [note.url for note in brief.notes]


def test_the_charts_are_pictures_with_their_summary_as_alt_text(china):
    brief, document = china
    assert len(document.inline_shapes) == len(brief.charts) == 2
    for shape, chart in zip(document.inline_shapes, brief.charts):
        assert shape._inline.docPr.get("descr") == f"{chart.title}. {chart.summary}"
        assert shape.width <= docx.shared.Cm(17)


def test_table_headers_repeat_and_rows_do_not_split(china):
    _, document = china
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(docx.oxml.ns.qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for row in table.rows)


def test_data_text_stays_text_and_only_http_urls_are_links(tmp_path, tiny_tables):
    document = read_back(render_docx(brief_of(hostile_package(tmp_path / "hostile", tiny_tables))))
    text = all_text(document)
    for hostile in (HOSTILE_NAME, HOSTILE_DOMAIN, HOSTILE_PUBLISHER, HOSTILE_QUOTE, "javascript:alert(3)"):
        assert hostile in text
    assert not any("javascript" in link.lower() for link in links(document))
    assert all(link.startswith(("http://", "https://")) for link in links(document))


def test_control_characters_in_the_data_do_not_break_the_document(tmp_path, tiny_tables):
    tiny_tables["elements"][1]["summary"] = "ok"
    tiny_tables["elements"][1]["name"] = "Information\x0bsecurity\x07 agreement"
    package = hostile_package(tmp_path / "ctl", tiny_tables)
    assert "Information\ufffdsecurity\ufffd agreement" in all_text(read_back(render_docx(brief_of(package))))


def test_the_word_brief_filtered_to_china_says_only_the_press_names_china(china):
    _, document = china
    text = all_text(document)
    assert "only the press names China in this role; the parties' own texts do not" in text
    assert "[Headline not retrieved]" not in text and "(our description; headline not retrieved)" in text


def test_a_package_with_follow_up_and_control_characters_still_gives_a_word_brief(tmp_path, tiny_tables):
    """Regression (issue 16): the follow-up sentence carried an element's name unescaped, and Word refused it."""
    tiny_tables["elements"][0]["name"] = "Security\x01 dialogue\x1b \u202ecilbup\u202c"
    package = load_package(write_package(tmp_path / "ctl", tiny_tables))
    package = DataPackage(package.path, {**package.descriptor, "follow_up_searched_through": "2026-03-31"},
                          package.tables)
    brief = brief_of(package)
    text = all_text(read_back(render_docx(brief)))
    shown = "Security\ufffd dialogue\ufffd \u202ecilbup\u202c"  # bidi controls are XML, so they stay
    assert shown in text and shown in brief.follow_up_summary
    assert shown in html.unescape(render_html(brief)), "the HTML brief shows the same text"


def test_long_names_fit_the_documents_properties_and_stay_whole_in_the_text(tmp_path, tiny_tables):
    """Regression (found by Hypothesis, issue 16): a title or filter over 255 characters made python-docx refuse
    the document's properties, so the Word brief never arrived (two actors with long names were enough)."""
    tiny_tables["stages"][0]["label"] = "Draft " + "reported by the press " * 20
    tiny_tables["actors"][0]["name"] = "Japan " + "and its ministries " * 10
    tiny_tables["actors"][1]["name"] = "European Union " + "and its institutions " * 10
    package = load_package(write_package(tmp_path / "long", tiny_tables))
    brief = brief_of(package, Filters(actors=(tiny_tables["actors"][0]["name"], tiny_tables["actors"][1]["name"])))
    document = read_back(render_docx(brief))
    assert len(document.core_properties.subject) == 255 and document.core_properties.subject.endswith("…")
    assert len(document.core_properties.title) == 255
    assert brief.filter_line in all_text(document)
