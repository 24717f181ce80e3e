"""The Streamlit side of the dashboard: cached loading, the shared sidebar and small render helpers.

Every page calls :func:`page` first, so every page has the same sidebar, the same filters (kept in
the session and mirrored in the URL) and the same "Download filtered CSV" button.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from pact import DataPackage, PackageError, charts, load_package
from pact.codebook import bundle_zip
from pact.compare import CHANGE_LABELS, compare, ordered_stages
from pact.export import csv_filename, to_csv_bytes
from pact.filters import Filters, analysis_view, apply_filters, filter_comparison
from pact.load import resolve
from pact.partnerships import domain_profile
from pact.report import build_brief, view_link
from pact.report import file_name as brief_file_name
from pact.report_docx import render_docx
from pact.report_html import html_bytes
from pact.text import escape_markdown
from pact.upload import read_upload
from pact.urlstate import PARAMS, FilterState, Options, parse_query, to_query

ROOT = Path(__file__).resolve().parent.parent
# Browsers struggle with, and analysts cannot read, tables of 100 000 rows; downloads hold them all.
MAX_TABLE_ROWS = 5_000


@st.cache_resource(show_spinner="Validating the data package…", max_entries=16)
def load_bundled(path: str) -> DataPackage:
    """Validated once per server process and path; pages only read the frames, never modify them.

    Uploads live in their own temporary folder, so their path is their key and no session sees
    another's upload.
    """
    return load_package(path)


@st.cache_resource(show_spinner=False, max_entries=32)
def comparison_and_view(path: str, stage_a: str, stage_b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Built once per stage pair, not on every filter click.

    A resource, not data: the frames are only read (filters make new frames), so every session can
    share one copy instead of unpickling its own on each rerun.
    """
    package = load_bundled(path)
    return compare(package, stage_a, stage_b), analysis_view(package, stage_a, stage_b)


@st.cache_data(show_spinner=False, max_entries=256)
def csv_bytes(frame: pd.DataFrame) -> bytes:
    return to_csv_bytes(frame)


@st.cache_data(show_spinner=False, max_entries=256)
def vega_spec(builder: str, *args) -> dict:
    """A chart's Vega-Lite spec, built once per filter state.

    Altair validates a chart against the Vega-Lite schema whenever it is converted, which costs more
    than the rest of a page; caching the converted spec keeps a rerun close to a bare script's.
    """
    return getattr(charts, builder)(*args).to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def zip_bytes(path: str, filters_text: str, view: pd.DataFrame, readme: str) -> bytes:
    """The whole package plus the filtered rows, once per package and filter state."""
    return bundle_zip(load_bundled(path), filters_text, csv_bytes(view), readme)


@st.cache_data(show_spinner=False, max_entries=64)
def brief_bytes(kind: str, path: str, stage_a: str, stage_b: str, filters: Filters, link: str, today: date,
                view: pd.DataFrame, comparison: pd.DataFrame) -> bytes:
    """The brief of one filter state as HTML or Word; its charts take a second to draw, so once."""
    brief = build_brief(load_bundled(path), comparison, view, filters, stage_a, stage_b, link, today)
    return html_bytes(brief) if kind == "html" else render_docx(brief)


def download_data(frame: pd.DataFrame, build):
    """Bytes now for a small table; for a large one, a callable Streamlit runs only on click.

    Deferring keeps reruns fast when the file would be tens of megabytes, but a deferred download
    depends on the session that registered it: under heavy load (20 sessions on 2 cores) the
    first click was seen to be cancelled. Small files, the usual case, are sent with the page.
    """
    return build() if len(frame) <= MAX_TABLE_ROWS else build


def vega_chart(builder: str, *args, key: str, **kwargs):
    return st.vega_lite_chart(spec=vega_spec(builder, *args), key=key, **kwargs)


@st.cache_resource(show_spinner=False, max_entries=256)
def plotly_figure(builder: str, *args):
    """A Plotly figure, built once per filter state (Plotly validates every property it is given).

    A shared resource: Streamlit serialises the figure without modifying it.
    """
    return getattr(charts, builder)(*args)


def plotly_chart(builder: str, *args, key: str, **kwargs):
    return st.plotly_chart(plotly_figure(builder, *args), width="stretch", key=key, **kwargs)


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
    def basis_a(self) -> str:
        stages = self.package.stages.set_index("stage_id")
        return str(stages.at[self.stage_a, "basis"])

    def stop_if_empty(self) -> None:
        """End the page early, with what to relax, when the filters leave nothing."""
        if self.view.empty:
            st.info(
                f"No rows match the current filters ({escape_markdown(self.filters.describe())}). "
                "Remove an actor, a domain or a change type, or clear the search box in the sidebar."
            )
            st.stop()


