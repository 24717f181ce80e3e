"""Partnerships compared: the atlas of the EU's Security and Defence Partnerships, topic by topic."""

from datetime import date

import streamlit as st

import ui
from pact import atlas
from pact.atlas_charts import CELL_PICK
from pact.export import csv_filename
from pact.partnerships import across_partnerships
from pact.text import escape_markdown, link_target

ctx = ui.page("Partnerships compared", "🤝")
ctx.title("Partnerships compared")
entries = ui.bundled_entries()
if len(entries) < 2:
    st.info("Only one partnership is bundled with this dashboard, so there is nothing to compare it with.")
    st.stop()

# ---- Which partnerships, and what the filters do here -------------------------------------------
labels = [entry.dataset_label for entry in entries]
chosen = st.multiselect(
    "Partnerships shown", labels, default=labels, key="atlas_partnerships",
    format_func=lambda label: label.removesuffix(" partnership"),
    help="Every partnership bundled with the dashboard, in the order they were signed.",
)
if not chosen:
    st.info("Pick at least one partnership above to see the atlas.")
    st.stop()
shared = across_partnerships(ctx.filters)
applied = f"Filters applied to every partnership: {escape_markdown(shared.describe())}."
if ctx.filters.changes:
    applied += " The change-type filter is not: a change type belongs to one partnership's pair of stages."
st.caption(
    "Each partnership at its final stage, matched by the shared topic vocabulary (see the codebook on "
    "*Data & Sources*). Levels are named, never averaged. " + applied
)
drawn, broken = ui.atlas_frames(tuple(label for label in labels if label in chosen), ctx.filters)
view = drawn.view
if broken:
    st.warning(escape_markdown(f"Left out because their data package does not pass validation: {', '.join(broken)}. "
                               "Open one in the Dataset selector to see why."))

# ---- The matrix -----------------------------------------------------------------------------------
st.header("Topic by partnership")
event = ui.chart_block(
    drawn.summary,
    view.table,
    lambda alt: st.vega_lite_chart(spec=drawn.matrix_spec, on_select="rerun", selection_mode=CELL_PICK,
                                   key="atlas_matrix", alt=alt),
    key="atlas",
)
st.download_button(
    "Download the matrix (CSV)", data=drawn.csv,
    file_name=csv_filename("sdp-atlas", ctx.filters, [], date.today()), mime="text/csv", key="download_atlas",
    on_click="ignore", icon=":material/download:",
    help="One row per partnership and topic: state at the final stage, level, element and quote.",
)
picked = (event.selection.get(CELL_PICK) or []) if event else []
cell = None
if picked:
    wanted = picked[0]
    match = view.cells[(view.cells["partnership"] == wanted.get("partnership"))
                       & (view.cells["topic_id"] == wanted.get("topic_id"))]
    cell = match.iloc[0] if not match.empty else None
with st.container(border=True, key="atlas_evidence"):
    if cell is None:
        st.markdown("**Evidence.** Click a cell of the matrix for the element, its quote and its source.")
    else:
        st.markdown(f"**{escape_markdown(cell['partnership'])} · {escape_markdown(cell['topic'])}** — "
                    f"{escape_markdown(cell['state'])}"
                    + (f", level {cell['level']} ({escape_markdown(cell['commitment'])})" if cell["cell"] == "present" else ""))
        if cell["element"]:
            st.markdown(f"Element: {escape_markdown(cell['element'])} · {escape_markdown(cell['stage'])}")
        if cell["quote"]:
            st.markdown(f"> {escape_markdown(cell['quote'])}")
            if cell["translation"]:
                st.markdown(f"Our translation: {escape_markdown(cell['translation'])}")
            source = escape_markdown(f"{cell['source']}, {cell['locator']} · reliability {cell['reliability']}")
            url = link_target(cell["url"])
            st.caption(f"[{source}]({url})" if url else source)
        elif cell["cell"] == "not_coded":
            st.caption("No source in this partnership's evidence names the topic; that is silence, not absence.")
        elif cell["cell"] == "filtered_out":
            st.caption("The partnership codes this topic, but not for the actor, domain or search chosen.")

# ---- When they were signed ----------------------------------------------------------------------
st.header("When they were signed")
signed = atlas.signatures([e for e in entries if e.dataset_label in chosen])
signed_summary = atlas.signatures_summary(signed)
st.caption(escape_markdown(signed_summary))
st.vega_lite_chart(spec=ui.atlas_spec("signatures_chart", signed), key="atlas_signed", alt=signed_summary)

# ---- Per topic, per partnership ------------------------------------------------------------------
st.header("Which partnerships have each topic")
ui.table(
    view.coverage.drop(columns="topic_id"), key="atlas_coverage",
    column_config={
        "topic": st.column_config.TextColumn("topic", pinned=True),
        "present": st.column_config.NumberColumn("present", help="Partnerships whose sources have the topic at the final."),
        "not reported": st.column_config.NumberColumn("not reported", help="Coded, but its sources are silent at the final."),
        "not in sources": st.column_config.NumberColumn("not in sources", help="No source of the partnership names it."),
    },
)
st.subheader("What only one partnership has")
st.caption("Topics present at the final in one partnership's sources and in no other's of those shown. Others' "
           "silence is not absence: where another partnership codes the topic at an earlier stage only, it is named.")
ui.table(view.only_here, key="atlas_only")

# ---- Drafts and follow-up ------------------------------------------------------------------------
st.header("Draft to final, where a draft was reported")
st.caption(escape_markdown(atlas.draft_changes_summary(view.draft_changes)))
if not view.draft_changes.empty:
    ui.table(view.draft_changes.drop(columns="change_type"), key="atlas_drafts",
             column_config={"names": st.column_config.TextColumn("elements", width="large")})
st.header("Follow-up since the final")
st.caption("Dated public records that an element was acted on after the final, where the partnership's sources were "
           "searched. No record means none was found through that date, never that nothing was done.")
ui.table(view.follow_up, key="atlas_follow_up")
