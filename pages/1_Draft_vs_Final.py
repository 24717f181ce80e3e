"""Draft vs Final: commitment strength per element, each element's path through the stages, and the evidence."""

import streamlit as st

import ui
from pact.charts import ELEMENT_SELECTION
from pact.compare import NOT_IN_EXTRACT, one_stage_sentence
from pact.filters import evidence_for, one_stage_table
from pact.selection import vega_values
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
names = dict(zip(comparison["element_id"], comparison["name"]))

st.header("Commitment strength per element")
st.caption(
    "Rows are grouped by domain, the elements that changed first. ○ marks the earlier stage's commitment level "
    "and ◆ the later one's; no mark means the stage's sources do not report the element (never zero). "
    "Click a mark to read its evidence below."
)
hide = st.toggle("Hide unchanged rows", key="dumbbell_changed_only", persist_state="session",
                 help="Keep only the elements whose strength moved or that are reported at one stage only.")
drawn = ui.draft_vs_final(ctx.path, ctx.stage_a, ctx.stage_b, ctx.filters, hide)
if drawn.dumbbell_spec is None:
    st.info("No element in view changed between these two stages. Switch off “Hide unchanged rows” to see them all.")
else:
    ui.chart_block(
        drawn.dumbbell_summary,
        drawn.dumbbell_table,
        lambda alt: st.vega_lite_chart(
            spec=drawn.dumbbell_spec, selection_mode=ELEMENT_SELECTION, key="dumbbell", alt=alt,
            # Wide enough for four level names, no wider: each label sits above its marks, at any width.
            width=760,
            on_select=ui.click_picks("dumbbell", "evidence_element",
                                     lambda s: vega_values(s, ELEMENT_SELECTION, "element_id", list(names))),
        ),
        key="dumbbell",
    )

st.header("Evidence for an element")
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

st.header("Status at every stage")
st.caption("Each row is a path through all the package's stages (● present, ○ not reported), with how many "
           "elements follow it; hover a mark for their names.")
ui.chart_block(
    drawn.paths_summary,
    drawn.paths.drop(columns="stage_order"),
    lambda alt: st.vega_lite_chart(spec=drawn.paths_spec, key="stage_paths", alt=alt, width=640),
    key="stage_paths",
)

st.header("Side by side")
st.dataframe(
    drawn.side_by_side.rename(columns={
        "earlier": ctx.label_a, "earlier evidence": f"{ctx.label_a} evidence",
        "later": ctx.label_b, "later evidence": f"{ctx.label_b} evidence",
    }),
    hide_index=True,
    width="stretch",
    key="side_by_side",
)
