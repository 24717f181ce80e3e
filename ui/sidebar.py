"""The shared sidebar every page draws first: page links, dataset, filters, stages and the download.

:func:`page` returns a :class:`PageContext` holding what the page needs to draw: the package, the
stage pair and the filtered frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from pact import DataPackage, PackageError
from pact.brief import press_silence
from pact.compare import ordered_stages
from pact.curation import verification_wording
from pact.export import csv_filename
from pact.filters import Filters, apply_filters, filter_comparison
from pact.report import file_name as brief_file_name
from pact.report import view_link
from pact.text import escape_markdown
from pact.urlstate import FilterState, to_query
from ui import state, uploads
from ui.data import brief_download, comparison_and_view, csv_bytes, load_bundled
from ui.render import download_data

PAGES = (
    ("dashboard.py", "Overview", ":material/dashboard:"),
    ("pages/1_Draft_vs_Final.py", "Draft vs Final", ":material/compare_arrows:"),
    ("pages/2_Actors.py", "Actors", ":material/groups:"),
    ("pages/3_Timeline.py", "Timeline", ":material/timeline:"),
    ("pages/7_Follow_up.py", "Follow-up", ":material/event_available:"),
    ("pages/4_Data_and_Sources.py", "Data & Sources", ":material/table_view:"),
    ("pages/5_Partnerships_compared.py", "Partnerships compared", ":material/balance:"),
    ("pages/6_Your_data.py", "Your data", ":material/upload_file:"),
)
# Streamlit 1.67 draws a focused page link with no outline and the same grey fill as the current
# page, so a keyboard user cannot tell where focus is (WCAG 2.4.7), and the theme has no setting for
# focus: this one rule is CSS. The ring is the theme's primaryColor, 3 px, outside the link.
FOCUS_RING = (
    "<style>[data-testid='stPageLink-NavLink']:focus-visible"
    "{outline: 3px solid #0072B2; outline-offset: 2px;}</style>"
)
# Values kept when the analyst switches pages; the URL carries the filters separately (see ui.state).
PERSIST = "session"


@dataclass(frozen=True)
class PageContext:
    package: DataPackage
    path: str
    stage_a: str
    stage_b: str
    label_a: str
    label_b: str
    filters: Filters
    comparison: pd.DataFrame
    view: pd.DataFrame

    @property
    def one_stage(self) -> bool:
        """The package codes a single stage (its final): there is no earlier text to compare it with."""
        return self.stage_a == self.stage_b

    @property
    def basis_a(self) -> str:
        stages = self.package.stages.set_index("stage_id")
        return str(stages.at[self.stage_a, "basis"])

    def title(self, text: str) -> None:
        """The page title and, under it, the filters in force with a way to clear them.

        On a phone the sidebar is collapsed, so without this line a filtered link would read as the
        whole partnership ("0 strengthened").
        """
        st.title(text)
        line = self.filters.statement()
        if not line:
            return
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key="filter_line"):
            st.markdown(f"**{escape_markdown(line)}**", width="content")
            st.button("Clear", key="clear_filters_line", on_click=state.clear_filters, type="tertiary",
                      icon=":material/filter_alt_off:", help="Show every actor, domain and change type again.")

    def stop_if_empty(self) -> None:
        """End the page early, with what to relax, when the filters leave nothing."""
        if self.view.empty:
            st.info(
                f"No rows match the current filters ({escape_markdown(self.filters.describe())}). "
                "Remove an actor, a domain or a change type, or clear the search box in the sidebar."
            )
            st.stop()


def _navigation(bar) -> None:
    """Our own page links, so pages carry analysts' names (the built-in list would say "dashboard").

    A page run as its own entry point (AppTest does this) has no sibling pages to link to.
    """
    st.html(FOCUS_RING)  # style only: Streamlit loads it without taking space on the page
    try:
        for script, label, icon in PAGES:
            bar.page_link(script, label=label, icon=icon)
    except StreamlitPageNotFoundError:
        return
    bar.divider()


def _active_path(bar) -> str:
    """The dataset chosen in this session (uploads stay in the session that made them).

    The choice is mirrored under a key no widget owns rather than kept with ``persist_state``: an
    upload adds an option and selects it in one callback, and after that change of options
    Streamlit 1.67's persisted value came back as the default on the next page's first run, which
    showed the bundled data instead of the upload.
    """
    choices = state.datasets()
    state.seed_dataset_from_url()
    chosen = st.session_state.get("dataset", st.session_state.get("_dataset"))
    st.session_state["dataset"] = chosen if chosen in choices else next(iter(choices))
    if len(choices) > 1:
        bar.selectbox("Dataset", list(choices), key="dataset", format_func=state.dataset_caption,
                      help="Every EU Security and Defence Partnership bundled here, Japan–EU first, then by date signed.")
    st.session_state["_dataset"] = st.session_state["dataset"]
    return choices[st.session_state["dataset"]]


def _package_or_stop(path: str) -> DataPackage:
    try:
        return load_bundled(path)
    except PackageError as exc:
        st.error(f"The data package at {escape_markdown(path)} is not valid, so the dashboard cannot show it.")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        st.stop()


def _filter_widgets(bar, package: DataPackage, stage_ids: list[str], options) -> None:
    bar.markdown("## Filters")
    bar.multiselect("Actors", options.actors, key="actors", placeholder="All actors", persist_state=PERSIST,
                    help="Keep only rows where one of these actors has a role.")
    bar.multiselect("Domains", options.domains, key="domains", placeholder="All domains", persist_state=PERSIST)
    if len(stage_ids) > 1:
        bar.multiselect("Change type", options.changes, key="changes", placeholder="All change types",
                        persist_state=PERSIST, help="How an element changed between the two stages compared.")
    bar.text_input("Search", key="search", placeholder="element, summary or evidence text", max_chars=200,
                   persist_state=PERSIST)
    if len(stage_ids) == 1:
        bar.caption(f"One stage: {escape_markdown(package.stage_label(stage_ids[0]))}. No earlier text of this "
                    "partnership is coded, so nothing is compared.")
        return
    with bar.expander("Stages compared", expanded=False):
        st.selectbox("From", stage_ids, key="stage_a", format_func=package.stage_label)
        st.selectbox("To", stage_ids, key="stage_b", format_func=package.stage_label)


def _captions(bar, package: DataPackage, shown: int, total: int) -> None:
    bar.caption(
        f"{shown} of {total} rows · {verification_wording(package.evidence)} "
        f"· data v{escape_markdown(package.descriptor.get('version', '?'))}"
    )
    press = [package.stage_label(s) for s in package.stage_ids() if package.stage_basis(s) == "press_reported"]
    if press:
        bar.caption(f"⚠️ {escape_markdown(', '.join(press))}: known only from press reports. "
                    + escape_markdown(press_silence(press[0] if len(press) == 1 else "press-reported stage")))


def _downloads(bar, package: DataPackage, path: str, filters: Filters, query: dict, stages: tuple[str, str],
               view: pd.DataFrame, comparison: pd.DataFrame) -> None:
    """The filtered rows as CSV, and the brief of this view as HTML and Word."""
    actor_ids = [package.actor_id(name) for name in filters.actors]
    csv_name = csv_filename(package.name, filters, actor_ids, date.today())
    bar.download_button(
        "Download filtered CSV",
        data=download_data(view, lambda: csv_bytes(view)),
        file_name=csv_name,
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
        icon=":material/download:",
        help=f"{len(view)} rows: one per element, stage and actor, with the evidence quote.",
        width="stretch",
    )
    # Drawn only on click (a callable), unlike the CSV: the charts would slow every filter change.
    brief_args = (path, *stages, filters, view_link(st.context.url, query), date.today(), view, comparison)
    # A plain dict the click (run outside the script, without session state) can write a failure into.
    failures = st.session_state.setdefault("_brief_failures", {})
    for kind in list(failures):
        bar.error(f"{escape_markdown(failures.pop(kind))} The file downloaded says so too; the other downloads "
                  "are unaffected. Try again, or narrow the filters.", icon=":material/error:")
    for kind, label, key, mime in (
        ("html", "Download brief", "download_brief", "text/html"),
        ("docx", "Download brief (Word)", "download_brief_docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):
        bar.download_button(
            label,
            data=lambda kind=kind: brief_download(kind, failures, *brief_args),
            file_name=brief_file_name(csv_name, kind),
            mime=mime,
            key=key,
            on_click="ignore",
            icon=":material/description:",
            help="This view for a memo: filters, counts, what changed, charts, elements, quotes and sources.",
            width="stretch",
        )


def page(title: str, icon: str) -> PageContext:
    """Page config, validated data, the shared sidebar; returns what the page needs to draw."""
    st.set_page_config(page_title=f"{title} · JP–EU SDP", page_icon=icon, layout="wide")
    bar = st.sidebar
    _navigation(bar)
    path = _active_path(bar)
    uploads.keep_alive()
    package = _package_or_stop(path)
    stage_ids = package.stage_ids()
    options = state.filter_options(package)
    defaults = FilterState(stage_a=stage_ids[0], stage_b=stage_ids[-1])
    state.seed_filters_from_url(options, defaults)
    # The stage pair is mirrored under keys no widget owns rather than kept with ``persist_state``:
    # in Streamlit 1.67 a persisted selectbox came back at its first option on the next page's
    # first run (so "To" read "Draft" and every page switch warned that the stages were equal).
    # Another dataset has other stages: start it on its default pair.
    for key in ("stage_a", "stage_b"):
        value = st.session_state.get(key, st.session_state.get(f"_{key}"))
        st.session_state[key] = value if value in stage_ids else getattr(defaults, key)
    state.restore_filters_after_page_switch(title, options)
    _filter_widgets(bar, package, stage_ids, options)

    chosen, same_stages = state.current_filters(defaults)
    st.session_state["_stage_a"], st.session_state["_stage_b"] = st.session_state["stage_a"], st.session_state["stage_b"]
    state.remember_filters(title)
    if same_stages:
        st.warning("Pick two different stages to compare; showing the default pair.")
    state.write_url(chosen, defaults, state.partnership_param(st.session_state["dataset"]))
    # Shown once, on the run that read the link; later clicks start from the cleaned-up state.
    notices = state.url_notices()
    if notices:
        st.warning(
            "Parts of this link were ignored:\n" + "\n".join(f"- {escape_markdown(n)}" for n in notices),
            icon="⚠️",
        )

    comparison_all, view_all = comparison_and_view(path, chosen.stage_a, chosen.stage_b)
    filters = Filters(tuple(chosen.actors), tuple(chosen.domains), tuple(chosen.changes), chosen.search)
    view = apply_filters(view_all, filters, package.summaries_by_name)
    comparison = filter_comparison(comparison_all, view)
    stage_a, stage_b = ordered_stages(package, chosen.stage_a, chosen.stage_b)

    query = to_query(chosen, defaults, state.partnership_param(st.session_state["dataset"]))
    _downloads(bar, package, path, filters, query, (stage_a, stage_b), view, comparison)
    if filters.active:
        bar.button("Clear filters", key="clear_filters", on_click=state.clear_filters, icon=":material/filter_alt_off:",
                   width="stretch", help="Show every actor, domain and change type again and empty the search.")
    _captions(bar, package, len(view), len(view_all))

    return PageContext(
        package=package,
        path=path,
        stage_a=stage_a,
        stage_b=stage_b,
        label_a=package.stage_label(stage_a),
        label_b=package.stage_label(stage_b),
        filters=filters,
        comparison=comparison,
        view=view,
    )
