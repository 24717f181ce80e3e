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
from streamlit.testing.v1 import AppTest

from conftest import ROOT

PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
NO_MATCH = "zq-matches-nothing-xj"


def _bundled() -> dict[str, str]:
    # Outside `streamlit run`, session state is empty and says so in a warning that means nothing here.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from ui.state import bundled_datasets

    return bundled_datasets()


DATASETS = list(_bundled())


def enter(page: str, dataset: str) -> AppTest:
    """Open the dashboard, choose the dataset, then switch to the page: the way a user arrives."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    if dataset != app.session_state["dataset"]:
        app.selectbox(key="dataset").set_value(dataset).run()
    if page != "dashboard.py":
        app.switch_page(page).run()
    return app


def problems(app: AppTest) -> list[str]:
    return [f"exception: {e.value}" for e in app.exception] + [f"error box: {e.value}" for e in app.error]


def filter_cases(app: AppTest):
    """(description, widget values) for every single filter value the sidebar offers on this dataset."""
    for key in ("actors", "domains", "changes"):
        for value in app.multiselect(key=key).options:
            yield f"{key}={value!r}", {key: [value]}
    yield f"search={NO_MATCH!r}", {"search": NO_MATCH}
    stages = app.selectbox(key="stage_a").options
    for a, b in itertools.combinations(stages, 2):
        yield f"stages={a}→{b}", {"stage_a": a, "stage_b": b}


def set_filters(app: AppTest, values: dict) -> None:
    for key, value in values.items():
        widget = app.text_input(key=key) if key == "search" else (
            app.selectbox(key=key) if key.startswith("stage_") else app.multiselect(key=key))
        widget.set_value(value)


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("page", PAGES)
def test_every_single_filter_value_draws_the_page(page, dataset, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    app = enter(page, dataset)
    assert not problems(app), problems(app)
    assert app.session_state["dataset"] == dataset
    defaults = {"stage_a": app.selectbox(key="stage_a").value, "stage_b": app.selectbox(key="stage_b").value}
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
