"""Data & Sources: the filtered rows, the whole package, its codebook, sources and data quality."""

import streamlit as st

import ui
from pact.codebook import citation
from pact.diff import DiffError
from pact.text import escape_markdown, plural
from pact.topics import topics_table

ctx = ui.page("Data & Sources", "📚")
ctx.title("Data & Sources")
package = ctx.package

st.header("Filtered rows")
st.caption(f"{plural(len(ctx.view), 'row')} ({ui.escape_markdown(ctx.filters.describe())}): one per element, stage and actor. "
           "The sidebar's “Download filtered CSV” gives exactly these rows.")
if ctx.view.empty:
    st.info("No rows match the current filters. Remove an actor, domain or change type, or clear the search.")
else:
    shown, total = ui.data_rows(ctx.path, ctx.stage_a, ctx.stage_b, ctx.filters, ui.MAX_TABLE_ROWS)
    if len(shown) < total:
        st.caption(f"The table shows the first {len(shown):,} rows; the download holds all {total:,}.")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn("source link", display_text="open source"),
            # Text, not a checkbox or a number: a not-reported position has no quote and no level.
            "quote_verified": st.column_config.TextColumn("verified"),
            "strength": st.column_config.TextColumn("strength", help="Commitment level, 1 (recognise) to 4 (establish)"),
            "stage_date": st.column_config.DateColumn("stage date"),
            "evidence": st.column_config.TextColumn("evidence", width="large"),
        },
        key="rows",
    )

st.header("Whole data package")
readme = (
    f"{package.title}\n\n{package.descriptor.get('description', '')}\n\n"
    "Tables are described in datapackage.json (Frictionless Data Package) and codebook.csv.\n"
    "filtered.csv holds the rows selected by the filters in filters.txt.\n"
)
st.download_button(
    "Download data package (zip)",
    data=ui.download_data(ctx.view, lambda: ui.package_zip(ctx.path, ctx.stage_a, ctx.stage_b, ctx.filters, readme)),
    file_name=f"{package.name}_v{package.descriptor.get('version', '0')}.zip",
    mime="application/zip",
    key="download_zip",
    on_click="ignore",
    icon=":material/folder_zip:",
)
st.markdown("**How to cite**")
st.code(citation(package), language=None, wrap_lines=True)

release = ui.earlier_release(ctx.path)
if release is not None:
    st.header(f"Changes since v{escape_markdown(release.version)}")
    try:
        diff = ui.changes_since(str(release.path), ctx.path)
    except DiffError as exc:
        st.warning(f"The changes could not be computed: {escape_markdown(exc)}")
    else:
        st.caption(f"{escape_markdown(diff.summary)} Computed for the whole package, not the filtered rows. "
                   "The command “python -m pact diff” gives the same table.")
        if not diff.changes.empty:
            version = package.descriptor.get("version", "?")
            st.dataframe(
                diff.changes,
                hide_index=True,
                width="stretch",
                # What changed first; the element and stage columns are there to sort and search by.
                column_order=("change", "key", "field", "before", "after", "element_id", "stage_id", "resource"),
                column_config={
                    "resource": st.column_config.TextColumn("table"),
                    "element_id": st.column_config.TextColumn("element"),
                    "stage_id": st.column_config.TextColumn("stage"),
                    "field": st.column_config.TextColumn("field", help="For a changed row: the field that changed"),
                    "before": st.column_config.TextColumn(f"before (v{release.version})", width="large"),
                    "after": st.column_config.TextColumn(f"after (v{version})", width="large"),
                },
                key="changes",
            )

quality, sources, codebook = ui.reference_tables(ctx.path)
st.header("Data quality")
st.dataframe(quality, hide_index=True, width="stretch", key="quality")

st.header("Sources")
st.dataframe(
    sources,
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("link", display_text="open source")},
    key="sources",
)

st.header("Codebook")
st.caption("Rendered from datapackage.json, the single source of truth for the schema.")
st.dataframe(codebook, hide_index=True, width="stretch", key="codebook")
levels = package.commitment_levels[["level", "commitment", "definition"]]
st.markdown("**Commitment scale** (“not reported” is a status, never level 0)")
st.dataframe(levels, hide_index=True, width="stretch", key="levels")
st.markdown("**Topics** shared by every partnership (elements are matched across partnerships by topic)")
st.dataframe(topics_table(), hide_index=True, width="stretch", key="topics",
             column_config={"definition": st.column_config.TextColumn("definition", width="large")})
