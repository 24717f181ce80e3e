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
from pact.catalogue import Entry, by_signature, catalogue
from pact.compare import CHANGE_LABELS
from pact.load import resolve
from pact.urlstate import PARAMS, PARTNERSHIP_PARAM, FilterState, Options, parse_query, shorten, to_query

UPLOAD_PREFIX = "Your upload: "
CONFIGURED = "Configured package (DASHBOARD_DATA)"


@st.cache_resource(show_spinner=False)
def bundled_catalogue() -> tuple[Entry, ...]:
    """The partnerships in data/, read once per server process (bundled folders do not change while it runs)."""
    return tuple(catalogue())


def datasets() -> dict[str, str]:
    """Datasets this session can switch between: label -> descriptor path.

    Every bundled partnership (the flagship first, then by date signed), or only the package
    ``DASHBOARD_DATA`` names; then this session's upload, if any.
    """
    if "DASHBOARD_DATA" in os.environ:
        choices = {CONFIGURED: str(resolve(None))}
    else:
        choices = {entry.dataset_label: str(entry.path) for entry in bundled_catalogue()}
    upload = st.session_state.get("uploaded")
    if upload and Path(upload["path"]).is_file():  # its folder may have been reclaimed (see ui.uploads)
        choices[UPLOAD_PREFIX + upload["name"]] = upload["path"]
    return choices


def bundled_datasets() -> dict[str, str]:
    """The datasets shipped with the dashboard, not this session's upload."""
    return {label: path for label, path in datasets().items() if not label.startswith(UPLOAD_PREFIX)}


def bundled_entries() -> list[Entry]:
    """The bundled partnerships in the order they were signed (the atlas's order); none under DASHBOARD_DATA,
    which configures the dashboard to show one package."""
    return [] if "DASHBOARD_DATA" in os.environ else by_signature(list(bundled_catalogue()))


def entry_for(dataset_label: str) -> Entry | None:
    """The catalogue entry behind a Dataset label (None for an upload or DASHBOARD_DATA)."""
    if "DASHBOARD_DATA" in os.environ:
        return None
    return next((e for e in bundled_catalogue() if e.dataset_label == dataset_label), None)


def dataset_caption(dataset_label: str) -> str:
    """How the Dataset selector shows an option: the partnership and when it was signed."""
    entry = entry_for(dataset_label)
    if entry is None or entry.signed is None:
        return dataset_label
    return f"{entry.label} · {entry.signed:%b %Y}" + (" (date inferred)" if entry.signed_inferred else "")


def seed_dataset_from_url() -> None:
    """On a session's first run, ``?partnership=<package name>`` picks the dataset.

    A link without it opens the flagship, so links made before there were several partnerships
    keep working; an unknown name is one more line in the grouped "parts of this link" notice.
    """
    if "_partnership_read" in st.session_state:
        return
    st.session_state["_partnership_read"] = True
    wanted = st.query_params.get_all(PARTNERSHIP_PARAM)
    if not wanted:
        return
    notices = st.session_state.setdefault("_partnership_notices", [])
    if len(wanted) > 1:
        notices.append(f"“{PARTNERSHIP_PARAM}” was given {len(wanted)} times; the first value is used.")
    if "DASHBOARD_DATA" in os.environ:
        notices.append("Ignored “partnership”: this dashboard is configured to show one package.")
        return
    match = next((e for e in bundled_catalogue() if e.name == wanted[0]), None)
    if match is None:
        notices.append(f"Ignored unknown partnership “{shorten(wanted[0])}”.")
        return
    st.session_state["dataset"] = match.dataset_label


def partnership_param(dataset_label: str) -> str | None:
    """The ``?partnership=`` value for the dataset shown: none for the flagship, an upload or DASHBOARD_DATA."""
    entry = entry_for(dataset_label)
    return None if entry is None or entry.flagship else entry.name


def filter_options(package: DataPackage) -> Options:
    return Options(
        actors=tuple(package.actors.sort_values("name")["name"]),
        domains=tuple(sorted(package.elements["domain"].unique())),
        changes=tuple(CHANGE_LABELS) if len(package.stage_ids()) > 1 else (),
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
    st.session_state["_url_notices"] = st.session_state.pop("_partnership_notices", []) + notices


def url_notices() -> list[str]:
    """What the link that opened this session could not use; returned once, then forgotten."""
    return st.session_state.pop("_url_notices", [])


def current_filters(defaults: FilterState) -> tuple[FilterState, bool]:
    """The filter widgets' values; the default stage pair when the two stages picked are equal."""
    # A widget a package does not draw (one stage: no change type) has no value to read.
    blank = FilterState(stage_a=defaults.stage_a, stage_b=defaults.stage_b)
    state = FilterState(**{key: st.session_state.get(key, getattr(blank, key)) for key in PARAMS})
    same = state.stage_a == state.stage_b and defaults.stage_a != defaults.stage_b
    if same:
        state.stage_a, state.stage_b = defaults.stage_a, defaults.stage_b
    return state, same


def write_url(state: FilterState, defaults: FilterState, partnership: str | None = None) -> None:
    st.query_params.from_dict(to_query(state, defaults, partnership))


FILTER_KEYS = ("actors", "domains", "changes", "search")
_KEPT = "_filters_kept"


def remember_filters(page_title: str) -> None:
    """Keep this run's filter values, and the page they were drawn on, under a key no widget owns."""
    st.session_state[_KEPT] = (page_title, {key: st.session_state[key] for key in PARAMS if key in st.session_state})


def restore_filters_after_page_switch(page_title: str, options: Options) -> None:
    """On the first run of another page, put back the filters the last page ran with.

    ``persist_state="session"`` alone lost them once: with filters seeded from a link (or a click),
    Streamlit 1.67 drew the next page's widgets at their defaults on the first run after a page
    link (and AppTest's switch_page) although session state still held the values, so the page
    showed every row and the URL dropped the filter. Assigning the values before the widgets
    exist makes them the widgets' values. A value a callback set this run is kept: callbacks run
    only on the page they belong to, never on the run that switches pages. Only values the current
    package offers come back (a multiselect refuses a value outside its options).
    """
    kept = st.session_state.get(_KEPT)
    if not kept or kept[0] == page_title:
        return
    allowed = {"actors": options.actors, "domains": options.domains, "changes": options.changes,
               "stage_a": options.stages, "stage_b": options.stages}
    for key, value in kept[1].items():
        if key not in allowed:
            st.session_state[key] = value
        elif isinstance(value, list):
            st.session_state[key] = [v for v in value if v in allowed[key]]
        elif value in allowed[key]:
            st.session_state[key] = value


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
