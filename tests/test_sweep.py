"""Every page, entered as an analyst enters it, under every single filter value of every bundled dataset.

One AppTest per page and dataset opens ``dashboard.py``, picks the dataset, switches to the page
and then tries, one at a time: each actor, each domain, each change type, each pair of stages and a
search that matches nothing. A run fails on any exception and on any error box (the pages' own
errors are for invalid packages and refused uploads, which no bundled dataset should show).

The datasets come from ``ui.state.bundled_datasets()``, so a package added to ``data/`` is swept
without an edit here. Each case is named by page and dataset; a failure lists every filter value
that broke it.
"""

from __future__ import annotations

import itertools
import logging

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conftest import ROOT

pytestmark = pytest.mark.sweep  # a CI job of its own if need be: -m sweep, or -m "not sweep"
PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
NO_MATCH = "zq-matches-nothing-xj"


def _bundled() -> dict[str, str]:
    # Outside `streamlit run`, session state is empty and says so in a warning that means nothing here.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from ui.state import bundled_datasets

    return bundled_datasets()


DATASETS = list(_bundled())


@pytest.fixture(autouse=True, scope="module")
def error_details():
    """The real message of a failure, not the redacted one .streamlit/config.toml gives viewers."""
    shown = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", shown)


def widget(app: AppTest, kind: str, key: str):
    """The widget, or None where this dataset has none (a one-stage package has no stage pickers)."""
    try:
        return getattr(app, kind)(key=key)
    except KeyError:
        return None


def enter(page: str, dataset: str) -> AppTest:
    """Open the dashboard, choose the dataset, then switch to the page: the way a user arrives."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    if dataset != app.session_state["dataset"]:
        app.selectbox(key="dataset").set_value(dataset).run()
    if page != "dashboard.py":
        app.switch_page(page).run()
    return app


def where(stack: list[str]) -> str:
    """The innermost frame in our code, which names the function to fix."""
    ours = [line.strip().splitlines()[0] for line in stack or [] if str(ROOT) in line]
    return ours[-1] if ours else ""


def problems(app: AppTest) -> list[str]:
    return ([f"exception: {e.value} at {where(e.stack_trace)}" for e in app.exception]
            + [f"error box: {e.value}" for e in app.error])


def filter_cases(app: AppTest):
    """(description, widget values) for every single filter value the sidebar offers on this dataset."""
    for key in ("actors", "domains", "changes"):
        picker = widget(app, "multiselect", key)  # a one-stage package has no change types
        for value in picker.options if picker else []:
            yield f"{key}={value!r}", {key: [value]}
    yield f"search={NO_MATCH!r}", {"search": NO_MATCH}
    picker = widget(app, "selectbox", "stage_a")
    for a, b in itertools.combinations(picker.options if picker else [], 2):
        yield f"stages={a}→{b}", {"stage_a": a, "stage_b": b}


def set_filters(app: AppTest, values: dict) -> None:
    for key, value in values.items():
        kind = "text_input" if key == "search" else "selectbox" if key.startswith("stage_") else "multiselect"
        found = widget(app, kind, key)
        if found is not None:
            found.set_value(value)


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("page", PAGES)
def test_every_single_filter_value_draws_the_page(page, dataset, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = enter(page, dataset)
    assert not problems(app), problems(app)
    assert app.session_state["dataset"] == dataset
    defaults = {key: widget(app, "selectbox", key).value for key in ("stage_a", "stage_b")
                if widget(app, "selectbox", key)}
    failures, tried = [], 0
    for description, values in list(filter_cases(app)):
        set_filters(app, values)
        app.run()
        tried += 1
        if problems(app):
            failures.append(f"{description}: {problems(app)}")
        # Back to no filter and the default stages, so each case is one filter value alone.
        set_filters(app, {"actors": [], "domains": [], "changes": [], "search": "", **defaults})
    assert tried > 10, f"only {tried} filter values found on {page}"
    assert not failures, f"{len(failures)} of {tried} filter values break {page} on {dataset}:\n" + "\n".join(failures)
