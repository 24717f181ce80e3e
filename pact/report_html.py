"""The brief as one self-contained HTML file: no script, no request, prints on A4.

Everything from the data is escaped by Jinja's autoescaping; the only links are source URLs and
the view's address, and only when they are plain http(s) URLs. Charts are inline SVG drawn by
vl-convert, checked against a short list of drawing elements before they go in.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from pact.report import HEADINGS, Brief, drawn_charts, safe_url
from pact.text import xml_text

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
# What Vega's SVG renderer draws with; anything else (script, foreignObject, image, a) is refused.
SVG_TAGS = {"svg", "g", "path", "rect", "text", "tspan", "line", "circle", "ellipse", "polygon", "polyline", "title",
            "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop", "pattern", "mask", "style"}

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=False,
)


class UnsafeSvg(ValueError):
    pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def safe_svg(svg: str, label: str) -> Markup:
    """The SVG, re-serialised after checking it only draws, with ``label`` as its accessible name."""
    try:
        root = ET.fromstring(xml_text(svg))
    except ET.ParseError as exc:
        raise UnsafeSvg(f"a chart is not well-formed SVG: {exc}") from None
    for node in root.iter():
        if _local(node.tag) not in SVG_TAGS:
            raise UnsafeSvg(f"unexpected <{_local(node.tag)}> in a chart")
        for attribute, value in node.attrib.items():
            name = _local(attribute).lower()
            if name.startswith("on") or name == "href" or ("url(" in value and "url(#" not in value):
                raise UnsafeSvg(f"unexpected attribute {name} in a chart")
        if _local(node.tag) == "style" and ("@import" in (node.text or "") or "url(" in (node.text or "")):
            raise UnsafeSvg("a chart's style loads something")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    return Markup(ET.tostring(root, encoding="unicode"))


def _figure(svg: str | None, label: str, left_out: str) -> Markup:
    if svg is None:
        return Markup("<p>{}</p>").format(escape(left_out))
    try:
        return safe_svg(svg, label)
    except UnsafeSvg:
        return Markup("<p>The chart was left out: its drawing held more than shapes and text.</p>")


def render_html(brief: Brief) -> str:
    drawings, left_out = drawn_charts(brief.charts, "svg")
    charts = [
        {"title": chart.title, "summary": chart.summary,
         "svg": _figure(svg, f"{chart.title}. {chart.summary}", left_out)}
        for chart, svg in zip(brief.charts, drawings)
    ]
    notes = [{**note.__dict__, "href": safe_url(note.url)} for note in brief.notes]
    return _env.get_template("brief.html.j2").render(
        brief=brief, headings=HEADINGS, charts=charts, notes=notes, link_href=safe_url(brief.link)
    )


def html_bytes(brief: Brief) -> bytes:
    return render_html(brief).encode("utf-8")


def failure_html(message: str) -> bytes:
    """A page in place of a brief that could not be built: what went wrong, and what to try."""
    return _env.from_string(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brief not built</title></head>'
        "<body><h1>The brief could not be built</h1><p>{{ message }}</p>"
        "<p>The dashboard and its other downloads are unaffected. Try again, or narrow the filters.</p></body></html>"
    ).render(message=xml_text(message)).encode("utf-8")
