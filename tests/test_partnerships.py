"""The sibling EU–Korea package and the side-by-side comparison of partnerships."""

import json

import pytest

from conftest import BUNDLED, assert_quotes_recheck
from pact import load_package

SIBLING = BUNDLED.parent / "eu-korea" / "datapackage.json"


@pytest.fixture(scope="module")
def korea():
    return load_package(SIBLING)


def test_sibling_uses_exactly_the_bundled_schema():
    assert json.loads(SIBLING.read_text())["resources"] == json.loads(BUNDLED.read_text())["resources"]


def test_sibling_quotes_are_all_verified_against_the_pack(korea):
    assert_quotes_recheck(korea)
    assert korea.evidence["verified"].all() and korea.events["verified"].all()


def test_filters_that_carry_across_partnerships_narrow_every_one(bundled, korea):
    from pact.atlas import FILTERED_OUT, PRESENT, matrix
    from pact.filters import Filters, analysis_view, apply_filters
    from pact.partnerships import across_partnerships

    shared = across_partnerships(Filters(domains=("Maritime security",), changes=("Newly reported",)))
    assert shared.changes == () and shared.domains == ("Maritime security",)
    in_view = {
        label: set(apply_filters(analysis_view(p, p.stage_ids()[0], p.stage_ids()[-1]), shared)["element_id"])
        for label, p in (("Japan–EU", bundled), ("EU–Korea", korea))
    }
    cells = matrix({"Japan–EU": bundled, "EU–Korea": korea}, in_view)
    present = set(cells.loc[cells["cell"] == PRESENT, "topic_id"])
    assert "maritime_security" in present and present <= {"maritime_security", "joint_exercises", "port_calls"}
    assert (cells.loc[cells["topic_id"] == "cyber", "cell"] == FILTERED_OUT).all()


def test_an_atlas_with_nothing_in_view_still_draws(tiny, bundled):
    """Regression (issue 16): one actor or a search matching nothing left no rows, and the comparison chart
    (then a domain profile, now the atlas matrix) crashed."""
    from pact.atlas import matrix, summary
    from pact.atlas_charts import matrix_chart

    cells = matrix({"Tiny": tiny, "Japan": bundled}, {"Tiny": set(), "Japan": set()})
    assert matrix_chart(cells, tiny.commitment_levels).to_dict()["layer"]
    assert summary(cells).startswith("No topic is present")
