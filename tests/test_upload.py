"""Uploads: every broken or hostile file gets a specific, readable error; good files round-trip."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from conftest import BUNDLED, write_package
from pact import PackageError, load_package
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
    "traversal.zip": "unsafe path in zip: '../evil.csv'",
    "bomb.zip": "expands beyond",
    "dangling_key.zip": 'values "atlantis" not found',
    "duplicate_key.zip": "elements.csv, row 5, field 'element_id'",
    "bad_enum.zip": "positions.csv, row 2, field 'status': \"maybe\" breaks the rule",
    "no_descriptor.zip": "no datapackage.json",
}


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            sha.update(file.name.encode() + file.read_bytes())
    return sha.hexdigest()


def test_corpus_is_complete():
    assert {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".zip")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
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
