"""Timeline: dated milestones from the EU's Indo-Pacific strategy to the partnership and after."""

import streamlit as st

import ui
from pact.charts import timeline_summary
from pact.filters import actor_events

ctx = ui.page("Timeline", "🗓️")
st.title("Timeline")
st.caption("Dashed lines mark the stages compared. Open marks are dated only to the month or year; their bar spans the period.")
events = actor_events(ctx.package, ctx.filters.actors)
if events.empty:
    st.info("No dated event involves the selected actors. Remove an actor from the sidebar filter to see more.")
    st.stop()
stages = ctx.package.stages[ctx.package.stages["stage_id"].isin([ctx.stage_a, ctx.stage_b])]
table = events[["date", "date_precision", "title", "summary", "actors", "source_title", "locator", "quote", "source_url"]]
ui.chart_block(
    timeline_summary(events, stages),
    table,
    lambda alt: ui.plotly_chart("timeline_figure", events, stages, key="timeline", alt=alt),
    key="timeline",
)
st.header("Events")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        "source_url": st.column_config.LinkColumn("link", display_text="open source"),
    },
    key="events_table",
)
