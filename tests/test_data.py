"""The bundled package: schema, integrity and the honesty rules, checked on the data we ship."""

import subprocess
import sys

import pandas as pd
import pytest

from conftest import BUNDLED, KOREA, ROOT
from pact.filters import analysis_view
from pact.load import quote_too_long


def test_frictionless_validates_the_bundled_descriptor():
    from frictionless import validate

    assert validate(str(BUNDLED)).valid


@pytest.mark.parametrize("descriptor", [BUNDLED, KOREA], ids=["japan", "korea"])
def test_both_packages_pass_the_project_validator(descriptor):
    done = subprocess.run([sys.executable, "-m", "pact", "validate", str(descriptor)], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stdout
    searched = "follow-up searched through: 2026-03-31"
    assert searched in done.stdout


def test_both_packages_share_one_schema_and_version(bundled, korea):
    assert bundled.descriptor["resources"] == korea.descriptor["resources"]
    assert bundled.descriptor["version"] == "1.2.0" and korea.descriptor["version"] == "1.2.0"


def test_every_element_is_coded_at_every_stage_and_never_absent(bundled):
    assert 15 <= len(bundled.elements) <= 40
    assert len(bundled.positions) == len(bundled.elements) * len(bundled.stages)
    assert set(bundled.positions["status"]) <= {"present", "not_reported"}


def test_every_present_position_has_a_verified_short_quote(bundled):
    present = bundled.positions[bundled.positions["status"] == "present"]
    cited = bundled.evidence.merge(present[["element_id", "stage_id"]], on=["element_id", "stage_id"])
    assert set(zip(cited["element_id"], cited["stage_id"])) == set(zip(present["element_id"], present["stage_id"]))
    assert not bundled.evidence["quote"].map(quote_too_long).any()
    assert bundled.evidence["verified"].all()


def test_the_draft_rests_on_press_reports_and_the_final_on_official_sources(bundled):
    basis = bundled.stages.set_index("stage_id")["basis"]
    assert basis["draft"] == "press_reported" and basis["final"] == "official_text"
    final_kinds = bundled.evidence[bundled.evidence["stage_id"] == "final"].merge(bundled.sources, on="source_id")["kind"]
    assert {"official_text", "press_release"} & set(final_kinds)


def test_third_countries_named_only_by_the_press_are_marked(bundled):
    roles = bundled.element_actors.merge(bundled.actors, on="actor_id")
    china = roles[roles["actor_id"] == "china"]
    assert set(china["role"]) == {"named_concern"} and "press" in set(china["named_by"])


def test_analysis_view_joins_every_role_and_every_actorless_position_of_the_two_stages(bundled):
    view = analysis_view(bundled, "draft", "final")
    with_actor = view.dropna(subset=["actor_id"])
    compared = bundled.positions["stage_id"].isin(["draft", "final"])
    roles = bundled.element_actors[bundled.element_actors["stage_id"].isin(["draft", "final"])]
    assert len(with_actor) == len(roles)
    actorless = bundled.positions[compared].merge(roles[["element_id", "stage_id"]].drop_duplicates(),
                                                  how="left", indicator=True)
    assert len(view) - len(with_actor) == int((actorless["_merge"] == "left_only").sum())
    assert view.loc[view["status"] == "Present", "evidence"].notna().all()
    assert view.loc[view["status"] == "Not reported", "strength"].isna().all()


def test_the_named_actors_of_the_brief_are_present(bundled):
    names = set(bundled.actors["name"])
    assert {"Japan", "European Union", "Japan Self-Defense Forces", "EU Naval Force", "Josep Borrell", "China"} <= names


def test_the_council_text_is_a_stage_between_the_draft_and_the_final(bundled):
    assert bundled.stage_ids() == ["draft", "council_text", "final"]
    assert bundled.stages.set_index("stage_id").at["council_text", "basis"] == "official_text"


def test_every_position_at_the_council_text_cites_the_council_document_s3(bundled):
    present = bundled.positions[(bundled.positions["stage_id"] == "council_text")
                                & (bundled.positions["status"] == "present")]
    cited = bundled.evidence[bundled.evidence["stage_id"] == "council_text"]
    assert len(present) >= 6 and set(cited["source_id"]) == {"S3"}
    assert set(cited["element_id"]) == set(present["element_id"])


def test_no_final_position_rests_on_the_council_text(bundled, korea):
    for package, council_source in ((bundled, "S3"), (korea, "S26")):
        final = package.evidence[package.evidence["stage_id"] == "final"]
        assert council_source not in set(final["source_id"])


def test_follow_up_is_dated_after_the_final_stage_with_a_known_status(bundled):
    final_date = bundled.stages.set_index("stage_id").at["final", "date"]
    follow_up = bundled.follow_up
    assert len(follow_up) >= 15 and (follow_up["date"] > final_date).all()
    assert set(follow_up["status"]) == {"held", "launched", "announced"}
    assert (follow_up["date"] <= pd.Timestamp(bundled.descriptor["follow_up_searched_through"])).all()


def test_only_a_package_that_searched_claims_follow_up(bundled, korea):
    # The stored pages were searched on 1 December 2026 but vouch for absence only through 31 March 2026.
    for package in (bundled, korea):
        assert package.descriptor["follow_up_searched_through"] == "2026-03-31"
        assert package.descriptor["follow_up_searched_on"] == "2026-12-01"
    final_date = korea.stages.set_index("stage_id").at["final", "date"]
    assert len(korea.follow_up) and (korea.follow_up["date"] > final_date).all()
    assert (korea.follow_up["date"] <= pd.Timestamp("2026-03-31")).all()


def test_the_security_of_information_negotiations_are_launched_and_the_dg_dialogue_too(bundled):
    launched = bundled.follow_up[bundled.follow_up["status"] == "launched"]
    assert set(launched["element_id"]) == {"security_of_information_agreement", "dg_security_defence_dialogue"}
    dg = launched[launched["element_id"] == "dg_security_defence_dialogue"].iloc[0]
    assert dg["date_precision"] == "month"


def test_one_named_by_rule_in_both_packages(bundled, korea):
    for package in (bundled, korea):
        roles = package.element_actors.merge(package.evidence[["evidence_id", "source_id"]], on="evidence_id")
        roles = roles.merge(package.sources[["source_id", "kind"]], on="source_id")
        official = roles["kind"].isin(["official_text", "press_release"])
        assert (roles.loc[official, "named_by"] == "parties").all(), package.name
        assert set(roles.loc[roles["named_by"] == "press", "kind"]) <= {"news_report", "analysis"}, package.name
    # A press report of the parties' decision names the actor for the parties, in Korea as in Japan.
    korea_cyber = korea.element_actors.set_index(["element_id", "stage_id", "actor_id"])
    assert korea_cyber.at[("cyber_security", "final", "north_korea"), "named_by"] == "parties"
    japan = bundled.element_actors
    assert japan.loc[japan["actor_id"] == "japan_sdf", "named_by"].eq("parties").all()


def test_no_ministry_is_coded_where_no_source_names_whose_it_is(bundled, korea):
    japan = bundled.element_actors[bundled.element_actors["element_id"] == "dg_security_defence_dialogue"]
    assert not {"mofa_japan", "mod_japan"} & set(japan["actor_id"])
    korea_dg = korea.element_actors[(korea.element_actors["element_id"] == "dg_security_defence_dialogue")
                                    & (korea.element_actors["role"] == "implementer")]
    assert set(korea_dg["actor_id"]) == {"mofa_korea", "mnd_korea"} and set(korea_dg["evidence_id"]) == {"K016"}


def test_statements_at_the_announcing_dialogue_are_events_not_elements(bundled, korea):
    for package in (bundled, korea):
        assert "ukraine_russia_support" not in set(package.elements["element_id"])
    ukraine = bundled.event_actors[bundled.event_actors["actor_id"] == "ukraine"]
    assert len(ukraine) >= 1


def test_every_element_has_a_dated_history(bundled, korea):
    for package in (bundled, korea):
        assert set(package.event_elements["element_id"]) == set(package.elements["element_id"]), package.name


def test_follow_up_linked_to_events_concerns_their_elements(bundled):
    linked = bundled.follow_up[bundled.follow_up["event_id"] != ""]
    pairs = set(zip(bundled.event_elements["event_id"], bundled.event_elements["element_id"]))
    assert set(zip(linked["event_id"], linked["element_id"])) <= pairs


def test_both_packages_share_one_topic_vocabulary(bundled, korea):
    for package in (bundled, korea):
        assert (package.elements["topic"] != "").all(), package.name
    japan = bundled.elements.set_index("element_id")["topic"]
    sibling = korea.elements.set_index("element_id")["topic"]
    shared = japan.index.intersection(sibling.index)
    assert len(shared) >= 15 and (japan[shared] == sibling[shared]).all()
    assert korea.elements.set_index("element_id").at["defence_initiatives_industry", "topic"] == "defence_initiatives"
