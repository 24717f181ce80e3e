"""Uploads: every broken or hostile file gets a specific, readable error; good files round-trip."""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from conftest import BUNDLED, write_package
from pact import PackageError, load_package
from pact.compare import NOT_IN_EXTRACT, compare
from pact.curation import verification_wording
from pact.export import to_csv_bytes
from pact.filters import Filters, analysis_view, apply_filters
from pact.upload import MAX_UPLOAD_BYTES, read_upload

CORPUS = Path(__file__).resolve().parent / "bad_uploads"

EXPECTED = {
    "empty.csv": "the file is empty",
    "semicolons.csv": "not separated by commas",
    "missing_column.csv": "missing column(s): element",
    "extra_column.csv": "unexpected column(s): mood",
    "wrong_type.csv": "field 'strength': 'strong' is not a whole number",
    "impossible_date.csv": "row 2, field 'stage_date': '2024-02-30' is not a date",
    "conflicting_duplicate.csv": "element dialogue is described differently on rows [2, 3]",
    "unknown_role.csv": "row 3, field 'role': 'Overlord' is not one of",
    "latin1.csv": "not UTF-8 (byte 0xe9",
    "utf16.csv": "UTF-16",
    "binary.csv": "looks binary",
    "no_rows.csv": "header but no rows",
    "long_cell.csv": "field 'element_summary': cell longer than 5,000 characters",
    "not_a_zip.zip": "not a readable zip",
    "nested.zip": "unexpected entry 'deeper/folder/positions.csv'",
    "folder.zip": None,
    "folder_macos.zip": None,
    "folder_windows.zip": None,
    "top_level_macos.zip": None,
    "own_download.zip": None,
    "traversal.zip": "unsafe path in zip: '../evil.csv'",
    "bomb.zip": "expands beyond",
    "dangling_key.zip": 'values "atlantis" not found',
    "duplicate_key.zip": "elements.csv, row 5, field 'element_id'",
    "bad_enum.zip": "positions.csv, row 2, field 'status': \"maybe\" breaks the rule",
    "no_descriptor.zip": "no datapackage.json",
    "two_folders.zip": "either at the top level or all inside one folder",
    "semicolons_cp1252.csv": "not UTF-8",
}


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            sha.update(file.name.encode() + file.read_bytes())
    return sha.hexdigest()


def test_corpus_is_complete():
    assert {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".zip")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(n for n, m in EXPECTED.items() if m is None))
def test_zip_as_people_make_it_loads(name, tmp_path):
    assert len(read_upload(name, (CORPUS / name).read_bytes(), tmp_path / "work").elements) == 3


@pytest.mark.parametrize("name", sorted(n for n, m in EXPECTED.items() if m is not None))
def test_bad_file_gets_a_specific_readable_error(name, tmp_path):
    before = digest(BUNDLED.parent)
    with pytest.raises(PackageError) as caught:
        read_upload(name, (CORPUS / name).read_bytes(), tmp_path / "work")
    messages = [str(p) for p in caught.value.problems]
    assert any(EXPECTED[name] in m for m in messages), messages
    assert all("Traceback" not in m for m in messages)
    assert digest(BUNDLED.parent) == before, "the bundled data must never change"
    assert not (tmp_path / "evil.csv").exists()


def test_oversized_upload_is_refused_before_reading(tmp_path):
    with pytest.raises(PackageError, match="the limit is"):
        read_upload("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), tmp_path)


def test_flat_csv_round_trip_reproduces_the_filtered_view(tiny, tmp_path):
    filtered = apply_filters(analysis_view(tiny, "draft", "final"), Filters(actors=("Japan", "China")))
    exported = to_csv_bytes(filtered)
    package = read_upload("mine.csv", exported, tmp_path)
    assert to_csv_bytes(analysis_view(package, "draft", "final")) == exported


def test_formula_and_markup_strings_load_as_text_and_export_neutralised(tiny_tables, tmp_path):
    tiny_tables["elements"][0]["name"] = "=HYPERLINK(\"http://evil\")"
    tiny_tables["elements"][1]["summary"] = "<script>alert(1)</script>"
    source = load_package(write_package(tmp_path / "src", tiny_tables))
    package = read_upload("edited.csv", to_csv_bytes(analysis_view(source, "draft", "final")), tmp_path / "work")
    assert "=HYPERLINK(\"http://evil\")" in set(package.elements["name"])
    assert "<script>alert(1)</script>" in set(package.elements["summary"])
    assert b"'=HYPERLINK" in to_csv_bytes(analysis_view(package, "draft", "final"))


def test_zipped_package_loads_with_the_bundled_schema(tiny_path, tmp_path):
    # A looser schema in the upload must not loosen validation: its resources are replaced by ours.
    descriptor = json.loads(tiny_path.read_text())
    descriptor["name"] = "my-agreement"
    for resource in descriptor["resources"]:
        resource["schema"]["fields"] = [{"name": f["name"]} for f in resource["schema"]["fields"]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor))
        for file in tiny_path.parent.glob("*.csv"):
            archive.write(file, file.name)
        archive.write(tiny_path.parent / "sources" / "T1.txt", "sources/T1.txt")
    package = read_upload("mine.zip", buffer.getvalue(), tmp_path / "work")
    assert package.name == "my-agreement"
    assert package.descriptor["resources"] == json.loads(BUNDLED.read_text())["resources"]
    assert len(package.elements) == 3


