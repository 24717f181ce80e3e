"""The brief as a Word document, from the same model as the HTML, for analysts' memo templates.

python-docx writes every run as escaped XML text, so data never becomes markup; hyperlinks are made
only for plain http(s) source URLs. Word cannot take the SVG charts through python-docx, so they go
in as PNG drawn by the same renderer, with the chart's summary as alternative text.
"""

from __future__ import annotations

import io
from datetime import datetime, time

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pact.report import HEADINGS, Brief, drawn_charts, safe_url
from pact.text import xml_text

A4 = (Cm(21.0), Cm(29.7))
TEXT_WIDTH = Cm(17.0)
MUTED = RGBColor(0x3E, 0x4C, 0x59)


def _hyperlink(paragraph, url: str, text: str) -> None:
    """A live link (python-docx has no public API for one); only called with a checked http(s) URL."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0B4F8A")
    properties.append(colour)
    run.append(properties)
    text_node = OxmlElement("w:t")
    text_node.text = text
    text_node.set(qn("xml:space"), "preserve")
    run.append(text_node)
    link.append(run)
    paragraph._p.append(link)


def _link_or_text(paragraph, url: str) -> None:
    href = safe_url(url)
    if href:
        _hyperlink(paragraph, href, url)
    elif url:
        paragraph.add_run(url)


def _table(document, header: list[str], rows: list[list[str]]):
    """A table whose header repeats on every page and whose rows never split across pages."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        properties.append(cant_split)
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
    return table


def _quote_cell(cell, quote: str, translation: str, verified: bool, comment: str = "") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.add_run(f"“{quote}”").italic = True
    if not verified:
        paragraph.add_run(" (not found verbatim in the source text)").bold = True
    for extra in (f"Our translation: {translation}" if translation else "", comment):
        if extra:
            run = cell.add_paragraph().add_run(extra)
            run.font.size = Pt(8.5)
            run.font.color.rgb = MUTED


def _muted(document, text: str) -> None:
    document.add_paragraph().add_run(text).font.color.rgb = MUTED


MAX_PROPERTY = 255


def _property(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def render_docx(brief: Brief) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    # Word's document properties hold at most 255 characters (python-docx refuses more); the text in the
    # document itself is whole.
    properties.title = _property(f"{brief.title} · {brief.subtitle}")
    properties.subject = _property(brief.filters)
    properties.keywords = _property(f"{brief.dataset_name} {brief.version}")
    properties.created = properties.modified = datetime.combine(brief.generated, time())
    properties.author = properties.last_modified_by = ""

    document.add_heading(brief.title, level=0)
    document.add_paragraph(brief.subtitle).runs[0].font.size = Pt(13)

    document.add_heading(HEADINGS["view"], level=1)
    for label, value in (
        ("Dataset", f"{brief.dataset} (data package “{brief.dataset_name}”, version {brief.version})"),
        ("Stages compared", brief.stages),
        ("Filters", brief.filter_line or "No filters: the whole partnership"),
        ("Generated", brief.generated.isoformat()),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    paragraph = document.add_paragraph()
    paragraph.add_run("Reopen this view: ").bold = True
    _link_or_text(paragraph, brief.link)
    for caveat in (*brief.actor_notes, *brief.caveats):
        document.add_paragraph(caveat, style="Intense Quote")

    document.add_heading(HEADINGS["counts"], level=1)
    _table(document, ["Count", "Elements"], [[c.label, str(c.value)] for c in brief.counts])

    document.add_heading(HEADINGS["what_changed"], level=1)
    for sentence in brief.what_changed:
        document.add_paragraph(sentence, style="List Bullet")
    if not brief.what_changed:
        _muted(document, "No elements match the filters.")

    document.add_heading(HEADINGS["charts"], level=1)
    drawings, left_out = drawn_charts(brief.charts, "png")
    for chart, png in zip(brief.charts, drawings):
        document.add_heading(chart.title, level=2)
        if png is None:
            _muted(document, left_out)
            _muted(document, chart.summary)
            continue
        shape = document.add_picture(io.BytesIO(png))
        if shape.width > TEXT_WIDTH:
            shape.height = int(shape.height * TEXT_WIDTH / shape.width)
            shape.width = TEXT_WIDTH
        # Word reads a picture's alternative text from docPr's descr.
        shape._inline.docPr.set("descr", f"{chart.title}. {chart.summary}")
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _muted(document, chart.summary)
    if not brief.charts:
        _muted(document, "No chart: no elements match the filters.")

    document.add_heading(HEADINGS["elements"], level=1)
    if brief.elements:
        _table(
            document,
            ["Element", "Domain", "Change", *brief.stage_labels],
            [[e.name, e.domain, e.change, *e.positions] for e in brief.elements],
        )
    else:
        _muted(document, "No elements match the filters.")

    document.add_heading(HEADINGS["evidence"], level=1)
    _muted(document, "One quote per reported position, verbatim in the source's language; translations are ours.")
    if brief.quotes:
        table = _table(document, ["Element", "Stage", "Quote", "Where"],
                       [[q.element, q.stage, "", f"[{q.note}] {q.locator}"] for q in brief.quotes])
        for row, q in zip(table.rows[1:], brief.quotes):
            _quote_cell(row.cells[2], q.quote, q.translation, q.verified)
    else:
        _muted(document, "No reported positions in view.")

    if brief.follow_up is not None:
        document.add_heading(HEADINGS["follow_up"], level=1)
        document.add_paragraph(brief.follow_up_summary)
        if brief.follow_up:
            table = _table(document, ["Date", "Element", "Status", "Quote", "Where"],
                           [[f.date, f.element, f.status, "", f"[{f.note}] {f.locator}"] for f in brief.follow_up])
            for row, f in zip(table.rows[1:], brief.follow_up):
                _quote_cell(row.cells[3], f.quote, f.translation, f.verified, f.comment)

    if brief.family is not None:
        document.add_heading(HEADINGS["family"], level=1)
        document.add_paragraph(brief.family_summary)
        if brief.family:
            _table(document, ["Topic", "Here, at the final", "Others with it", "Which"],
                   [[r.topic, r.here, f"{r.others} of {r.of}", r.present_in] for r in brief.family])

    document.add_heading(HEADINGS["sources"], level=1)
    for note in brief.notes:
        paragraph = document.add_paragraph()
        text = f"[{note.number}] {note.publisher}"
        text += (f", {note.title}" if note.title_is_ours else f", “{note.title}”") if note.title else ""
        text += f", {note.published}" if note.published else ""
        paragraph.add_run(text + ". ")
        _link_or_text(paragraph, note.url)
    if not brief.notes:
        _muted(document, "No sources cited.")

    document.add_heading(HEADINGS["cite"], level=1)
    document.add_paragraph(brief.citation)
    if brief.licence:
        _muted(document, brief.licence)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def failure_docx(message: str) -> bytes:
    """A document in place of a brief that could not be built: what went wrong, and what to try."""
    document = Document()
    document.add_heading("The brief could not be built", level=0)
    document.add_paragraph(xml_text(message))
    document.add_paragraph("The dashboard and its other downloads are unaffected. Try again, or narrow the filters.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
