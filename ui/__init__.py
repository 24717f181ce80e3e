"""The Streamlit side of the dashboard. Every page calls :func:`page` first, then draws.

Rooms: :mod:`ui.data` (cached loading), :mod:`ui.state` (session state and the URL),
:mod:`ui.sidebar` (the shared sidebar and :func:`page`), :mod:`ui.render` (chart and download
helpers), :mod:`ui.uploads` (this session's upload).
"""

from pact.text import escape_markdown
from ui.data import (
    atlas_frames,
    atlas_spec,
    changes_since,
    csv_bytes,
    data_rows,
    draft_vs_final,
    earlier_release,
    follow_up,
    follow_up_summary,
    load_bundled,
    package_zip,
    reference_tables,
)
from ui.render import (
    MAX_TABLE_ROWS,
    chart_block,
    download_data,
    plotly_chart,
    table,
    text_pair_strip,
    tile_row,
    vega_chart,
)
from ui.sidebar import PageContext, page
from ui.state import bundled_entries, click_picks, click_sets_filter
from ui.uploads import forget_upload, handle_upload

__all__ = [
    "atlas_frames",
    "atlas_spec",
    "data_rows",
    "package_zip",
    "draft_vs_final",
    "bundled_entries",
    "MAX_TABLE_ROWS",
    "PageContext",
    "changes_since",
    "chart_block",
    "click_picks",
    "click_sets_filter",
    "csv_bytes",
    "earlier_release",
    "follow_up",
    "follow_up_summary",
    "download_data",
    "escape_markdown",
    "forget_upload",
    "handle_upload",
    "load_bundled",
    "page",
    "plotly_chart",
    "reference_tables",
    "table",
    "text_pair_strip",
    "tile_row",
    "vega_chart",
]
