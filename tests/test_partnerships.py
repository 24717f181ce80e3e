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
