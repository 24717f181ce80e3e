"""Small render helpers every page uses: charts with their summary and table, cached figures."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from pact.brief import pair_line
from pact.compare import text_pair
from pact.filters import apply_filters, filter_comparison
from pact.text import escape_markdown, readable_cells
from ui.data import comparison_and_view, plotly_figure, vega_spec

if TYPE_CHECKING:
    from ui.sidebar import PageContext

# Browsers struggle with, and analysts cannot read, tables of 100 000 rows; downloads hold them all.
MAX_TABLE_ROWS = 5_000


def download_data(frame: pd.DataFrame, build):
    """Bytes now for a small table; for a large one, a callable Streamlit runs only on click.

    Deferring keeps reruns fast when the file would be tens of megabytes, but a deferred download
    depends on the session that registered it: under heavy load (20 sessions on 2 cores) the
    first click was seen to be cancelled. Small files, the usual case, are sent with the page.
    """
    return build() if len(frame) <= MAX_TABLE_ROWS else build


def vega_chart(builder: str, *args, key: str, **kwargs):
    return st.vega_lite_chart(spec=vega_spec(builder, *args), key=key, **kwargs)


def plotly_chart(builder: str, *args, key: str, **kwargs):
    return st.plotly_chart(plotly_figure(builder, *args), width="stretch", key=key, **kwargs)


class TileRow:
    """A row of headline tiles that wraps, each tile as wide as its text.

    Columns stack on a narrow screen, one tile a line (nine tiles took 800 px of a phone before any
    content); a horizontal container wraps its tiles instead, at any width.
    """

    def __init__(self) -> None:
        self._row = st.container(horizontal=True, gap="medium")

    def metric(self, label: str, value, **kwargs):
        return self._row.metric(label, value, width="content", **kwargs)


def tile_row() -> TileRow:
    return TileRow()


def chart_block(summary: str, table: pd.DataFrame, draw, key: str) -> object:
    """A chart with its computed one-sentence summary and a "show as table" toggle.

    ``draw(alt)`` draws the chart; ``alt`` is the summary, so a screen reader hears what the caption says.
    """
    st.caption(escape_markdown(summary))
    as_table = st.toggle("Show as table", key=f"table_{key}")
    if as_table:
        st.dataframe(readable_cells(table), hide_index=True, width="stretch")
        return None
    return draw(summary)


def table(frame: pd.DataFrame, **kwargs):
    """``st.dataframe`` without "None" in the gaps: a missing value is an empty cell (or "—" for a number).

    A LinkColumn draws an empty cell for an empty string, but "None" for a missing value.
    """
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    return st.dataframe(readable_cells(frame), **kwargs)


def _compare_stages(stage_a: str, stage_b: str):
    def apply() -> None:
        st.session_state["stage_a"], st.session_state["stage_b"] = stage_a, stage_b

    return apply


def text_pair_strip(ctx: PageContext) -> None:
    """Beside the pair chosen, the one comparison between two official texts, when the package has one.

    The chosen pair (in the URL as ``from``/``to``) is left as it is; a button switches to this one.
    """
    pair = text_pair(ctx.package)
    if pair is None or pair == (ctx.stage_a, ctx.stage_b):
        return
    label_a, label_b = (ctx.package.stage_label(s) for s in pair)
    comparison, view = comparison_and_view(ctx.path, *pair)
    # A change type belongs to one pair of stages, so the change-type filter cannot carry over.
    shared = replace(ctx.filters, changes=())
    comparison = filter_comparison(comparison, apply_filters(view, shared, ctx.package.summaries_by_name))
    with st.container(border=True, key="text_pair"):
        st.markdown(f"**Between two official texts: {escape_markdown(label_a)} → {escape_markdown(label_b)}**")
        st.markdown(escape_markdown(pair_line(comparison, label_a, label_b, named=False)))
        note = ("Both stages rest on official texts. Where a text was retrieved only in part, “not reported” "
                "still means its sources are silent, not that the text left an element out.")
        if ctx.filters.changes:
            note += " The change-type filter does not apply here: a change type belongs to one pair of stages."
        st.caption(note)
        st.button("Compare these two stages", key="compare_text_pair", on_click=_compare_stages(*pair),
                  icon=":material/compare_arrows:", help="Sets the stages compared in the sidebar to this pair.")
