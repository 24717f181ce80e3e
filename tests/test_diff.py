"""Comparing two versions of a package: one row per change, a computed summary, and the CLI."""

import io
import json

import pandas as pd
import pytest

from conftest import BUNDLED, write_package
from pact.__main__ import main
from pact.diff import DiffError, baseline_release, diff_packages, read_version

SNAPSHOT = BUNDLED.parent / "releases" / "1.0.0" / "datapackage.json"
RELEASE_1_1 = BUNDLED.parent / "releases" / "1.1.0" / "datapackage.json"
KOREA = BUNDLED.parent / "eu-korea" / "datapackage.json"
KOREA_SNAPSHOT = BUNDLED.parent / "releases" / "eu-korea-1.0.0" / "datapackage.json"


def changes(old, new) -> list[tuple[str, str]]:
    return [(row.change, row.key) for row in diff_packages(old, new).changes.itertuples()]


def add_resource(descriptor_path, name: str, rows: list[dict], primary_key: list[str] | None = None):
    """Give a written package one more table, as v1.1.0 adds ``follow_up``."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    fields = [{"name": column, "type": "string"} for column in rows[0]]
    schema = {"fields": fields, **({"primaryKey": primary_key} if primary_key else {})}
    descriptor["resources"].append({"name": name, "path": f"{name}.csv", "schema": schema})
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    pd.DataFrame(rows).to_csv(descriptor_path.parent / f"{name}.csv", index=False)


@pytest.fixture
def old_tables(tiny_tables):
    """The small package plus one evidence row no role cites, so that removing it removes only it."""
    tiny_tables["evidence"].append(
        {"evidence_id": "E7", "element_id": "dialogue", "stage_id": "final", "source_id": "T1", "locator": "s4",
         "quote": "The final text", "translation": "", "verified": "true"})
    return tiny_tables


def test_identical_packages_have_no_changes(tiny_path):
    diff = diff_packages(tiny_path, tiny_path.parent)
    assert diff.changes.empty
    assert diff.summary.startswith("From v1.2.0 to v1.2.0: no changes to elements, stages, positions, evidence")
    assert "not compared" in diff.summary, "the summary says what 'no changes' does not cover"


def test_each_edit_is_exactly_one_row(tmp_path, old_tables):
    old = write_package(tmp_path / "old", old_tables)
    new_tables = json.loads(json.dumps(old_tables))
    new_tables["stages"].insert(1, {"stage_id": "council_text", "label": "Council text", "date": "2024-10-11",
                                    "stage_order": "2", "basis": "official_text", "description": ""})
    new_tables["stages"][2]["stage_order"] = "3"
    new_tables["elements"].append({"element_id": "port_calls", "name": "Port calls", "domain": "Maritime",
                                   "summary": "Visits."})
    for element in ("dialogue", "infosec", "space", "port_calls"):
        new_tables["positions"].append({"element_id": element, "stage_id": "council_text",
                                        "status": "not_reported", "commitment_level": "", "note": ""})
    for stage in ("draft", "final"):
        new_tables["positions"].append({"element_id": "port_calls", "stage_id": stage,
                                        "status": "not_reported", "commitment_level": "", "note": ""})
    infosec_final = next(p for p in new_tables["positions"] if p["element_id"] == "infosec" and p["stage_id"] == "final")
    infosec_final["commitment_level"] = "4"
    new_tables["evidence"] = [e for e in new_tables["evidence"] if e["evidence_id"] != "E7"]
    new_tables["element_actors"].append({"element_id": "dialogue", "stage_id": "final", "actor_id": "jsdf",
                                         "role": "implementer", "named_by": "press", "evidence_id": "E2"})
    diff = diff_packages(old, write_package(tmp_path / "new", new_tables))

    assert [(r.change, r.key) for r in diff.changes.itertuples()] == [
        ("stage added", "council_text"),
        ("element added", "port_calls"),
        ("position re-coded", "infosec / final"),
        ("evidence removed", "E7"),
        ("role added", "dialogue / final / jsdf / implementer"),
    ], "positions of the new stage and the new element are folded into those rows, not listed as re-codings"
    rows = diff.changes.set_index("change")
    assert rows.at["stage added", "after"] == "Council text (2024-10-11): 4 positions (4 not_reported)"
    assert rows.at["element added", "after"] == (
        "Port calls: draft not_reported; council_text not_reported; final not_reported")
    recoded = rows.loc["position re-coded"]
    assert (recoded["element_id"], recoded["stage_id"], recoded["field"]) == ("infosec", "final", "commitment_level")
    assert (recoded["before"], recoded["after"]) == ("present, level 3 (promote / enhance)",
                                                     "present, level 4 (establish / conduct)")
    assert rows.at["evidence removed", "before"] == "T1 (s4): The final text"
    assert diff.summary.startswith(
        "From v1.2.0 to v1.2.0: 1 stage added (council_text); 1 element added; 1 position re-coded; "
        "1 evidence row removed; 1 role added.")


def test_the_summary_names_the_stages_added_and_removed(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    tiny_tables["stages"][0].update(stage_id="council_text", label="Council text", date="2024-10-11")
    tiny_tables["positions"] = [p for p in tiny_tables["positions"] if p["stage_id"] != "draft"]
    diff = diff_packages(old, write_package(tmp_path / "new", tiny_tables))
    assert diff.changes[["change", "key", "before", "after"]].values.tolist() == [
        ["stage removed", "draft", "Draft (2024-09-21): 3 positions (1 not_reported, 2 present)", ""],
        ["stage added", "council_text", "", "Council text (2024-10-11): no positions"],
    ]
    assert diff.summary.startswith("From v1.2.0 to v1.2.0: 1 stage removed (draft) and 1 added (council_text). ")


def test_a_changed_quote_and_a_re_attributed_role_show_both_values(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    tiny_tables["evidence"][3]["quote"] = "strengthen cooperation on information security"
    tiny_tables["element_actors"][2]["named_by"] = "parties"
    rows = diff_packages(old, write_package(tmp_path / "new", tiny_tables)).changes
    assert rows[["change", "key", "field", "before", "after"]].values.tolist() == [
        ["evidence changed", "E4", "quote", "strengthen cooperation on an information security agreement",
         "strengthen cooperation on information security"],
        ["role changed", "dialogue / draft / china / named_concern", "named_by", "press", "parties"],
    ]


def test_a_resaved_table_is_not_a_change(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    for position in tiny_tables["positions"]:
        if position["commitment_level"]:
            position["commitment_level"] += ".0"
    for evidence in tiny_tables["evidence"]:
        evidence["verified"] = evidence["verified"].upper()
        evidence["quote"] = f" {evidence['quote']} "
    assert changes(old, write_package(tmp_path / "new", tiny_tables)) == []


def test_notes_are_not_compared(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    tiny_tables["positions"][0]["note"] = "Revised reasoning."
    tiny_tables["elements"][0]["summary"] = "Reworded."
    assert changes(old, write_package(tmp_path / "new", tiny_tables)) == []


def test_an_old_package_without_follow_up_still_diffs(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    descriptor = json.loads(old.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("follow_up", "event_elements")]
    old.write_text(json.dumps(descriptor), encoding="utf-8")
    for name in ("follow_up", "event_elements"):
        (old.parent / f"{name}.csv").unlink()
    new = write_package(tmp_path / "new", tiny_tables)
    diff = diff_packages(old, new)
    rows = len(tiny_tables["follow_up"])
    assert diff.changes[["change", "resource"]].values.tolist() == [["table added", "follow_up"],
                                                                    ["table added", "event_elements"]]
    assert f"table follow_up added ({rows} row" in diff.summary


def test_an_old_package_lacking_a_field_is_not_reported_as_changing_it(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    evidence = pd.read_csv(old.parent / "evidence.csv", dtype=str, keep_default_na=False)
    evidence.drop(columns="translation").to_csv(old.parent / "evidence.csv", index=False)
    tiny_tables["evidence"][0]["translation"] = "A translation."
    assert changes(old, write_package(tmp_path / "new", tiny_tables)) == []


def test_rows_of_a_table_both_versions_have_are_compared_by_its_primary_key(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    new = write_package(tmp_path / "new", tiny_tables)
    held = {"follow_up_id": "F1", "element_id": "dialogue", "status": "held", "note": "First meeting."}
    add_resource(old, "reviews", [held], ["follow_up_id"])
    add_resource(new, "reviews", [{**held, "status": "launched", "note": "Reworded note."},
                                    {"follow_up_id": "F2", "element_id": "space", "status": "announced", "note": ""}],
                 ["follow_up_id"])
    rows = diff_packages(old, new).changes
    assert rows[["change", "key", "element_id", "field", "before", "after"]].values.tolist() == [
        ["row added", "F2", "space", "", "", "element_id: space; status: announced"],
        ["row changed", "F1", "dialogue", "status", "held", "launched"],
    ], "the note, our own words, is not compared"


def test_unreadable_packages_are_explained(tmp_path, tiny_path):
    with pytest.raises(DiffError, match="no such data package"):
        read_version(tmp_path / "nowhere")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DiffError, match="not a readable datapackage.json"):
        read_version(tmp_path / "bad.json")
    (tiny_path.parent / "events.csv").unlink()
    with pytest.raises(DiffError, match="events.csv: listed as resource 'events' but missing"):
        read_version(tiny_path)


def test_a_resource_outside_the_package_folder_is_not_read(tiny_path):
    descriptor = json.loads(tiny_path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../../etc/passwd"
    tiny_path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DiffError, match="resource 'stages' must be a file inside the package folder"):
        read_version(tiny_path)


def test_a_descriptor_with_an_odd_schema_is_still_read(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    new = write_package(tmp_path / "new", tiny_tables)
    add_resource(old, "follow_up", [{"element_id": "dialogue", "status": "held"}])
    add_resource(new, "follow_up", [{"element_id": "dialogue", "status": "held"}])
    for path, schema in ((old, "not a schema"), (new, {"fields": [3], "primaryKey": 5})):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        descriptor["resources"][-1]["schema"] = schema
        path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert changes(old, new) == []


def test_a_table_sharing_only_prose_columns_is_compared_by_its_row_count(tmp_path, tiny_tables):
    old = write_package(tmp_path / "old", tiny_tables)
    new = write_package(tmp_path / "new", tiny_tables)
    add_resource(old, "remarks", [{"note": "One."}])
    add_resource(new, "remarks", [{"note": "One."}, {"note": "Two."}])
    diff = diff_packages(old, new)
    assert diff.changes[["change", "before", "after"]].values.tolist() == [["table changed", "1 row", "2 rows"]]
    assert "table remarks changed (1 row → 2 rows)" in diff.summary


def test_cli_prints_the_table_and_writes_a_neutralised_csv(tmp_path, tiny_tables, capsys):
    old = write_package(tmp_path / "old", tiny_tables)
    tiny_tables["evidence"][3]["quote"] = '=HYPERLINK("https://example.org")'
    new = write_package(tmp_path / "new", tiny_tables)
    out = tmp_path / "changes.csv"
    assert main(["diff", str(old.parent), str(new), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "1 evidence row changed" in printed and "evidence changed  E4" in printed
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert table.at[0, "after"] == "'=HYPERLINK(\"https://example.org\")"
    assert list(table.columns) == ["change", "resource", "key", "stage_id", "element_id", "field", "before", "after"]


def test_cli_explains_a_missing_package_without_a_traceback(tmp_path, tiny_path, capsys):
    assert main(["diff", str(tmp_path / "nowhere"), str(tiny_path)]) == 2
    assert "cannot compare:" in capsys.readouterr().err


def test_cli_keeps_terminal_control_characters_out(tmp_path, tiny_tables, capsys):
    old = write_package(tmp_path / "old", tiny_tables)
    tiny_tables["evidence"][3]["quote"] = "cooperation\x1b[31m red"
    main(["diff", str(old), str(write_package(tmp_path / "new", tiny_tables))])
    assert "\x1b" not in capsys.readouterr().out


def test_the_release_found_is_the_newest_one_before_this_version(tmp_path, tiny_tables):
    releases = tmp_path / "releases"
    for version in ("1.0.0", "1.1.0", "1.10.0"):
        path = write_package(releases / version, tiny_tables)
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**descriptor, "version": version}), encoding="utf-8")

    def found(name, version):
        release = baseline_release({"name": name, "version": version}, releases)
        return release and release.version

    assert found("jp-eu-sdp", "1.2.0") == "1.1.0"
    assert found("jp-eu-sdp", "1.11.0") == "1.10.0", "versions compare as numbers, not text"
    assert found("jp-eu-sdp", "1.0.0") == "1.0.0", "an unchanged package is compared with its own release"
    assert found("jp-eu-sdp", "0.9.0") is None
    assert found("another-package", "2.0.0") is None


def test_both_bundled_packages_keep_their_1_0_0_release():
    assert baseline_release(json.loads(BUNDLED.read_text(encoding="utf-8"))).path == RELEASE_1_1
    # Korea's 1.2.0 is compared with its 1.1.0 release: tests/test_diff_eu_korea.py.
    for snapshot in (SNAPSHOT, KOREA_SNAPSHOT):
        assert json.loads(snapshot.read_text(encoding="utf-8"))["version"] == "1.0.0"


def test_the_changes_from_1_0_0_to_1_1_0_are_the_v1_1_data_work():
    diff = diff_packages(SNAPSHOT, RELEASE_1_1)
    rows = diff.changes
    assert diff.summary.startswith("From v1.0.0 to v1.1.0: 1 stage added (council_text); 1 element removed and 2 added;")
    assert set(zip(rows["change"], rows["key"])) >= {
        ("stage added", "council_text"),
        ("element removed", "ukraine_russia_support"),  # a statement at the dialogue, not a provision
        ("element added", "cooperation_review"),
        ("element added", "non_binding_instrument"),
        ("table added", "follow_up"),
        ("table added", "event_elements"),
    }
    recoded = rows[(rows["change"] == "position re-coded") & (rows["element_id"] == "rules_based_order")]
    # S3 (11 October) cannot stand for the final: no source at the final quotes that part of the text.
    assert recoded[["stage_id", "before", "after"]].values.tolist() == [
        ["final", "present, level 1 (recognise / affirm)", "not_reported"]]
    korea = diff_packages(KOREA_SNAPSHOT, KOREA)
    assert ("element removed", "ukraine_russia_support") in set(zip(korea.changes["change"], korea.changes["key"]))


def test_the_japan_eu_1_1_0_release_is_kept_byte_for_byte_and_is_the_baseline_of_1_2_0():
    assert json.loads(RELEASE_1_1.read_text(encoding="utf-8"))["version"] == "1.1.0"
    assert json.loads(BUNDLED.read_text(encoding="utf-8"))["version"] == "1.2.0"
    assert baseline_release(json.loads(BUNDLED.read_text(encoding="utf-8"))).version == "1.1.0"


def test_the_changes_from_1_1_0_to_1_2_0_are_the_v1_2_review_and_follow_up_work():
    diff = diff_packages(RELEASE_1_1, BUNDLED)
    assert diff.summary == (
        "From v1.1.0 to v1.2.0: 1 position re-coded; 2 evidence rows removed, 1 added and 16 changed; 2 roles "
        "removed; 1 event removed, 1 added and 3 changed; 4 event actors removed and 4 added; 1 source removed and "
        "4 added; 8 follow_up rows removed, 20 added and 3 changed; 7 event_elements rows added. Notes, names, "
        "summaries and descriptions (our own words) are not compared.")
    rows = diff.changes
    pairs = set(zip(rows["change"], rows["key"]))
    assert pairs >= {
        # It rested on one low-reliability source (S30); the Council text cannot stand for the final.
        ("position re-coded", "comprehensive_security_concept / final"),
        ("evidence removed", "E075"),
        ("evidence removed", "E060"),  # FIMI nested under hybrid threats counts for hybrid threats only
        ("event removed", "EV21"),  # known only from a low-reliability summary (S21)
        ("event added", "EV32"),  # the SPA Joint Committee reviews the partnership (S66)
        ("source removed", "S21"),
        # The page's date (29 July) is not the summit's (23 July).
        ("row removed", "women_peace_security / 2025-07-29 / S53 / security and defence section, item 1"),
        ("row added", "women_peace_security / 2025-07-23 / S53 / security and defence section, item 1"),
        # The 7th Cyber Dialogue, 28 January 2026.
        ("row added", "cyber_security / 2026-01-28 / S47 / para 1"),
        ("row added", "thematic_dialogues / 2026-01-28 / S47 / para 1"),
        # FIMI from the stand-alone mention, on the day the source gives.
        ("row removed", "fimi_disinformation / 2025-07-23 / S35a / item a, para 5"),
        ("row added", "fimi_disinformation / 2025-07-23 / S57 / para 3"),
        ("row removed", "fimi_disinformation / 2025-07-01 / S57 / para 1"),
        ("row added", "fimi_disinformation / 2025-07-26 / S57 / para 1"),
        # The TASS-only step of 12 December 2025 no longer stands alone as a row.
        ("row removed", "defence_initiatives_consultations / 2025-12-12 / S59 / para 2"),
        # Translations in our own words, not the excerpt's orientation text.
        ("row changed", "space_security / 2025-05-15 / S45 / para 1"),
    }
    recoded = rows[rows["change"] == "position re-coded"]
    assert recoded[["key", "before", "after"]].values.tolist() == [
        ["comprehensive_security_concept / final", "present, level 1 (recognise / affirm)", "not_reported"]]
    ev27 = rows[(rows["key"] == "EV27")].set_index("field")
    assert ev27.loc["date", ["before", "after"]].tolist() == ["2025-07-01", "2025-07-26"]
    assert ev27.loc["date_precision", ["before", "after"]].tolist() == ["month", "day"]
