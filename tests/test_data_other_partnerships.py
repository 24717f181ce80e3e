"""The EU–Moldova, EU–United Kingdom and EU–Norway packages: the family's rules, checked on the data we ship.

Each package is coded from official lists of areas (no operative paragraph of any final text could be
retrieved) and, for Moldova, from press reports of the draft. These tests pin what that evidence allows.
"""

from __future__ import annotations

import json
import unicodedata

import pandas as pd
import pytest

from conftest import BUNDLED, ROOT
from pact.curation import research_pack
from pact.load import load_package
from pact.topics import DOMAIN_OF_TOPIC

DATA = ROOT / "data"
PACKAGES = {"moldova": "eu-moldova", "uk": "eu-uk", "norway": "eu-norway"}
PRESENT = [name for name, folder in PACKAGES.items() if (DATA / folder / "datapackage.json").is_file()]
SEARCHED_THROUGH = pd.Timestamp("2026-03-31")


@pytest.fixture(scope="module", params=PRESENT)
def package(request):
    return load_package(DATA / PACKAGES[request.param])


def _load(name):
    if name not in PRESENT:
        pytest.skip(f"{PACKAGES[name]} is not in this checkout")
    return load_package(DATA / PACKAGES[name])


def _status(package, element_id: str, stage_id: str) -> str:
    positions = package.positions.set_index(["element_id", "stage_id"])
    return positions.at[(element_id, stage_id), "status"]


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _excerpt_body(pack_file: str) -> str:
    """The verbatim passage of a pack file: after its header, before any orientation translation."""
    text = (research_pack() / pack_file).read_text(encoding="utf-8")
    body = text[text.index("\n", text.index("--- excerpt")):]
    return _normalised(body.split("--- our orientation translation")[0])


# --- the schema and the rules every package of the family shares


def test_each_package_keeps_the_flagship_schema_and_names_its_partnership(package):
    flagship = json.loads(BUNDLED.read_text(encoding="utf-8"))
    descriptor = package.descriptor
    assert descriptor["resources"] == flagship["resources"]
    assert descriptor["version"] == "1.0.0"
    block = descriptor["partnership"]
    assert {"label", "partner", "region", "signed", "signed_inferred", "note"} <= set(block)
    assert block["region"] == "Europe" and block["signed_inferred"] is False
    final = package.stages.set_index("stage_id").at["final", "date"]
    assert final == pd.Timestamp(block["signed"])


def test_every_element_is_coded_at_every_stage_and_never_absent(package):
    assert len(package.positions) == len(package.elements) * len(package.stages)
    assert set(package.positions["status"]) <= {"present", "not_reported"}


def test_every_element_sits_in_its_topic_s_home_domain(package):
    elements = package.elements
    assert (elements["domain"] == elements["topic"].map(DOMAIN_OF_TOPIC)).all()


def test_an_element_id_means_the_same_topic_in_every_bundled_package():
    topics: dict[str, set[str]] = {}
    for descriptor in DATA.glob("**/datapackage.json"):
        if "releases" in descriptor.parts:
            continue
        elements = pd.read_csv(descriptor.parent / "elements.csv", keep_default_na=False)
        for element_id, topic in zip(elements["element_id"], elements["topic"]):
            topics.setdefault(element_id, set()).add(topic)
    assert {element_id: seen for element_id, seen in topics.items() if len(seen) > 1} == {}


def test_every_quote_is_verified_and_copied_from_the_excerpt_not_its_header_or_orientation(package):
    pack_files = package.sources.set_index("source_id")["pack_file"]
    for name in ("evidence", "events", "follow_up"):
        table = package.tables[name]
        assert table["verified"].all(), name
        for source_id, quote in zip(table["source_id"], table["quote"]):
            assert _normalised(quote) in _excerpt_body(pack_files[source_id]), (name, source_id, quote)


def test_no_low_reliability_source_stands_alone(package):
    low = set(package.sources.loc[package.sources["reliability"] == "low", "source_id"])
    evidence = package.evidence
    by_position = evidence.groupby(["element_id", "stage_id"])["source_id"].agg(set)
    assert [key for key, sources in by_position.items() if sources <= low] == []
    assert not package.events["source_id"].isin(low).any()
    follow_up = package.follow_up
    for element_id, rows in follow_up.groupby("element_id"):
        assert not set(rows["source_id"]) <= low, element_id


def test_no_evidence_predates_its_stage(package):
    published = package.evidence["source_id"].map(package.sources.set_index("source_id")["published"])
    stage_date = package.evidence["stage_id"].map(package.stages.set_index("stage_id")["date"])
    assert (published >= stage_date).all()


def test_follow_up_is_claimed_only_after_the_final_and_through_the_searched_date(package):
    descriptor = package.descriptor
    assert descriptor["follow_up_searched_through"] == "2026-03-31"
    assert descriptor["follow_up_searched_on"] == "2026-12-01"
    final = package.stages.set_index("stage_id").at["final", "date"]
    dates = package.follow_up["date"]
    assert ((dates > final) & (dates <= SEARCHED_THROUGH)).all()


def test_the_final_rests_on_official_sources(package):
    final = package.evidence[package.evidence["stage_id"] == "final"].merge(package.sources, on="source_id")
    assert {"official_text", "press_release"} & set(final["kind"])
    assert package.stages.set_index("stage_id").at["final", "basis"] == "official_text"


