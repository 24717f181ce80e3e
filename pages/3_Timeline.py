"""Timeline: dated milestones around the partnership, opening on the draft → final window and what followed."""

import streamlit as st

import ui
from pact.charts import negotiation_window, timeline_summary
from pact.filters import actor_events
from pact.lifecycle import events_in, focus_window
from pact.selection import drawn_as_plotly, plotly_values
from pact.text import escape_markdown, link_target

ctx = ui.page("Timeline", "🗓️")
ctx.title("Timeline")
st.caption("Dashed and dotted lines mark the stages, each its own dash. Open marks are dated only to the month or "
           "year; their bar spans the period. Click an event to read its quote and source.")
events = actor_events(ctx.package, ctx.filters.actors)
if events.empty:
    st.info("No dated event involves the selected actors. Remove an actor from the sidebar filter to see more.")
    st.stop()
WINDOWS = {
    "negotiation": "Negotiation (draft → final)",
    "focus": "Draft → latest follow-up",
    "whole": "Whole span",
}
span = st.segmented_control("Window", list(WINDOWS), format_func=WINDOWS.get, default="focus", key="timeline_window",
                            persist_state="session", required=True,
                            help="The negotiation window shows the weeks from the draft to the final, readable.")
window = {"negotiation": negotiation_window(ctx.package.stages), "focus": focus_window(ctx.package)}.get(span)
shown = events_in(events, window)
if shown.empty:
    st.info("No event involving the selected actors falls in this window. "
            "Choose “Whole span” to see earlier and later events.")
    st.stop()
outside = len(events) - len(shown)
if outside:
    st.caption(f"{outside} earlier or later event{'s' if outside != 1 else ''} hidden; “Whole span” shows "
               f"{'them' if outside != 1 else 'it'}.")
stages = ctx.package.stages
table = shown[["date", "date_precision", "title", "elements", "actors", "source_title", "locator", "quote", "source_url"]]
event = ui.chart_block(
    timeline_summary(shown, stages),
    table,
    lambda alt: ui.plotly_chart(
        "timeline_figure", shown, stages, window, key="timeline", alt=alt, on_select="rerun",
        selection_mode="points",
    ),
    key="timeline",
)

picked = plotly_values(event.selection if event else {}, "customdata", drawn_as_plotly(shown["event_id"]))
if picked:
    row = shown.set_index("event_id").loc[picked[0]]
    with st.container(border=True, key="event_evidence"):
        st.markdown(f"**{escape_markdown(row['title'])}** · {row['date']:%-d %B %Y} ({row['date_precision']} precision)")
        st.markdown(f"> {escape_markdown(row['quote'])}")
        st.caption(f"{escape_markdown(row['source_title'])}, {escape_markdown(row['locator'])}"
                   + (f" · concerns: {escape_markdown(row['elements'])}" if row["elements"] else ""))
        if link_target(row["source_url"]):
            st.link_button("Open the source", row["source_url"], icon=":material/open_in_new:")

st.header("Events")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        "elements": st.column_config.TextColumn("elements concerned", width="medium"),
        "source_url": st.column_config.LinkColumn("link", display_text="open source"),
    },
    key="events_table",
)
