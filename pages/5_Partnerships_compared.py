"""Partnerships compared: the EU's first two Indo-Pacific security and defence partnerships, topic by topic."""

import streamlit as st

import ui
from pact.partnerships import across_partnerships, alignment_summary, profile_summary
from pact.text import escape_markdown

ctx = ui.page("Partnerships compared", "🤝")
st.title("Partnerships compared")
packages = ui.bundled_packages()
if len(packages) < 2:
    st.info("Only one bundled package is available, so there is nothing to compare it with.")
    st.stop()
labels = list(packages)
shared = across_partnerships(ctx.filters)
applied = f"Filters applied to every partnership: {escape_markdown(shared.describe())}."
if ctx.filters.changes:
    applied += " The change-type filter is not: a change type belongs to one partnership's pair of stages."
st.caption("Each partnership at its latest stage, matched by a shared topic vocabulary (see the codebook). " + applied)
profile, alignment = ui.partnerships_compared(ctx.filters)

st.header("Topic by topic")
if not all("topic" in package.elements for package in packages.values()):
    st.info("Not every package codes its elements with the shared topic vocabulary, so they are compared by "
            "domain only.")
elif alignment.empty:
    st.info("No topic is in view in any partnership for these filters. Remove an actor or a domain, or clear the "
            "search box in the sidebar.")
else:
    st.caption(escape_markdown(alignment_summary(alignment, labels)))
    config = {
        "topic": st.column_config.TextColumn("topic", pinned=True),
        "coverage": st.column_config.TextColumn("present in", help="Which partnerships have the topic at their latest stage."),
    }
    for label in labels:
        config[label] = st.column_config.TextColumn(f"{label}: element — commitment", width="medium")
        config[f"{label} level"] = st.column_config.NumberColumn(f"{label} level", help="Commitment level, 1 to 4.")
        config[f"{label} quote"] = st.column_config.TextColumn(f"{label}: quote", width="large")
    st.dataframe(alignment.drop(columns="topic_id"), hide_index=True, width="stretch", column_config=config,
                 key="by_topic")

st.header("By domain")
ui.chart_block(
    profile_summary(profile),
    profile,
    lambda alt: ui.vega_chart("profile_chart", profile, ctx.package.commitment_levels, key="profile_chart", alt=alt),
    key="partnerships",
)
wide = profile.pivot_table(index="domain", columns="partnership", values="elements", aggfunc="sum").fillna(0)
st.dataframe(wide.astype(int), width="stretch", key="per_domain")
