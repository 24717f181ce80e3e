"""Your data: upload a data package (zip) or an edited "Download filtered CSV" file and explore it here."""

import streamlit as st

import ui
from pact.text import plural
from pact.upload import MAX_UPLOAD_BYTES, problem_text

ctx = ui.page("Your data", "📤")
ctx.title("Your data")
st.markdown(
    "Upload either a **zip of a data package** in this project's schema (`datapackage.json` and its CSV tables, "
    "see the codebook on *Data & Sources*) or a **flat CSV** exactly as *Download filtered CSV* produces it — "
    "for example one you edited in a spreadsheet. The upload is checked against the bundled schema, becomes the "
    "active dataset for **this browser session only**, and every page then shows it."
)
st.file_uploader(
    f"Data package (.zip) or flat CSV (.csv), at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
    type=["zip", "csv"],
    key="upload",
    on_change=ui.handle_upload,
)
result = st.session_state.get("upload_result")
if result and result["ok"]:
    st.success(f"Loaded {ui.escape_markdown(result['name'])}: {result['summary']}. It is now the active dataset.",
               icon=":material/check_circle:")
elif result:
    st.error(f"{ui.escape_markdown(result['name'])} was not loaded: {plural(len(result['problems']), 'problem')}. Nothing was changed.")
    # A list, not a table: a table cell cuts a long message off, and every word of it matters here.
    st.markdown("\n".join(f"- {ui.escape_markdown(problem_text(p))}" for p in result["problems"]))

if st.session_state.get("uploaded"):
    st.button("Return to the bundled data", on_click=ui.forget_upload, key="forget_upload", icon=":material/undo:")

st.header("Active dataset")
st.markdown(f"**{ui.escape_markdown(ctx.package.title)}**")
st.caption(ui.escape_markdown(ctx.package.descriptor.get("description", "")))
counts = {name: len(frame) for name, frame in ctx.package.tables.items()}
st.dataframe([{"table": k, "rows": v} for k, v in counts.items()], hide_index=True, key="active_counts")
