"""Actors: who has which role in which element, at each stage; third countries shown apart."""

import streamlit as st

import ui
from pact.charts import focus_actor_rows, network_summary, role_heatmap_summary
from pact.filters import actor_profile
from pact.selection import ACTOR_PICK, drawn_as_plotly, plotly_values, vega_values
from pact.text import escape_markdown

ctx = ui.page("Actors", "👥")
ctx.title("Actors and their roles")
ctx.stop_if_empty()
# Only the columns this page shows: at 100x data a full copy of the view would be ~45 MB per run.
rows = ctx.view.loc[ctx.view["actor"].notna(), ["actor", "actor_kind", "affiliation", "element", "domain", "stage",
                                                 "role", "named_by", "change", "publisher", "evidence"]]
if rows.empty:
    st.info("The filtered elements have no coded actors (they are not reported at either stage). "
            "Clear the change-type or search filter to see actors.")
    st.stop()
stage_labels = [ctx.label_a, ctx.label_b]
actor_names = rows["actor"].unique().tolist()
shown = focus_actor_rows(rows)  # charts draw at most the most connected actors and elements

st.header("Roles by actor and element")
st.caption("Click a cell, or an actor in the network below, to filter by that actor and open its profile.")
ui.chart_block(
    role_heatmap_summary(rows, stage_labels),
    rows[["actor", "element", "stage", "role", "named_by"]],
    lambda alt: ui.vega_chart(
        "role_heatmap", shown, stage_labels, key="heatmap", alt=alt, selection_mode=ACTOR_PICK,
        on_select=ui.click_sets_filter("heatmap", "actors", lambda s: vega_values(s, ACTOR_PICK, "actor", actor_names),
                                       also="profile_actor"),
    ),
    key="heatmap",
)

st.header("Third countries named as concerns")
third = rows[rows["affiliation"] == "third_party"]
if third.empty:
    st.caption("No third country is named in the filtered rows.")
else:
    st.caption("Shown apart from the parties. “Press framing only” means the parties' own texts do not name "
               "the country in this role; press reports do.")
    st.dataframe(third[["actor", "element", "stage", "role", "named_by", "publisher", "evidence"]].head(ui.MAX_TABLE_ROWS),
                 hide_index=True, width="stretch", key="third_parties")

st.header("Actor–element network")
ui.chart_block(
    network_summary(rows),
    rows.drop_duplicates(["actor", "element", "stage"])[["actor", "element", "stage", "role"]],
    lambda alt: ui.plotly_chart(
        "actor_network", shown, key="network", alt=alt, selection_mode="points",
        on_select=ui.click_sets_filter("network", "actors", lambda s: plotly_values(s, "customdata", drawn_as_plotly(actor_names)),
                                       also="profile_actor"),
    ),
    key="network",
)

st.header("Actor profile")
actors = sorted(rows["actor"].unique())
chosen = st.selectbox("Actor", actors, key="profile_actor")
kind = rows.loc[rows["actor"] == chosen, ["actor_kind", "affiliation"]].iloc[0]
st.markdown(f"**{escape_markdown(chosen)}** · {escape_markdown(kind['actor_kind'])} · "
            f"{escape_markdown(kind['affiliation'].replace('_', ' '))}")
ui.table(actor_profile(rows, chosen), key="profile")
