"""Partnerships compared: the EU's first two Indo-Pacific security and defence partnerships side by side."""

import streamlit as st

import ui
from pact.partnerships import profile_summary

ctx = ui.page("Partnerships compared", "🤝")
st.title("Partnerships compared")
st.caption("Domains covered and commitment strength at each partnership's latest stage. Sidebar filters apply to "
           "the other pages; this view always shows the bundled packages whole.")
packages = ui.bundled_packages()
if len(packages) < 2:
    st.info("Only one bundled package is available, so there is nothing to compare it with.")
    st.stop()
profile = ui.partnership_profile()
ui.chart_block(
    profile_summary(profile),
    profile,
    lambda alt: ui.vega_chart("profile_chart", profile, ctx.package.commitment_levels, key="profile_chart", alt=alt),
    key="partnerships",
)
st.header("Elements per domain")
wide = profile.pivot_table(index="domain", columns="partnership", values="elements", aggfunc="sum").fillna(0)
st.dataframe(wide.astype(int), width="stretch", key="per_domain")