def test_the_description_says_the_final_is_known_only_from_lists_of_areas(package):
    description = package.descriptor["description"]
    assert "No operative paragraph of the final text could be retrieved" in description
    assert "nothing as absent" in description


# --- EU–Moldova: a press-reported draft and the signed partnership


def test_moldova_compares_a_press_reported_draft_with_the_final():
    moldova = _load("moldova")
    stages = moldova.stages.sort_values("stage_order")
    assert list(stages["stage_id"]) == ["draft", "final"]
    assert list(stages["basis"]) == ["press_reported", "official_text"]
    draft_sources = moldova.evidence[moldova.evidence["stage_id"] == "draft"].merge(moldova.sources, on="source_id")
    assert set(draft_sources["kind"]) == {"news_report"}
    assert set(draft_sources["reliability"]) == {"medium"}


def test_moldova_codes_draft_only_items_as_not_reported_at_the_final():
    # bne IntelliNews reports exercises, procurement and intelligence sharing for the signed pact, but from
    # the draft (the pack's disagreement 13); no final-stage source names them.
    moldova = _load("moldova")
    for element_id in ("eu_military_exercises", "rapid_deployment_capacity", "eu_defence_initiatives_participation",
                       "information_sharing", "civil_defence"):
        assert _status(moldova, element_id, "draft") == "present", element_id
        assert _status(moldova, element_id, "final") == "not_reported", element_id
    for element_id in ("cyber_security", "fimi_disinformation", "integrated_border_management", "eu_missions_operations"):
        assert _status(moldova, element_id, "draft") == _status(moldova, element_id, "final") == "present"
    bne_at_final = moldova.evidence[(moldova.evidence["source_id"] == "P08") & (moldova.evidence["stage_id"] == "final")]
    assert bne_at_final.empty


def test_moldova_records_the_disputed_signing_date_and_follows_the_eeas():
    moldova = _load("moldova")
    assert moldova.descriptor["partnership"]["signed"] == "2024-05-21"
    signature = moldova.events[moldova.events["stage_id"] == "final"].iloc[0]
    assert signature["date"] == pd.Timestamp("2024-05-21") and "22 May" in signature["summary"]
    assert moldova.sources.set_index("source_id").at["P75", "reliability"] == "low"


# --- EU–United Kingdom: a draft reported only through two relays of one Times report


def test_uk_has_only_a_final_and_says_why_the_reported_draft_is_not_coded():
    # P37 and P38 are low-reliability relays of the same Times report: one low source, which cannot stand
    # alone, so it cannot carry a press-reported stage.
    uk = _load("uk")
    assert list(uk.stages["stage_id"]) == ["final"]
    for text in (uk.descriptor["description"], uk.descriptor["partnership"]["note"], uk.stages.iloc[0]["description"]):
        assert "The Times" in text and "low-reliability" in text
    relays = uk.sources.set_index("source_id").loc[["P37", "P38"]]
    assert set(relays["reliability"]) == {"low"}
    for name in ("evidence", "events", "follow_up"):
        assert not uk.tables[name]["source_id"].isin(["P37", "P38"]).any(), name


def test_uk_final_follows_the_official_wording_concluded_and_records_signed_as_a_disagreement():
    uk = _load("uk")
    conclusion = uk.events[uk.events["stage_id"] == "final"].iloc[0]
    assert "concluded" in conclusion["quote"] and "'signed'" in conclusion["summary"]


def test_uk_does_not_read_a_list_that_breaks_off():
    # The EU statement's list ends at "combating foreign in": the words after it are not guessed.
    uk = _load("uk")
    assert _status(uk, "fimi_disinformation", "final") == "not_reported"
    assert _status(uk, "safe_participation", "final") == "not_reported"


def test_uk_follow_up_is_the_first_foreign_and_security_policy_dialogue():
    uk = _load("uk")
    rows = uk.follow_up.set_index("element_id")
    assert rows.at["high_level_consultations", "status"] == "held"
    assert rows.at["dg_security_defence_dialogue", "status"] == "announced"
    assert set(rows["date"]) == {pd.Timestamp("2025-10-22")}


# --- EU–Norway: no reported draft; the EEAS release survives only in low-reliability paraphrases


def test_norway_has_only_a_final():
    norway = _load("norway")
    assert list(norway.stages["stage_id"]) == ["final"]
    assert "No draft was reported" in norway.descriptor["description"]


def test_norway_leaves_what_only_a_low_reliability_paraphrase_names_not_reported():
    norway = _load("norway")
    for element_id in ("eu_missions_operations", "peace_mediation_conflict_prevention", "support_to_ukraine"):
        assert _status(norway, element_id, "final") == "not_reported", element_id
        assert "P14" in norway.positions.set_index("element_id").at[element_id, "note"]


def test_norway_does_not_code_the_fourth_dialogue_from_an_unofficial_mirror_alone():
    norway = _load("norway")
    assert norway.sources.set_index("source_id").at["P18", "reliability"] == "low"
    assert norway.follow_up.empty
    for name in ("evidence", "events", "follow_up"):
        assert not norway.tables[name]["source_id"].eq("P18").any(), name


def test_norway_records_where_the_sources_disagree_on_venue_and_date():
    norway = _load("norway")
    signature = norway.events.iloc[0]
    assert signature["date"] == pd.Timestamp("2024-05-28")
    assert "29 May" in signature["summary"] and "P17" in signature["summary"]
