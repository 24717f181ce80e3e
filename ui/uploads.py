"""This session's upload: validated on arrival, kept in its own working folder, forgotten on request."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pact import PackageError, workdirs
from pact.curation import verification_wording
from pact.upload import read_upload
from ui.state import UPLOAD_PREFIX

# Every session's upload folder, in one process-wide pool with caps on count, size and idle time.
UPLOADS = workdirs.Pool()


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else "anon"


def _session_is_live(session_id: str) -> bool:
    """Whether a session still exists, so a closed session's upload folder can go at the next upload.

    Streamlit has no public hook for a session ending; the runtime's own registry answers.
    """
    try:
        return Runtime.instance().is_active_session(session_id)
    except RuntimeError:  # no runtime (AppTest): keep the folder; idle time and the caps still apply
        return True


def keep_alive() -> None:
    """Mark this session's upload folder as in use, so the idle rule does not remove it."""
    upload = st.session_state.get("uploaded")
    if upload and Path(upload["path"]).is_file():
        UPLOADS.touch(Path(upload["path"]).parent)


def handle_upload() -> None:
    """on_change of the upload widget: validate before the page redraws, so every part sees one dataset."""
    uploaded = st.session_state.get("upload")
    if uploaded is None:
        return
    workdir = UPLOADS.create(_session_id(), _session_is_live)
    try:
        package = read_upload(uploaded.name, uploaded.getvalue(), workdir)
    except PackageError as exc:
        UPLOADS.release(workdir)
        st.session_state["upload_result"] = {
            "ok": False,
            "name": uploaded.name,
            "problems": [
                {"file": p.file, "row": p.row, "field": p.field or "", "problem": p.message} for p in exc.problems
            ],
        }
        return
    summary = (f"{len(package.elements)} elements, {len(package.stages)} stages, {len(package.actors)} actors; "
               f"{verification_wording(package.evidence)}")
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
        UPLOADS.release(Path(upload["path"]).parent)
