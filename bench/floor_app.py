"""The benchmark floor: a bare Streamlit script over the same data, with the same kinds of output.

It loads the package's tables through st.cache_data and draws one Plotly chart, one Altair chart,
a dataframe and a download button, with an actor filter in the sidebar: what any dashboard over this data must at least pay for.
"""

import os
from pathlib import Path

import altair as alt
import pandas as pd
import plotly.express as px
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(os.environ.get("DASHBOARD_DATA") or ROOT / "data" / "datapackage.json")
FOLDER = FOLDER if FOLDER.is_dir() else FOLDER.parent


@st.cache_data
def load(folder: str) -> pd.DataFrame:
    read = lambda name: pd.read_csv(Path(folder) / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    return (
        read("positions").merge(read("elements"), on="element_id")
        .merge(read("element_actors"), on=["element_id", "stage_id"], how="left")
        .merge(read("actors"), on="actor_id", how="left", suffixes=("", "_actor"))
    )


@st.cache_data
def csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


st.set_page_config(page_title="Floor", layout="wide")
rows = load(str(FOLDER))
st.title("Floor")
actors = st.sidebar.multiselect("Actors", sorted(rows["name_actor"].dropna().unique()), key="actors")
if actors:
    rows = rows[rows["name_actor"].isin(actors)]
counts = rows.groupby(["domain", "status"]).size().reset_index(name="n")
st.plotly_chart(px.bar(counts, x="n", y="domain", color="status", orientation="h"), key="plotly")
st.altair_chart(alt.Chart(counts).mark_bar().encode(x="n:Q", y="domain:N", color="status:N"), key="altair")
st.dataframe(rows, key="table")
st.download_button("Download", data=csv(rows), file_name="floor.csv", key="download")
