"""The five partnerships known only from their final: North Macedonia, Albania, Canada, Iceland and Ghana.

Each is its own package in the Japan–EU schema, with one stage (the final), coded from official lists of
areas and press reports, and checked against the honesty rules the codebook states.
"""

import json

import pandas as pd
import pytest

from conftest import BUNDLED, ROOT
from pact.load import load_package
from pact.topics import DOMAIN_OF_TOPIC

DATA = ROOT / "data"
FOLDERS = {
    "eu-mkd-sdp": "eu-north-macedonia",
    "eu-alb-sdp": "eu-albania",
    "eu-can-sdp": "eu-canada",
    "eu-isl-sdp": "eu-iceland",
    "eu-gha-sdp": "eu-ghana",
}
PRESENT = sorted(name for name, folder in FOLDERS.items() if (DATA / folder / "datapackage.json").is_file())


@pytest.fixture(scope="module")
def packages():
    return {name: load_package(DATA / FOLDERS[name]) for name in PRESENT}


@pytest.mark.parametrize("name", PRESENT)
def test_each_package_is_named_after_its_partnership_and_keeps_the_flagship_schema(packages, name):
    package = packages[name]
    flagship = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert package.name == name
    assert package.descriptor["resources"] == flagship["resources"]
    assert package.descriptor["version"] == "1.0.0"
    assert package.descriptor["follow_up_searched_through"] == "2026-03-31"
    assert package.descriptor["partnership"]["signed"] >= "2024-11-19"


@pytest.mark.parametrize("name", PRESENT)
def test_only_the_final_is_coded_and_nothing_is_absent(packages, name):
    package = packages[name]
    assert package.stage_ids() == ["final"]
    assert set(package.positions["status"]) <= {"present", "not_reported"}
    assert package.positions["commitment_level"].isna().eq(package.positions["status"] != "present").all()


@pytest.mark.parametrize("name", PRESENT)
def test_every_quote_is_verified(packages, name):
    package = packages[name]
    for table in (package.evidence, package.events, package.follow_up):
        assert table["verified"].all()


@pytest.mark.parametrize("name", PRESENT)
def test_no_position_rests_on_low_reliability_sources_alone(packages, name):
    package = packages[name]
    reliability = package.evidence.merge(package.sources, on="source_id")
    best = reliability.groupby(["element_id", "stage_id"])["reliability"].apply(lambda r: set(r) - {"low"})
    assert best.map(bool).all(), best[~best.map(bool)]


@pytest.mark.parametrize("name", PRESENT)
def test_shared_element_ids_mean_the_same_topic_as_in_japan_and_korea(packages, name):
    flagship = pd.concat([pd.read_csv(DATA / "elements.csv"), pd.read_csv(DATA / "eu-korea" / "elements.csv")])
    topic_of = dict(zip(flagship["element_id"], flagship["topic"]))
    elements = packages[name].elements
    for element_id, topic in zip(elements["element_id"], elements["topic"]):
        assert topic_of.get(element_id, topic) == topic, element_id
        assert DOMAIN_OF_TOPIC[topic] == elements.set_index("element_id").at[element_id, "domain"]


def test_the_same_element_id_has_one_topic_across_the_five(packages):
    rows = pd.concat([p.elements[["element_id", "topic"]] for p in packages.values()])
    assert (rows.groupby("element_id")["topic"].nunique() == 1).all()


@pytest.mark.parametrize("name", PRESENT)
def test_follow_up_falls_between_the_final_and_the_searched_through_date(packages, name):
    package = packages[name]
    final = package.stages.set_index("stage_id").at["final", "date"]
    dates = package.follow_up["date"]
    assert ((dates > final) & (dates <= pd.Timestamp("2026-03-31"))).all()


def _package(packages, name):
    if name not in packages:
        pytest.skip(f"{name} not built yet")
    return packages[name]


