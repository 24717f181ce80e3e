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


def test_both_packages_share_one_schema_and_version(bundled, korea):
    assert bundled.descriptor["resources"] == korea.descriptor["resources"]
    assert bundled.descriptor["version"] == korea.descriptor["version"] == "1.1.0"


def test_every_element_is_coded_at_both_stages_and_never_absent(bundled):
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
