"""The catalogue: which partnerships are bundled comes from the data folder, in the order analysts expect."""

import json
from datetime import date

import pytest

from conftest import ROOT
from pact.catalogue import by_signature, catalogue, read_entry


def _descriptor(folder, name, label=None, signed=None, inferred=False):
    folder.mkdir(parents=True, exist_ok=True)
    block = {"label": label or name, "partner": "X", "region": "Europe", "signed": signed, "signed_inferred": inferred}
    (folder / "datapackage.json").write_text(json.dumps({"name": name, "partnership": block}), encoding="utf-8")
    return folder / "datapackage.json"


def test_the_flagship_comes_first_then_the_others_by_date_signed(tmp_path):
    _descriptor(tmp_path, "flag", "Japan–EU", "2024-11-01")
    _descriptor(tmp_path / "late", "late", "EU–Late", "2026-03-24")
    _descriptor(tmp_path / "early", "early", "EU–Early", "2024-05-21")
    _descriptor(tmp_path / "undated", "undated", "EU–Undated")
    names = [e.name for e in catalogue(tmp_path)]
    assert names == ["flag", "early", "late", "undated"]
    assert [e.name for e in by_signature(catalogue(tmp_path))] == ["early", "flag", "late", "undated"]


def test_release_snapshots_and_folders_without_a_descriptor_are_not_partnerships(tmp_path):
    _descriptor(tmp_path, "flag")
    _descriptor(tmp_path / "releases" / "1.0.0", "flag")
    _descriptor(tmp_path / "releases", "flag-old")
    (tmp_path / "notes").mkdir()
    assert [e.name for e in catalogue(tmp_path)] == ["flag"]


def test_two_packages_with_one_name_are_refused(tmp_path):
    _descriptor(tmp_path / "a", "same")
    _descriptor(tmp_path / "b", "same")
    with pytest.raises(ValueError, match="same"):
        catalogue(tmp_path)


def test_an_unreadable_descriptor_still_gets_an_entry_named_after_its_folder(tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "datapackage.json").write_text("{not json", encoding="utf-8")
    entry = read_entry(tmp_path / "broken" / "datapackage.json")
    assert entry.name == "broken" and entry.signed is None and entry.signed_text == "date signed not recorded"


def test_an_inferred_signature_date_says_so(tmp_path):
    entry = read_entry(_descriptor(tmp_path, "isl", "EU–Iceland", "2026-03-18", inferred=True))
    assert entry.signed == date(2026, 3, 18) and entry.signed_text == "18 March 2026 (inferred)"
    assert entry.dataset_label == "EU–Iceland partnership"


def test_the_bundled_catalogue_starts_with_japan_eu_and_holds_korea():
    entries = catalogue()
    assert entries[0].flagship and entries[0].name == "jp-eu-sdp" and entries[0].label == "Japan–EU"
    assert "eu-kor-sdp" in {e.name for e in entries}
    assert all(e.path.is_file() and e.path.is_relative_to(ROOT / "data") for e in entries)
    assert all(e.signed and e.label and e.region for e in entries), "every bundled package names its partnership"


def test_every_bundled_partnership_uses_exactly_the_flagship_schema():
    flagship, *others = catalogue()
    schema = json.loads(flagship.path.read_text(encoding="utf-8"))["resources"]
    for entry in others:
        assert json.loads(entry.path.read_text(encoding="utf-8"))["resources"] == schema, entry.name


def test_every_bundled_partnership_validates_with_every_quote_verified():
    from conftest import assert_quotes_recheck
    from pact import load_package

    for entry in catalogue():
        package = load_package(entry.path)
        assert_quotes_recheck(package)
        for table in ("evidence", "events", "follow_up"):
            assert package.tables[table]["verified"].all(), (entry.name, table)
