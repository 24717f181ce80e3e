"""Session state and the URL: which dataset this session sees, and the filters a link carries.

Widgets keep their own values across page switches (``persist_state="session"``). The URL is ours:
Streamlit's ``bind="query-params"`` names a parameter after its widget's key, and both names are
public and differ (the multiselect ``actors`` is shared as ``?actor=``; ``stage_a`` as ``?from=``),
so old links would stop working. :mod:`pact.urlstate` reads the link once per session, with one
grouped notice for what it ignored, and writes the filters back on every run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

from pact import DataPackage
from pact.compare import CHANGE_LABELS
from pact.load import resolve
from pact.urlstate import PARAMS, FilterState, Options, parse_query, to_query

ROOT = Path(__file__).resolve().parent.parent
SIBLING = ROOT / "data" / "eu-korea" / "datapackage.json"
UPLOAD_PREFIX = "Your upload: "


def datasets() -> dict[str, str]:
    """Datasets this session can switch between: label -> descriptor path."""
    configured = "DASHBOARD_DATA" in os.environ
    choices = {"Configured package (DASHBOARD_DATA)" if configured else "Japan–EU partnership": str(resolve(None))}
    if SIBLING.is_file() and not configured:
        choices["EU–Korea partnership"] = str(SIBLING)
    upload = st.session_state.get("uploaded")
    if upload and Path(upload["path"]).is_file():  # its folder may have been reclaimed (see ui.uploads)
        choices[UPLOAD_PREFIX + upload["name"]] = upload["path"]
    return choices


def bundled_datasets() -> dict[str, str]:
    """The datasets shipped with the dashboard, not this session's upload."""
    return {label: path for label, path in datasets().items() if not label.startswith(UPLOAD_PREFIX)}


def filter_options(package: DataPackage) -> Options:
    return Options(
        actors=tuple(package.actors.sort_values("name")["name"]),
        domains=tuple(sorted(package.elements["domain"].unique())),
        changes=tuple(CHANGE_LABELS),
        stages=tuple(package.stage_ids()),
    )


def seed_filters_from_url(options: Options, defaults: FilterState) -> None:
    """On a session's first run, the link sets the filters; its ignored parts become one notice."""
    if "_url_read" in st.session_state:
        return
    query = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    state, notices = parse_query(query, options, defaults)
    for key in PARAMS:
        st.session_state[key] = getattr(state, key)
    st.session_state["_url_read"] = True
    st.session_state["_url_notices"] = notices


def url_notices() -> list[str]:
    """What the link that opened this session could not use; returned once, then forgotten."""
    return st.session_state.pop("_url_notices", [])


def current_filters(defaults: FilterState) -> tuple[FilterState, bool]:
    """The filter widgets' values; the default stage pair when the two stages picked are equal."""
    state = FilterState(**{key: st.session_state[key] for key in PARAMS})
    same = state.stage_a == state.stage_b
    if same:
        state.stage_a, state.stage_b = defaults.stage_a, defaults.stage_b
    return state, same


def write_url(state: FilterState, defaults: FilterState) -> None:
    st.query_params.from_dict(to_query(state, defaults))


FILTER_KEYS = ("actors", "domains", "changes", "search")


def clear_filters() -> None:
    """on_click of "Clear filters": every filter back to all (the stage pair stays)."""
    for key in FILTER_KEYS:
        st.session_state[key] = "" if key == "search" else []


def click_sets_filter(chart_key: str, filter_key: str, read: Callable[[Mapping], list[str]], also: str | None = None):
    """An ``on_select`` callback: what a click on the chart picked becomes the sidebar filter.

    A callback, because it runs before the script: the sidebar, drawn first, then shows the new value.
    ``also`` names another widget (such as a profile picker) set to the first value picked.
    """

    def apply() -> None:
        values = read(st.session_state[chart_key].get("selection", {}))
        if values:
            st.session_state[filter_key] = values
            if also:
                st.session_state[also] = values[0]

    return apply


def click_picks(chart_key: str, widget_key: str, read: Callable[[Mapping], list[str]]):
    """An ``on_select`` callback: the first thing a click on the chart picked becomes a picker's value.

    The picker stays on the page and follows the chart; choosing in the picker afterwards is kept,
    because the callback runs only when the chart's selection changes.
    """

    def apply() -> None:
        values = read(st.session_state[chart_key].get("selection", {}))
        if values:
            st.session_state[widget_key] = values[0]

    return apply
