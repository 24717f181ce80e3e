"""This session's upload: validated on arrival, kept in its own working folder, forgotten on request."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import streamlit as st

from pact import PackageError
from pact.upload import read_upload
from ui.state import UPLOAD_PREFIX


def handle_upload() -> None:
    """on_change of the upload widget: validate before the page redraws, so every part sees one dataset."""
    uploaded = st.session_state.get("upload")
    if uploaded is None:
        return
    workdir = Path(tempfile.mkdtemp(prefix="pact-upload-"))
    try:
        package = read_upload(uploaded.name, uploaded.getvalue(), workdir)
    except PackageError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        st.session_state["upload_result"] = {
            "ok": False,
            "name": uploaded.name,
            "problems": [
                {"file": p.file, "row": p.row, "field": p.field or "", "problem": p.message} for p in exc.problems
            ],
        }
        return
    summary = f"{len(package.elements)} elements, {len(package.stages)} stages, {len(package.actors)} actors"
    forget_upload()  # a new upload replaces the previous one and its working folder
    st.session_state["uploaded"] = {"name": uploaded.name, "path": str(package.path)}
    st.session_state["upload_result"] = {"ok": True, "name": uploaded.name, "summary": summary}
    st.session_state["dataset"] = st.session_state["_dataset"] = UPLOAD_PREFIX + uploaded.name


def forget_upload() -> None:
    upload = st.session_state.pop("uploaded", None)
    st.session_state.pop("upload_result", None)
    st.session_state.pop("dataset", None)
    st.session_state.pop("_dataset", None)
    if upload:
        shutil.rmtree(Path(upload["path"]).parent, ignore_errors=True)
