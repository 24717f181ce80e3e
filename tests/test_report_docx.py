"""The brief as Word: the same content as the HTML, read back with python-docx."""

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE

from conftest import BUNDLED
from pact import load_package
from pact.filters import Filters
from pact.report_docx import render_docx
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
    assert "Informationsecurity agreement" in all_text(read_back(render_docx(brief_of(package))))


def test_the_word_brief_filtered_to_china_says_only_the_press_names_china(china):
    _, document = china
    text = all_text(document)
    assert "only the press names China in this role; the parties' own texts do not" in text
    assert "[Headline not retrieved]" not in text and "(our description; headline not retrieved)" in text
