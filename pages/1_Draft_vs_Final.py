"""Draft vs Final: commitment strength per element, status flows, and the evidence side by side."""

import streamlit as st

import ui
from pact.charts import (
    ELEMENT_SELECTION,
    dumbbell_data,
    dumbbell_summary,
    sankey_summary,
)
from pact.compare import NOT_IN_EXTRACT, one_stage_sentence
from pact.filters import evidence_for, one_stage_table, side_by_side
from pact.text import escape_markdown

ctx = ui.page("Draft vs Final", "⚖️")
package, comparison = ctx.package, ctx.comparison
if ctx.one_stage:
    ctx.title(f"{escape_markdown(ctx.label_b)}: one stage")
    st.info(escape_markdown(one_stage_sentence(package)))
    ctx.stop_if_empty()
    st.dataframe(one_stage_table(package, comparison).drop(columns="element_id"), hide_index=True, width="stretch",
                 key="one_stage", column_config={"evidence": st.column_config.TextColumn("evidence", width="large")})
    st.stop()
ctx.title(f"{escape_markdown(ctx.label_a)} vs {escape_markdown(ctx.label_b)}")
ctx.stop_if_empty()

st.header("Commitment strength per element")
st.caption(
    "Points show each stage's commitment level; no point means the stage's sources do not report the "
    "element (never zero). Click a point to read its evidence below; double-click to clear."
)
event = ui.chart_block(
    dumbbell_summary(comparison, ctx.label_a, ctx.label_b),
    dumbbell_data(comparison, ctx.label_a, ctx.label_b),
    lambda alt: ui.vega_chart(
        "dumbbell_chart", comparison, ctx.label_a, ctx.label_b, package.commitment_levels,
        on_select="rerun", selection_mode=ELEMENT_SELECTION, key="dumbbell", alt=alt,
    ),
    key="dumbbell",
)

st.header("Evidence for an element")
picked = [p.get("element_id") for p in (event.selection.get(ELEMENT_SELECTION, []) if event else [])]
names = dict(zip(comparison["element_id"], comparison["name"]))
if picked and picked[0] in names:
    element_id = picked[0]
    st.caption("Selected in the chart.")
else:
    element_id = st.selectbox("Element", list(names), format_func=names.get, key="evidence_element")
row = comparison.set_index("element_id").loc[element_id]
st.markdown(
    f"**{escape_markdown(row['name'])}** · {escape_markdown(row['domain'])} · "
    f"{escape_markdown(row['change_symbol'])} {escape_markdown(row['change'])}"
)
st.caption(escape_markdown(row["summary"]))
evidence = evidence_for(package, element_id, [ctx.stage_a, ctx.stage_b])
for stage_id, status in ((ctx.stage_a, row["status_a"]), (ctx.stage_b, row["status_b"])):
    if status == NOT_IN_EXTRACT:
        st.info(f"{escape_markdown(package.stage_label(stage_id))}: this position is not in the uploaded extract.")
    elif status != "present":
        st.info(f"{escape_markdown(package.stage_label(stage_id))}: not reported by the sources for this stage.")
st.dataframe(
    evidence.fillna({"translation (ours)": ""}),
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("link", display_text="open source"),
        "verified": st.column_config.CheckboxColumn("verified", help="Quote found verbatim in the source text."),
        "quote": st.column_config.TextColumn("quote", width="large"),
    },
    key="evidence_table",
)

st.header("Status flows")
ui.chart_block(
    sankey_summary(comparison, ctx.label_a, ctx.label_b),
    comparison.groupby(["status_a", "change"]).size().reset_index(name="elements"),
    lambda alt: ui.plotly_chart("status_sankey", comparison, ctx.label_a, ctx.label_b, key="sankey", alt=alt),
    key="sankey",
)

st.header("Side by side")
table = side_by_side(package, comparison).drop(columns="element_id")
st.dataframe(
    table.rename(columns={
        "earlier": ctx.label_a, "earlier evidence": f"{ctx.label_a} evidence",
        "later": ctx.label_b, "later evidence": f"{ctx.label_b} evidence",
    }),
    hide_index=True,
    width="stretch",
    key="side_by_side",
)