def test_canada_lists_the_eeas_areas_and_reaches_safe_after_the_final(packages):
    canada = _package(packages, "eu-can-sdp")
    final = canada.positions.set_index("element_id")
    for area in ("support_to_ukraine", "peace_crisis_management", "military_mobility", "maritime_security_cooperation",
                 "cyber_security", "space_security", "hybrid_threats"):
        assert final.at[area, "status"] == "present"
    # Named only by a low-reliability summary or by the summit's separate joint statement.
    assert final.at["fimi_disinformation", "status"] == "not_reported"
    assert final.at["counter_terrorism", "status"] == "not_reported"
    # CSDP missions are nested inside the crisis-management item, so they are not an element of their own.
    assert "eu_missions_operations" not in set(canada.elements["element_id"])
    assert set(canada.follow_up["element_id"]) == {"safe"}
    assert canada.follow_up["date"].min() == pd.Timestamp("2025-12-01")


def test_albania_final_is_the_adoption_and_the_signature_is_an_event_after_it(packages):
    albania = _package(packages, "eu-alb-sdp")
    assert albania.stages.at[0, "date"] == pd.Timestamp("2024-11-19")
    assert albania.descriptor["partnership"]["signed"] == "2024-12-18"
    events = albania.events.set_index("event_id")
    final_event = events[events["stage_id"] == "final"]
    assert list(final_event["date"]) == [pd.Timestamp("2024-11-19")]
    assert pd.Timestamp("2024-12-18") in set(events["date"])


def test_albania_first_dialogue_is_dated_to_the_month_the_pages_support(packages):
    albania = _package(packages, "eu-alb-sdp")
    dialogue = albania.follow_up[albania.follow_up["element_id"] == "dg_security_defence_dialogue"]
    assert set(dialogue["status"]) == {"launched", "held"}
    assert set(dialogue["date_precision"]) == {"month"} and set(dialogue["date"]) == {pd.Timestamp("2025-04-01")}


def test_north_macedonia_codes_the_eeas_list_and_claims_no_follow_up(packages):
    mkd = _package(packages, "eu-mkd-sdp")
    final = mkd.positions.set_index("element_id")
    listed = ("peace_crisis_management", "support_to_ukraine", "hybrid_threats", "cyber_security",
              "capacity_building_training", "counter_terrorism", "border_management")
    assert (final.loc[list(listed), "commitment_level"] == 2).all()
    # CSDP participation is background in the release, not a listed area.
    assert final.at["eu_missions_operations", "status"] == "not_reported"
    assert mkd.follow_up.empty


def test_ghana_final_is_known_only_from_the_press_and_names_no_signatory(packages):
    ghana = _package(packages, "eu-gha-sdp")
    assert ghana.stages.at[0, "basis"] == "press_reported"
    signing = ghana.events[ghana.events["stage_id"] == "final"]
    assert list(signing["date"]) == [pd.Timestamp("2026-03-24")]
    people = set(ghana.actors.loc[ghana.actors["kind"] == "person", "actor_id"])
    assert not people & set(ghana.event_actors.loc[ghana.event_actors["event_id"].isin(signing["event_id"]), "actor_id"])
    assert ghana.follow_up.empty


def test_iceland_signature_date_says_it_is_inferred(packages):
    iceland = _package(packages, "eu-isl-sdp")
    partnership = iceland.descriptor["partnership"]
    assert partnership["signed"] == "2026-03-18" and partnership["signed_inferred"] is True
    assert "inferred" in partnership["note"].lower()
    final = iceland.stages.iloc[0]
    assert final["date"] == pd.Timestamp("2026-03-18") and "inferred" in final["description"]
    signing = iceland.events[iceland.events["stage_id"] == "final"]
    assert signing["summary"].str.contains("inferred").all()


def test_iceland_talks_of_july_2025_are_context_not_a_draft(packages):
    iceland = _package(packages, "eu-isl-sdp")
    assert "draft" not in iceland.stage_ids()
    talks = iceland.events[iceland.events["date"] == pd.Timestamp("2025-07-17")]
    assert len(talks) == 1 and talks["stage_id"].eq("").all()


def test_iceland_areas_named_only_by_low_reliability_reports_are_not_reported(packages):
    iceland = _package(packages, "eu-isl-sdp")
    final = iceland.positions.set_index("element_id")
    assert final.loc[["maritime_security_cooperation", "critical_infrastructure"], "status"].eq("not_reported").all()
    assert iceland.evidence.empty and iceland.element_actors.empty