SIBLING = ROOT / "data" / "eu-korea" / "datapackage.json"


def _datasets() -> dict[str, str]:
    """Datasets this session can switch between: label -> descriptor path."""
    configured = "DASHBOARD_DATA" in os.environ
    choices = {"Configured package (DASHBOARD_DATA)" if configured else "Japan–EU partnership": str(resolve(None))}
    if SIBLING.is_file() and not configured:
        choices["EU–Korea partnership"] = str(SIBLING)
    upload = st.session_state.get("uploaded")
    if upload:
        choices[f"Your upload: {upload['name']}"] = upload["path"]
    return choices


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
    st.session_state["dataset"] = st.session_state["_dataset"] = f"Your upload: {uploaded.name}"


def forget_upload() -> None:
    upload = st.session_state.pop("uploaded", None)
    st.session_state.pop("upload_result", None)
    st.session_state.pop("dataset", None)
    st.session_state.pop("_dataset", None)
    if upload:
        shutil.rmtree(Path(upload["path"]).parent, ignore_errors=True)


def bundled_packages() -> dict[str, DataPackage]:
    """The packages shipped with the dashboard (not uploads), for side-by-side comparison."""
    found = {}
    for label, path in _datasets().items():
        if not label.startswith("Your upload"):
            try:
                found[label] = load_bundled(path)
            except PackageError:
                continue
    return found


