"""The loader validates with Frictionless plus the project's rules, and names file, row and field."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, write_package
from pact import PackageError, load_package
from pact.load import RESOURCES, quote_too_long


def problems_of(path):
    with pytest.raises(PackageError) as caught:
        load_package(path)
    return caught.value.problems


def test_tiny_package_loads_typed_frames(tiny):
    assert set(tiny.tables) == set(RESOURCES)
    assert pd.api.types.is_datetime64_any_dtype(tiny.stages["date"])
    assert str(tiny.positions["commitment_level"].dtype) == "Int64"
    assert tiny.evidence["verified"].dtype == bool
    assert tiny.stage_ids() == ["draft", "final"]


def test_folder_and_descriptor_paths_both_load(tiny_path):
    assert load_package(tiny_path.parent).path == load_package(tiny_path).path


def test_dashboard_data_env_points_the_loader_elsewhere(tiny_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA", str(tiny_path))
    assert load_package().path == tiny_path


def test_missing_file_is_reported_by_name(tiny_path):
    (tiny_path.parent / "actors.csv").unlink()
    problems = problems_of(tiny_path)
    assert any(p.file == "actors.csv" and "No such file" in p.message for p in problems)


def test_bad_enum_names_row_and_field(tmp_path, tiny_tables):
    tiny_tables["positions"][2]["status"] = "maybe"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "positions.csv" and p.row == 4 and p.field == "status" for p in problems)


def test_dangling_foreign_key_is_reported(tmp_path, tiny_tables):
    tiny_tables["element_actors"][0]["actor_id"] = "atlantis"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "element_actors.csv" and "atlantis" in p.message for p in problems)


def test_duplicate_primary_key_is_reported(tmp_path, tiny_tables):
    tiny_tables["elements"].append(dict(tiny_tables["elements"][0]))
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "elements.csv" and p.row == 5 for p in problems)


def test_present_position_without_evidence_is_rejected(tmp_path, tiny_tables):
    tiny_tables["evidence"] = [e for e in tiny_tables["evidence"] if e["evidence_id"] != "E5"]
    tiny_tables["element_actors"] = [a for a in tiny_tables["element_actors"] if a["evidence_id"] != "E5"]
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "positions.csv" and p.row == 7 and "no evidence" in p.message for p in problems)


def test_not_reported_position_cannot_carry_a_level(tmp_path, tiny_tables):
    tiny_tables["positions"][4]["commitment_level"] = "1"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.field == "commitment_level" and p.row == 6 for p in problems)


def test_element_missing_a_stage_is_rejected(tmp_path, tiny_tables):
    tiny_tables["positions"] = [p for p in tiny_tables["positions"] if p["element_id"] != "space" or p["stage_id"] != "draft"]
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any("'space' has no position at stage 'draft'" in p.message for p in problems)


def test_overlong_quote_is_rejected(tmp_path, tiny_tables):
    tiny_tables["evidence"][0]["quote"] = " ".join(["word"] * 26)
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "evidence.csv" and p.field == "quote" and p.row == 2 for p in problems)


def test_quote_marked_verified_but_not_in_source_is_rejected(tmp_path, tiny_tables):
    tiny_tables["evidence"][0]["quote"] = "The parties will sign a treaty."
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "evidence.csv" and p.field == "verified" and p.row == 2 for p in problems)


def test_quote_marked_unverified_but_found_is_rejected(tmp_path, tiny_tables):
    tiny_tables["evidence"][1]["verified"] = "false"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "evidence.csv" and "is found" in p.message for p in problems)


def test_role_citing_another_elements_evidence_is_rejected(tmp_path, tiny_tables):
    tiny_tables["element_actors"][0]["evidence_id"] = "E3"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "element_actors.csv" and p.field == "evidence_id" for p in problems)


def test_non_json_descriptor_is_a_problem_not_a_traceback(tmp_path):
    (tmp_path / "datapackage.json").write_bytes(b"\xff\xfe not json")
    assert "not valid UTF-8 JSON" in problems_of(tmp_path)[0].message


def test_cjk_quotes_are_limited_by_characters():
    assert not quote_too_long("機密情報の交換を可能にする情報保護協定について「可能性を追求する」とした。")
    assert quote_too_long("あ" * 61)
    assert not quote_too_long("a " * 25)


def test_cli_validate_reports_and_sets_exit_code(tiny_path, tmp_path, tiny_tables):
    ok = subprocess.run([sys.executable, "-m", "pact", "validate", str(tiny_path)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and "VALID" in ok.stdout
    tiny_tables["positions"][0]["status"] = "maybe"
    bad = write_package(tmp_path / "bad", tiny_tables)
    failed = subprocess.run([sys.executable, "-m", "pact", "validate", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert failed.returncode == 1 and "positions.csv, row 2, field 'status'" in failed.stdout


def test_descriptor_is_the_bundled_one(tiny_path):
    assert json.loads(tiny_path.read_text())["name"] == "jp-eu-sdp"


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "ftp://example.org/x"])
def test_a_source_url_that_is_not_a_web_address_is_refused(tmp_path, tiny_tables, url):
    tiny_tables["sources"][0]["url"] = url
    with pytest.raises(PackageError) as caught:
        load_package(write_package(tmp_path / "p", tiny_tables))
    messages = [str(p) for p in caught.value.problems]
    assert any("sources.csv, row 2, field 'url'" in m and "must start with http:// or https://" in m for m in messages)


def test_an_element_missing_a_stage_is_allowed_only_where_an_extract_records_its_change(tmp_path, tiny_tables):
    tiny_tables["positions"] = [p for p in tiny_tables["positions"] if (p["element_id"], p["stage_id"]) != ("space", "draft")]
    path = write_package(tmp_path / "p", tiny_tables)
    with pytest.raises(PackageError, match="element 'space' has no position at stage 'draft'"):
        load_package(path)
    descriptor = json.loads(path.read_text())
    descriptor["extract"] = {"changes": {"space": "newly_reported"}}
    path.write_text(json.dumps(descriptor))
    assert len(load_package(path).positions) == 5


def test_tiny_package_loads_its_follow_up_and_event_links(tiny):
    assert tiny.follow_up["date"].dt.year.tolist() == [2025]
    assert tiny.follow_up["verified"].dtype == bool
    assert set(tiny.event_elements["element_id"]) == {"dialogue", "space"}


def test_a_follow_up_row_must_be_dated_after_the_final_stage(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["date"] = "2024-11-01"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and p.field == "date" and "after the final stage" in p.message
               for p in problems)


def test_follow_up_status_is_held_launched_or_announced(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["status"] = "implemented"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and p.field == "status" and "implemented" in p.message for p in problems)


def test_follow_up_date_precision_uses_the_event_vocabulary(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["date_precision"] = "week"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and p.field == "date_precision" for p in problems)


def test_follow_up_quote_is_held_to_the_quote_length_rule(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["quote"] = " ".join(["word"] * 26)
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and p.field == "quote" for p in problems)


def test_follow_up_quote_marked_verified_but_not_in_source_is_rejected(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["quote"] = "the dialogue was cancelled"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and p.field == "verified" for p in problems)


def test_follow_up_for_an_unknown_element_is_a_dangling_key(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["element_id"] = "atlantis"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and "atlantis" in p.message for p in problems)


def test_follow_up_linked_to_an_event_needs_the_event_linked_to_the_element(tmp_path, tiny_tables):
    tiny_tables["follow_up"][0]["event_id"] = "V1"
    assert len(load_package(write_package(tmp_path / "ok", tiny_tables)).follow_up) == 1
    tiny_tables["follow_up"][0]["event_id"] = "V2"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and p.field == "event_id" for p in problems)


def test_a_low_reliability_source_cannot_stand_alone_in_follow_up(tmp_path, tiny_tables):
    tiny_tables["sources"][0]["reliability"] = "low"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "follow_up.csv" and "cannot stand alone" in p.message for p in problems)


def test_follow_up_needs_a_searched_through_date_and_stays_within_it(tmp_path, tiny_tables):
    path = write_package(tmp_path / "p", tiny_tables)
    descriptor = json.loads(path.read_text())
    descriptor["follow_up_searched_through"] = "2025-01-31"
    path.write_text(json.dumps(descriptor))
    assert any("after follow_up_searched_through" in p.message for p in problems_of(path))
    del descriptor["follow_up_searched_through"]
    path.write_text(json.dumps(descriptor))
    assert any("no follow_up_searched_through" in p.message for p in problems_of(path))
    tiny_tables["follow_up"] = []
    assert load_package(write_package(tmp_path / "empty", tiny_tables)).follow_up.empty


def test_a_package_written_before_v1_1_loads_with_empty_follow_up(tmp_path, tiny_tables):
    path = write_package(tmp_path / "old", tiny_tables)
    descriptor = json.loads(path.read_text())
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("follow_up", "event_elements")]
    descriptor.pop("follow_up_searched_through")
    path.write_text(json.dumps(descriptor))
    (path.parent / "follow_up.csv").unlink()
    (path.parent / "event_elements.csv").unlink()
    old = load_package(path)
    assert old.follow_up.empty and old.event_elements.empty and set(old.tables) == set(RESOURCES)


def test_evidence_at_the_council_text_stage_must_cite_an_official_text(tmp_path, tiny_tables):
    tiny_tables["stages"].insert(1, {"stage_id": "council_text", "label": "Council text", "date": "2024-10-11",
                                     "stage_order": "2", "basis": "official_text", "description": ""})
    tiny_tables["stages"][2]["stage_order"] = "3"
    tiny_tables["positions"] += [
        {"element_id": "dialogue", "stage_id": "council_text", "status": "present", "commitment_level": "4", "note": ""},
        {"element_id": "infosec", "stage_id": "council_text", "status": "not_reported", "commitment_level": "", "note": ""},
        {"element_id": "space", "stage_id": "council_text", "status": "not_reported", "commitment_level": "", "note": ""},
    ]
    tiny_tables["evidence"].append({"evidence_id": "E7", "element_id": "dialogue", "stage_id": "council_text",
                                    "source_id": "T1", "locator": "s1", "quote": "establish a dialogue",
                                    "translation": "", "verified": "true"})
    assert load_package(write_package(tmp_path / "ok", tiny_tables)).stage_ids() == ["draft", "council_text", "final"]
    tiny_tables["sources"][0]["kind"] = "news_report"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "evidence.csv" and p.field == "source_id" and "council_text" in p.message for p in problems)


def test_a_role_named_in_an_official_source_is_named_by_the_parties(tmp_path, tiny_tables):
    tiny_tables["element_actors"][0]["named_by"] = "press"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "element_actors.csv" and p.row == 2 and p.field == "named_by" for p in problems)


def test_evidence_published_before_its_stage_is_rejected(tmp_path, tiny_tables):
    tiny_tables["sources"][0]["published"] = "2024-10-11"
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert any(p.file == "evidence.csv" and "predates stage 'final'" in p.message for p in problems)
    assert not any("stage 'draft'" in p.message for p in problems)


def test_a_present_position_resting_only_on_low_reliability_sources_is_rejected(tmp_path, tiny_tables):
    tiny_tables["sources"][1]["published"] = "2024-11-01"
    tiny_tables["evidence"][3]["source_id"] = "T2"  # infosec at the final stage now rests on T2 alone
    assert len(load_package(write_package(tmp_path / "medium", tiny_tables)).positions) == 6
    tiny_tables["sources"][1]["reliability"] = "low"
    problems = problems_of(write_package(tmp_path / "low", tiny_tables))
    assert any(p.file == "positions.csv" and p.row == 5 and p.field == "status"
               and "rests only on low-reliability sources (T2)" in p.message for p in problems)


def test_a_low_reliability_source_beside_a_better_one_keeps_the_position(tmp_path, tiny_tables):
    tiny_tables["sources"][1]["reliability"] = "low"  # E6 (T2) sits beside E1 (T1) at dialogue / draft
    tiny_tables["element_actors"][2]["evidence_id"] = "E1"
    tiny_tables["element_actors"][2]["named_by"] = "parties"
    assert len(load_package(write_package(tmp_path / "p", tiny_tables)).evidence) == 6


def test_a_role_citing_low_reliability_evidence_is_rejected(tmp_path, tiny_tables):
    tiny_tables["sources"][1]["reliability"] = "low"  # China's role at dialogue / draft cites E6 (T2)
    problems = problems_of(write_package(tmp_path / "p", tiny_tables))
    assert [(p.file, p.row, p.field) for p in problems] == [("element_actors.csv", 4, "evidence_id")]


def test_an_event_citing_a_low_reliability_source_is_rejected(tmp_path, tiny_tables):
    tiny_tables["events"][0]["source_id"] = "T2"
    assert len(load_package(write_package(tmp_path / "medium", tiny_tables)).events) == 2
    tiny_tables["sources"][1]["reliability"] = "low"
    tiny_tables["element_actors"][2]["evidence_id"] = "E1"
    tiny_tables["element_actors"][2]["named_by"] = "parties"
    problems = problems_of(write_package(tmp_path / "low", tiny_tables))
    assert [(p.file, p.row, p.field) for p in problems] == [("events.csv", 2, "source_id")]
    assert "event 'V1' cites a low-reliability source ('T2')" in problems[0].message


def test_a_low_reliability_follow_up_row_needs_a_better_row_for_the_same_step(tmp_path, tiny_tables):
    tiny_tables["sources"][1]["reliability"] = "low"
    tiny_tables["element_actors"][2]["evidence_id"] = "E1"
    tiny_tables["element_actors"][2]["named_by"] = "parties"
    low_row = dict(tiny_tables["follow_up"][0], source_id="T2", locator="s9")
    tiny_tables["follow_up"].append(low_row)  # same element and date as T1's row: corroborated
    assert len(load_package(write_package(tmp_path / "same_date", tiny_tables)).follow_up) == 2
    low_row["date"] = "2025-04-01"  # a later step that only T2 reports
    problems = problems_of(write_package(tmp_path / "alone", tiny_tables))
    assert [(p.file, p.row, p.field) for p in problems] == [("follow_up.csv", 3, "source_id")]
    assert "cannot stand alone" in problems[0].message
    tiny_tables["follow_up"][0]["event_id"] = low_row["event_id"] = "V1"  # the same event is the same step
    assert len(load_package(write_package(tmp_path / "same_event", tiny_tables)).follow_up) == 2


def test_follow_up_searched_on_is_a_date_no_earlier_than_searched_through(tmp_path, tiny_tables):
    path = write_package(tmp_path / "p", tiny_tables)
    descriptor = json.loads(path.read_text())
    descriptor["follow_up_searched_on"] = "2026-01-01"
    path.write_text(json.dumps(descriptor))
    assert any("a search cannot vouch past its own date" in p.message for p in problems_of(path))
    descriptor["follow_up_searched_on"] = "1 December"
    path.write_text(json.dumps(descriptor))
    assert any("follow_up_searched_on '1 December' is not a date" in p.message for p in problems_of(path))
    del descriptor["follow_up_searched_on"]
    path.write_text(json.dumps(descriptor))
    assert len(load_package(path).follow_up) == 1