ROUND_TRIP_FILTERS = [
    Filters(actors=("China",)),
    Filters(text="dialogue"),
    Filters(domains=("Counter-terrorism",)),
    Filters(changes=("Newly reported",)),
    Filters(actors=("China", "European Union"), text="security"),
]


@pytest.mark.parametrize("filters", ROUND_TRIP_FILTERS, ids=lambda f: f.describe())
def test_a_filtered_download_of_the_bundled_data_uploads_back_to_the_same_view(bundled, filters, tmp_path):
    summaries = bundled.elements.set_index("name")["summary"]
    filtered = apply_filters(analysis_view(bundled, "draft", "final"), filters, summaries)
    assert len(filtered), "the filter must select something"
    exported = to_csv_bytes(filtered)
    package = read_upload("jp-eu-sdp_filtered.csv", exported, tmp_path / "work")
    assert to_csv_bytes(analysis_view(package, "draft", "final")) == exported


def test_an_extract_never_shows_a_missing_position_as_not_reported(bundled, tmp_path):
    filtered = apply_filters(analysis_view(bundled, "draft", "final"), Filters(actors=("China",)))
    package = read_upload("china.csv", to_csv_bytes(filtered), tmp_path / "work")
    comparison = compare(package, "draft", "final")
    original = compare(bundled, "draft", "final").set_index("element_id")
    held = filtered.groupby("element_id")["stage_id"].nunique()
    partial = held.index[held < 2]
    assert len(partial), "China appears at only one stage of some elements"
    for row in comparison[comparison["element_id"].isin(partial)].itertuples():
        assert NOT_IN_EXTRACT in (row.status_a, row.status_b)
        assert "not_reported" not in (row.status_a, row.status_b) or original.at[row.element_id, "status_a"] == "not_reported"
        assert row.change == original.at[row.element_id, "change"], "the change is the one the file records"
    assert len(package.positions) == filtered[["element_id", "stage_id"]].drop_duplicates().shape[0]
    assert "filtered extract" in package.descriptor["description"]


def test_a_recorded_change_that_is_not_a_change_type_is_reported(bundled, tmp_path):
    filtered = apply_filters(analysis_view(bundled, "draft", "final"), Filters(actors=("China",)))
    edited = filtered.assign(change="Much better")
    with pytest.raises(PackageError, match="'Much better' is not one of"):
        read_upload("china.csv", to_csv_bytes(edited), tmp_path / "work")


