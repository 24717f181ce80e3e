"""Follow-up: what has been done since the final, element by element, with dated and quoted evidence."""

import streamlit as st

import ui
from pact.lifecycle import FOLLOW_UP_LABELS, FOLLOW_UP_MEANINGS, FOLLOW_UP_SYMBOLS, searched
from pact.lifecycle_charts import MARK_PICK
from pact.selection import vega_values
from pact.text import escape_markdown

ctx = ui.page("Follow-up", "📌")
ctx.title("Follow-up since the final")
package = ctx.package
scope = searched(package)
if not scope.claimed:
    st.info("This package does not say that its sources were searched for follow-up after the final stage, "
            "so this page claims nothing about what has been done since: no row here would mean "
            "“not searched”, not “no public record”.")
    st.stop()
st.markdown(
    f"Dated public evidence that an element was acted on after the **{escape_markdown(package.stage_label(package.stage_ids()[-1]))}**. "
    f"An element with no record has **no public record found through {scope.in_words}**. "
    f"{escape_markdown(scope.reach)}"
)
ctx.stop_if_empty()
view = ui.follow_up(ctx.path, tuple(ctx.comparison["element_id"]))
head = view.headline
tiles = ui.tile_row()
tiles.metric("Elements with any follow-up", f"{head.with_any} of {head.elements}")
for status in ("held", "launched", "announced"):
    tiles.metric(f"{FOLLOW_UP_SYMBOLS[status]} {FOLLOW_UP_LABELS[status]}", getattr(head, status),
                 help=f"Elements with at least one record: {FOLLOW_UP_MEANINGS[status]}.")
tiles.metric("No public record found", head.without, help=f"Searched through {scope.in_words}.")

st.header("Each element's life")
st.caption("Stages as circles (filled: present, with its commitment level; open: not reported by that stage's "
           "sources), follow-up as ▲ held, ■ launched, ◆ announced. Click a mark to read its evidence. "
           f"The dotted line at the right is the end of the search ({scope.in_words}).")
marks = view.marks
stage_labels = [package.stage_label(s) for s in package.stage_ids()]
event = ui.chart_block(
    view.summary,
    marks[["element", "domain", "mark", "state", "when", "evidence", "source"]],
    lambda alt: ui.vega_chart(
        "lifecycle_chart", marks, stage_labels, f"{scope.through:%Y-%m-%d}", key="lifecycle", alt=alt,
        on_select="rerun", selection_mode=MARK_PICK,
    ),
    key="lifecycle",
)
picked = vega_values(event.selection if event else {}, MARK_PICK, "mark_id", marks["mark_id"])
if picked:
    mark = marks.set_index("mark_id").loc[picked[0]]
    with st.container(border=True, key="mark_evidence"):
        st.markdown(f"**{escape_markdown(mark['element'])}** · {escape_markdown(mark['mark'])} · "
                    f"{escape_markdown(mark['state'])} · {escape_markdown(mark['when'])}")
        if mark["evidence"]:
            st.markdown(f"> {escape_markdown(mark['evidence'])}")
            if mark["translation"]:
                st.caption(f"Our translation: {escape_markdown(mark['translation'])}")
            st.caption(escape_markdown(mark["source"]))
        else:
            st.caption("Not reported by this stage's sources: there is no quote to show.")

st.header("Latest evidence per element")
latest = view.latest
ui.table(
    latest.drop(columns=["element_id", "date"]),
    column_config={
        "records": st.column_config.NumberColumn("records", help="Pieces of dated public evidence since the final."),
        "quote": st.column_config.TextColumn("latest quote", width="large"),
        "url": st.column_config.LinkColumn("link", display_text="open source"),
    },
    key="follow_up_latest",
)

st.header("Full history")
history = view.history
with_records = latest[latest["records"] > 0]
if with_records.empty:
    st.info(f"No element in view has a public record of follow-up through {scope.in_words}.")
else:
    chosen = st.selectbox("Element", with_records["element_id"], key="follow_up_element",
                          format_func=dict(zip(latest["element_id"], latest["element"])).get)
    ui.table(
        history[history["element_id"] == chosen].drop(columns=["element_id", "element", "domain", "date"]),
        column_config={
            "quote": st.column_config.TextColumn("quote", width="large"),
            "url": st.column_config.LinkColumn("link", display_text="open source"),
            "verified": st.column_config.CheckboxColumn("verified", help="Quote found verbatim in the source text."),
        },
        key="follow_up_history",
    )
st.download_button(
    "Download follow-up rows (CSV)",
    data=ui.csv_bytes(history.drop(columns=["date"])),
    file_name=f"{package.name}_follow_up.csv",
    mime="text/csv",
    key="download_follow_up",
    on_click="ignore",
    icon=":material/download:",
    help=f"{len(history)} rows: every piece of follow-up evidence for the elements in view.",
)
