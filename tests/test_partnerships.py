"""The sibling EU–Korea package and the side-by-side comparison of partnerships."""

import json

import pytest

from conftest import BUNDLED, assert_quotes_recheck
from pact import load_package
from pact.charts import profile_chart
from pact.partnerships import domain_profile, profile_summary

SIBLING = BUNDLED.parent / "eu-korea" / "datapackage.json"


@pytest.fixture(scope="module")
def korea():
    return load_package(SIBLING)


def test_sibling_uses_exactly_the_bundled_schema():
    assert json.loads(SIBLING.read_text())["resources"] == json.loads(BUNDLED.read_text())["resources"]


def test_sibling_quotes_are_all_verified_against_the_pack(korea):
    assert_quotes_recheck(korea)
    assert korea.evidence["verified"].all() and korea.events["verified"].all()


def test_domain_profile_counts_present_elements_at_the_latest_stage(tiny, korea):
    profile = domain_profile({"Tiny": tiny, "Korea": korea})
    tiny_rows = profile[profile["partnership"] == "Tiny"].set_index("domain")
    assert tiny_rows["elements"].to_dict() == {"Dialogue": 1, "Industry": 1, "Space": 1}
    assert tiny_rows.at["Industry", "mean_level"] == 3.0
    latest = korea.positions[(korea.positions["stage_id"] == korea.stage_ids()[-1]) & (korea.positions["status"] == "present")]
    assert profile.loc[profile["partnership"] == "Korea", "elements"].sum() == len(latest)


def test_profile_chart_and_summary(tiny, bundled):
    profile = domain_profile({"Tiny": tiny, "Japan": bundled})
    spec = profile_chart(profile, tiny.commitment_levels).to_dict()
    assert spec["layer"][0]["encoding"]["yOffset"]["field"] == "partnership"
    summary = profile_summary(profile)
    assert summary.startswith("1 domain appears in both; only Tiny covers Dialogue, Industry; only Japan covers Counter-terrorism")


def test_topics_align_elements_across_partnerships_and_say_what_one_lacks(bundled, korea):
    from pact.partnerships import alignment_summary, topic_alignment

    labels = ["Japan–EU", "EU–Korea"]
    alignment = topic_alignment(dict(zip(labels, (bundled, korea)))).set_index("topic_id")
    assert alignment.at["dg_dialogue", "coverage"] == "both"
    assert alignment.at["dg_dialogue", "Japan–EU level"] == 4
    assert alignment.at["dg_dialogue", "EU–Korea quote"].startswith("“")
    only_japan = alignment.index[alignment["coverage"] == "only Japan–EU"]
    assert "joint_exercises" in only_japan
    assert "only Japan–EU has" in alignment_summary(alignment.reset_index(), labels)


def test_filters_that_carry_across_partnerships_narrow_every_one(bundled, korea):
    from pact.filters import Filters, analysis_view, apply_filters
    from pact.partnerships import across_partnerships, topic_alignment

    shared = across_partnerships(Filters(domains=("Maritime security",), changes=("Newly reported",)))
    assert shared.changes == () and shared.domains == ("Maritime security",)
    in_view = {
        label: set(apply_filters(analysis_view(p, p.stage_ids()[0], p.stage_ids()[-1]), shared)["element_id"])
        for label, p in (("Japan–EU", bundled), ("EU–Korea", korea))
    }
    alignment = topic_alignment({"Japan–EU": bundled, "EU–Korea": korea}, in_view)
    assert set(alignment["topic_id"]) <= {"maritime_security", "joint_exercises", "port_calls"}
    assert "maritime_security" in set(alignment["topic_id"])


def test_profile_chart_draws_a_profile_with_no_elements_in_view(tiny, bundled):
    """Regression (issue 16): one actor or a search matching nothing left no rows, and the chart crashed."""
    profile = domain_profile({"Tiny": tiny, "Japan": bundled}, {"Tiny": set(), "Japan": set()})
    assert profile.empty
    spec = profile_chart(profile, tiny.commitment_levels).to_dict()
    assert spec["layer"][0]["encoding"]["yOffset"]["field"] == "partnership"
    assert profile_summary(profile) == "No partnership has present elements to compare."
