"""Element-per-row layouts that read at any width: each domain's header, then its elements, each
label on its own lines above the element's marks.

A label beside its marks leaves a phone's chart a sliver of plot (about 15 px at 390 px); above
them, the marks keep the chart's whole width and long labels wrap instead of being cut. Streamlit
cannot tell the page's width to the server, so one layout serves both.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

LABEL_WRAP = 44  # characters per label line: fits a 390 px phone at 12 px
HEADER_PX, LINE_PX, GAP_PX = 30, 15, 8
COLUMNS = ["kind", "element_id", "element", "domain", "lines", "label_y", "point_y"]


def wrapped(text: str, width: int = LABEL_WRAP) -> list[str]:
    return textwrap.wrap(str(text), width=width, break_long_words=False) or [""]


def stacked_rows(ordered: pd.DataFrame, point_px: int = 20) -> pd.DataFrame:
    """Where each row sits, top to bottom, in pixels, for elements already in reading order.

    ``ordered`` has ``element_id``, ``element``, ``domain`` and ``label`` (the text above the marks),
    grouped by domain. One row per domain header (``kind`` "domain") and per element (``kind``
    "element"), with the label's lines, the label's top (``label_y``) and the marks' centre
    (``point_y``, empty for a header).
    """
    rows, y = [], 0
    for domain, group in ordered.groupby("domain", sort=False):
        rows.append({"kind": "domain", "element_id": "", "element": "", "domain": domain,
                     "lines": wrapped(domain), "label_y": y + 10, "point_y": None})
        y += HEADER_PX
        for row in group.itertuples():
            lines = wrapped(row.label)
            rows.append({"kind": "element", "element_id": row.element_id, "element": row.element, "domain": domain,
                         "lines": lines, "label_y": y, "point_y": y + LINE_PX * len(lines) + point_px / 2})
            y += LINE_PX * len(lines) + point_px + GAP_PX
    return pd.DataFrame(rows, columns=COLUMNS)


def height_of(layout: pd.DataFrame) -> int:
    return int(layout["label_y"].max() + 60) if len(layout) else 60


def pixel_y(field: str, height: int) -> alt.Y:
    """Rows are placed in pixels: the scale maps pixel to pixel, top down, with no axis."""
    return alt.Y(f"{field}:Q", scale=alt.Scale(domain=[height, 0]), axis=None)


def label_layers(layout: pd.DataFrame, height: int, colour: str) -> list[alt.Chart]:
    """The domain headers (bold) and the element labels, left-aligned at the chart's edge."""
    # One string with line breaks: Streamlit sends data as Arrow, which turns a list into its repr.
    text = layout.assign(lines=layout["lines"].str.join("\n"))
    y = pixel_y("label_y", height)
    headers = (
        alt.Chart(text[text["kind"] == "domain"])
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight="bold", color=colour, lineHeight=LINE_PX,
                   lineBreak="\n")
        .encode(y=y, x=alt.value(0), text="lines:N")
    )
    names = (
        alt.Chart(text[text["kind"] == "element"])
        .mark_text(align="left", baseline="top", fontSize=12, color=colour, lineHeight=LINE_PX, lineBreak="\n")
        .encode(y=y, x=alt.value(0), text="lines:N")
    )
    return [headers, names]


def lines_padding(lines: int) -> int:
    """Vega stacks a top axis's multi-line labels downwards from the first line: lift them clear."""
    return 4 + 13 * (lines - 1)
