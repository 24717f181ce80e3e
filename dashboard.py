"""Overview: what changed between the reported draft and the final partnership, in numbers and words."""

import streamlit as st

import ui
from pact.brief import what_changed, what_one_stage_covers
from pact.charts import change_by_domain_summary, change_legend
from pact.compare import change_by_domain, headline, headline_tiles, one_stage_sentence
from pact.lifecycle import searched
from pact.selection import drawn_as_plotly, plotly_values
from pact.text import escape_markdown

ctx = ui.page("Overview", "🧭")

ctx.title(escape_markdown(ctx.package.short_title))
st.markdown(
    f"What changed between the **{escape_markdown(ctx.label_a)}** and the **{escape_markdown(ctx.label_b)}**, "
    "and who is involved. Every coded position cites a source with a short verbatim quote."
)
ctx.stop_if_empty()

if ctx.one_stage:
    # Nothing earlier is coded, so there are no change counts: what the stage covers, and since.
    st.info(escape_markdown(one_stage_sentence(ctx.package)))
    acted, follow_up_sentence = ui.follow_up_summary(ctx.path, tuple(ctx.comparison["element_id"]))
    present = int((ctx.comparison["status_b"] == "present").sum())
    with st.container(horizontal=True, key="one_stage_tiles"):
        st.metric(f"Reported at the {escape_markdown(ctx.label_b)}", present)
        st.metric("Elements in view", len(ctx.comparison))
        if searched(ctx.package).claimed:
            st.metric("Acted on since the final", f"{acted.with_any} of {acted.elements}")
    st.header("What the sources show")
    for sentence in [*what_one_stage_covers(ctx.comparison, ctx.label_b), follow_up_sentence]:
        st.markdown(f"- {escape_markdown(sentence)}")
    st.caption("See *Partnerships compared* for how this partnership's topics compare with the others'.")
    st.stop()

tiles = headline_tiles(headline(ctx.comparison), ctx.label_a, ctx.label_b, ctx.basis_a)
scope = searched(ctx.package)
acted, follow_up_sentence = ui.follow_up_summary(ctx.path, tuple(ctx.comparison["element_id"]))
# One wrapping row: a phone shows two or three tiles a line, where columns stacked nine tiles one a line.
row = ui.tile_row()
for tile in tiles:
    row.metric(escape_markdown(tile.label), tile.value, help=tile.help)
if scope.claimed:
    row.metric("Acted on since the final", f"{acted.with_any} of {acted.elements}",
               help="Elements in view with dated public follow-up after the final stage; the others have no "
                    f"public record found through {scope.in_words}. See the Follow-up page.")
ui.text_pair_strip(ctx)

st.header("What changed")
for sentence in what_changed(ctx.comparison, ctx.label_a, ctx.label_b, ctx.basis_a):
    st.markdown(f"- {escape_markdown(sentence)}")
st.markdown(f"- {escape_markdown(follow_up_sentence)}")

st.header("Change type by domain")
st.caption("Click a bar to keep only its domain; the sidebar shows the filter, and “Clear filters” undoes it.")
counts = change_by_domain(ctx.comparison)
domains = counts["domain"].unique().tolist()
ui.chart_block(
    change_by_domain_summary(counts),
    counts,
    lambda alt: ui.plotly_chart(
        "change_by_domain_figure", counts, key="change_by_domain", alt=alt, selection_mode="points",
        on_select=ui.click_sets_filter("change_by_domain", "domains",
                                       lambda s: plotly_values(s, "y", drawn_as_plotly(domains))),
    ),
    key="change_by_domain",
)
with st.expander("How to read the change types"):
    st.dataframe(change_legend(), hide_index=True, width="stretch")