def folder_zip(source: Path, folder: str, junk: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{folder}/", b"")
        for file in sorted(source.rglob("*")):
            if file.is_file():
                archive.write(file, f"{folder}/{file.relative_to(source).as_posix()}")
        for name, data in (junk or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


MAC_JUNK = {"__MACOSX/mypkg/._elements.csv": b"\x00\x05\x16\x07", "mypkg/.DS_Store": b"\x00\x00\x00\x01Bud1"}
WINDOWS_JUNK = {"mypkg/Thumbs.db": b"\xd0\xcf\x11\xe0", "mypkg/desktop.ini": b"[.ShellClassInfo]\r\n"}


@pytest.mark.parametrize("junk", [{}, MAC_JUNK, WINDOWS_JUNK], ids=["zip -r", "macOS Compress", "Windows Send to"])
def test_a_zipped_folder_loads(tiny_path, tmp_path, junk):
    package = read_upload("mypkg.zip", folder_zip(tiny_path.parent, "mypkg", junk), tmp_path / "work")
    assert len(package.elements) == 3
    assert not any(p.name in (".DS_Store", "Thumbs.db", "desktop.ini") for p in (tmp_path / "work").rglob("*"))


def test_a_top_level_zip_with_macos_extras_loads(tiny_path, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(tiny_path.parent.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(tiny_path.parent).as_posix())
        archive.writestr("__MACOSX/._datapackage.json", b"\x00\x05\x16\x07")
        archive.writestr(".DS_Store", b"Bud1")
    assert len(read_upload("pkg.zip", buffer.getvalue(), tmp_path / "work").elements) == 3


def test_two_folders_are_refused_with_what_a_zip_may_hold(tiny_path, tmp_path):
    data = folder_zip(tiny_path.parent, "mypkg", {"other/notes.csv": b"a\n"})
    with pytest.raises(PackageError) as caught:
        read_upload("two.zip", data, tmp_path / "work")
    message = str(caught.value.problems[0])
    assert "either at the top level or all inside one folder" in message
    assert "put datapackage.json" not in message


def test_a_semicolon_windows_1252_file_reports_encoding_and_separator_at_once(tiny, tmp_path):
    text = to_csv_bytes(analysis_view(tiny, "draft", "final")).decode("utf-8-sig").replace("Security dialogue", "Sécurité")
    data = text.replace(",", ";").encode("cp1252")
    with pytest.raises(PackageError) as caught:
        read_upload("european-excel.csv", data, tmp_path / "work")
    messages = " | ".join(str(p) for p in caught.value.problems)
    assert "not UTF-8" in messages and "not separated by commas" in messages


def test_edited_quotes_in_a_flat_csv_are_rechecked_against_the_source(bundled, tmp_path):
    view = analysis_view(bundled, "draft", "final")
    edited = view.copy()
    first = edited.index[edited["evidence"].notna()][0]
    evidence_id = edited.at[first, "evidence_id"]
    edited.loc[edited["evidence_id"] == evidence_id, "evidence"] = "Words the source never said about anything"
    package = read_upload("edited.csv", to_csv_bytes(edited), tmp_path / "work")
    row = package.evidence.set_index("evidence_id").loc[evidence_id]
    assert not row["verified"] and row["rechecked"]
    assert verification_wording(package.evidence).startswith(f"{len(package.evidence) - 1} of {len(package.evidence)}")


def test_quotes_from_unknown_sources_are_counted_as_not_rechecked(tiny, tmp_path):
    package = read_upload("mine.csv", to_csv_bytes(analysis_view(tiny, "draft", "final")), tmp_path / "work")
    assert not package.evidence["rechecked"].any()
    wording = verification_wording(package.evidence)
    assert wording.startswith("0 of 6 quotes verified") and "6 not re-checked" in wording


SPREADSHEETS = Path(__file__).resolve().parent / "spreadsheet_uploads"
SPREADSHEET_OUTCOMES = list(csv.DictReader((SPREADSHEETS / "expected.csv").open(encoding="utf-8")))


def test_spreadsheet_corpus_is_complete():
    assert {row["file"] for row in SPREADSHEET_OUTCOMES} == {p.name for p in SPREADSHEETS.glob("*.csv")} - {"expected.csv"}


@pytest.mark.parametrize("expected", SPREADSHEET_OUTCOMES, ids=lambda row: row["file"])
def test_a_download_resaved_by_libreoffice_gives_its_expected_outcome(expected, tmp_path):
    data = (SPREADSHEETS / expected["file"]).read_bytes()
    if expected["outcome"] == "loads":
        package = read_upload(expected["file"], data, tmp_path / "work")
        view = analysis_view(package, "draft", "final")
        assert len(view) == int(expected["detail"])
        original = (SPREADSHEETS / "download_search-dialogue.csv").read_bytes()
        assert to_csv_bytes(view) == original, "the re-saved file shows the same rows as the download"
    else:
        with pytest.raises(PackageError) as caught:
            read_upload(expected["file"], data, tmp_path / "work")
        messages = " ".join(str(p) for p in caught.value.problems)
        for part in expected["detail"].split("|"):
            assert part in messages, messages


def test_a_zipped_package_from_before_v1_1_loads_without_follow_up_claims(tiny_path, tmp_path):
    descriptor = json.loads(tiny_path.read_text())
    descriptor.pop("follow_up_searched_through")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor))
        for file in tiny_path.parent.glob("*.csv"):
            if file.name not in ("follow_up.csv", "event_elements.csv"):
                archive.write(file, file.name)
        archive.write(tiny_path.parent / "sources" / "T1.txt", "sources/T1.txt")
    package = read_upload("old.zip", buffer.getvalue(), tmp_path / "work")
    assert package.follow_up.empty and package.event_elements.empty
    assert "follow_up_searched_through" not in package.descriptor


def test_a_flat_csv_in_which_nothing_is_reported_is_loaded_or_refused_never_a_crash(tiny_tables, tmp_path):
    """Regression (found by Hypothesis, issue 16): with no evidence row the CSV rebuilds a package without
    sources, and checking evidence dates against sources' dates raised a TypeError past the upload page."""
    for row in tiny_tables["positions"]:
        row.update(status="not_reported", commitment_level="")
    for table in ("evidence", "element_actors", "follow_up"):
        tiny_tables[table] = []
    package = load_package(write_package(tmp_path / "silent", tiny_tables))
    flat = to_csv_bytes(analysis_view(package, "draft", "final"))
    try:
        loaded = read_upload("silent.csv", flat, tmp_path / "work")
    except PackageError as exc:
        assert exc.problems
    else:
        assert set(loaded.positions["status"]) == {"not_reported"}
