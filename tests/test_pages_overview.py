"""The Overview shows the comparison between the two official texts beside the pair chosen."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT

pytestmark = pytest.mark.usefixtures("fresh_app_on_bundled_data")


def overview(**query) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown(app: AppTest) -> str:
    return " | ".join(m.value for m in app.markdown).replace("\\", "")


def test_the_council_text_to_final_pair_sits_beside_the_draft_to_final():
    app = overview()
    text = shown(app)
    assert "Between two official texts: Text put to the Council (Oct 2024) → Final (1 Nov 2024)" in text
    assert re.search(r" no longer reported \([^)]*Economic security", text), "present in 9941/24, not reported at the final"
    assert "Reported in Draft (Sep 2024)" in [m.label.replace("\\", "") for m in app.metric]


def test_its_button_makes_it_the_pair_compared_and_the_link_says_so():
    app = overview()
    app.button(key="compare_text_pair").click().run()
    assert (app.session_state["stage_a"], app.session_state["stage_b"]) == ("council_text", "final")
    assert app.query_params["from"] in ("council_text", ["council_text"])
    assert "Between two official texts" not in shown(app), "the pair compared is shown once"


def test_a_package_whose_default_pair_is_its_text_pair_shows_just_that_pair():
    app = overview()
    app.selectbox(key="dataset").set_value("EU–Korea partnership").run()
    assert not app.exception
    assert "Between two official texts" not in shown(app)


def test_the_pair_from_the_link_is_kept():
    app = overview(**{"from": ["council_text"]})
    assert app.session_state["stage_a"] == "council_text"
    assert "Between two official texts" not in shown(app)