@st.cache_data(show_spinner=False, max_entries=4)
def _profile(paths: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return domain_profile({label: load_bundled(path) for label, path in paths})


def partnership_profile() -> pd.DataFrame:
    """Domains and strengths of every bundled partnership, computed once per set of packages."""
    packages = bundled_packages()
    paths = tuple((label, str(package.path)) for label, package in packages.items())
    return _profile(paths)


def _active_path(bar) -> str:
    """The dataset chosen in this session (uploads stay in the session that made them).

    Like the filters, the choice is also kept under a key no widget owns, because Streamlit drops
    widget state on pages that do not draw the widget.
    """
    datasets = _datasets()
    chosen = st.session_state.get("dataset", st.session_state.get("_dataset"))
    if chosen not in datasets:
        chosen = next(iter(datasets))
    st.session_state["dataset"] = chosen
    if len(datasets) > 1:
        bar.selectbox("Dataset", list(datasets), key="dataset")
    st.session_state["_dataset"] = st.session_state["dataset"]
    return datasets[st.session_state["dataset"]]


def _package_or_stop(path: str) -> DataPackage:
    try:
        return load_bundled(path)
    except PackageError as exc:
        st.error(f"The data package at {escape_markdown(path)} is not valid, so the dashboard cannot show it.")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        st.stop()


def _query_dict() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _options(package: DataPackage) -> Options:
    return Options(
        actors=tuple(package.actors.sort_values("name")["name"]),
        domains=tuple(sorted(package.elements["domain"].unique())),
        changes=tuple(CHANGE_LABELS),
        stages=tuple(package.stage_ids()),
    )


def _seed_state(options: Options, defaults: FilterState) -> None:
    """First run of a session: filters come from the URL. Later runs: from the session.

    Streamlit drops a widget's state when a page that does not draw it runs, so the filter values
    are also kept under a key no widget owns and restored from there.
    """
    if "_filters" not in st.session_state:
        state, notices = parse_query(_query_dict(), options, defaults)
        st.session_state["_filters"] = state
        st.session_state["_url_notices"] = notices
    state: FilterState = st.session_state["_filters"]
    valid = {"actors": options.actors, "domains": options.domains, "changes": options.changes}
    for key in PARAMS:
        value = st.session_state.get(key, getattr(state, key))
        if key in valid:
            value = [v for v in value if v in valid[key]]
        elif key in ("stage_a", "stage_b") and value not in options.stages:
            value = getattr(defaults, key)
        st.session_state[key] = value


PAGES = (
    ("dashboard.py", "Overview", ":material/dashboard:"),
    ("pages/1_Draft_vs_Final.py", "Draft vs Final", ":material/compare_arrows:"),
    ("pages/2_Actors.py", "Actors", ":material/groups:"),
    ("pages/3_Timeline.py", "Timeline", ":material/timeline:"),
    ("pages/4_Data_and_Sources.py", "Data & Sources", ":material/table_view:"),
    ("pages/5_Partnerships_compared.py", "Partnerships compared", ":material/balance:"),
    ("pages/6_Your_data.py", "Your data", ":material/upload_file:"),
)


def _navigation(bar) -> None:
    """Our own page links, so pages carry analysts' names (the built-in list would say "dashboard").

    A page run as its own entry point (AppTest does this) has no sibling pages to link to.
    """
    try:
        for script, label, icon in PAGES:
            bar.page_link(script, label=label, icon=icon)
    except StreamlitPageNotFoundError:
        return
    bar.divider()


def page(title: str, icon: str) -> PageContext:
    """Page config, validated data, the shared sidebar; returns what the page needs to draw."""
    st.set_page_config(page_title=f"{title} · JP–EU SDP", page_icon=icon, layout="wide")
    bar = st.sidebar
    _navigation(bar)
    path = _active_path(bar)
    package = _package_or_stop(path)
    stage_ids = package.stage_ids()
    options = _options(package)
    defaults = FilterState(stage_a=stage_ids[0], stage_b=stage_ids[-1])
    _seed_state(options, defaults)

    bar.markdown("### Filters")
    bar.multiselect("Actors", options.actors, key="actors", placeholder="All actors",
                    help="Keep only rows where one of these actors has a role.")
    bar.multiselect("Domains", options.domains, key="domains", placeholder="All domains")
    bar.multiselect("Change type", options.changes, key="changes", placeholder="All change types",
                    help="How an element changed between the two stages compared.")
    bar.text_input("Search", key="search", placeholder="element, summary or evidence text",
                   max_chars=200)
    with bar.expander("Stages compared", expanded=False):
        st.selectbox("From", stage_ids, key="stage_a", format_func=package.stage_label)
        st.selectbox("To", stage_ids, key="stage_b", format_func=package.stage_label)

    state = FilterState(**{key: st.session_state[key] for key in PARAMS})
    if state.stage_a == state.stage_b:
        st.warning("Pick two different stages to compare; showing the default pair.")
        state.stage_a, state.stage_b = defaults.stage_a, defaults.stage_b
    st.session_state["_filters"] = state
    st.query_params.from_dict(to_query(state, defaults))

    # Shown once, on the run that read the link; later clicks start from the cleaned-up state.
    notices = st.session_state.pop("_url_notices", [])
    if notices:
        st.warning(
            "Parts of this link were ignored:\n" + "\n".join(f"- {escape_markdown(n)}" for n in notices),
            icon="⚠️",
        )

    comparison_all, view_all = comparison_and_view(path, state.stage_a, state.stage_b)
    filters = Filters(tuple(state.actors), tuple(state.domains), tuple(state.changes), state.search)
    summaries = package.elements.set_index("name")["summary"]
    view = apply_filters(view_all, filters, summaries)
    comparison = filter_comparison(comparison_all, view)
    stage_a, stage_b = ordered_stages(package, state.stage_a, state.stage_b)

    actor_ids = package.actors.set_index("name").loc[list(filters.actors), "actor_id"].tolist()
    bar.download_button(
        "Download filtered CSV",
        data=download_data(view, lambda: csv_bytes(view)),
        file_name=csv_filename(package.name, filters, actor_ids, date.today()),
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
        icon=":material/download:",
        help=f"{len(view)} rows: one per element, stage and actor, with the evidence quote.",
        width="stretch",
    )
    # Drawn only on click (a callable), unlike the CSV: the charts would slow every filter change.
    link = view_link(st.context.url, to_query(state, defaults))
    brief_args = (path, stage_a, stage_b, filters, link, date.today(), view, comparison)
    csv_name = csv_filename(package.name, filters, actor_ids, date.today())
    for kind, label, key, mime in (
        ("html", "Download brief", "download_brief", "text/html"),
        ("docx", "Download brief (Word)", "download_brief_docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):
        bar.download_button(
            label,
            data=lambda kind=kind: brief_bytes(kind, *brief_args),
            file_name=brief_file_name(csv_name, kind),
            mime=mime,
            key=key,
            on_click="ignore",
            icon=":material/description:",
            help="This view for a memo: filters, counts, what changed, charts, elements, quotes and sources.",
            width="stretch",
        )
    evidence = package.evidence
    bar.caption(
        f"{len(view)} of {len(view_all)} rows · {int(evidence['verified'].sum())} of {len(evidence)} quotes "
        f"verified against their source · data v{escape_markdown(package.descriptor.get('version', '?'))}"
    )
    basis = package.stages.set_index("stage_id")["basis"]
    if (basis == "press_reported").any():
        press = ", ".join(package.stage_label(s) for s in basis.index[basis == "press_reported"])
        bar.caption(f"⚠️ {escape_markdown(press)}: known only from press reports. "
                    "“Not reported” means the reporting is silent, not that the text lacked it.")

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


def chart_block(summary: str, table: pd.DataFrame, draw, key: str) -> object:
    """A chart with its computed one-sentence summary and a "show as table" toggle."""
    st.caption(escape_markdown(summary))
    as_table = st.toggle("Show as table", key=f"table_{key}")
    if as_table:
        st.dataframe(table, hide_index=True, width="stretch")
        return None
    return draw()

