"""Small render helpers every page uses: charts with their summary and table, cached figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pact.text import escape_markdown
from ui.data import plotly_figure, vega_spec

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
        st.dataframe(table, hide_index=True, width="stretch")
        return None
    return draw(summary)
