"""A package that passed validation is not validated again until a byte of it, or of its sources, changes."""

import pytest

from pact import PackageError, load, load_package


def test_an_unchanged_package_is_not_validated_twice(tiny_path, monkeypatch):
    first = load_package(tiny_path)
    calls = []
    monkeypatch.setattr(load, "frictionless_problems", lambda path: calls.append(path) or [])
    second = load_package(tiny_path)
    assert calls == []
    assert second.positions.equals(first.positions)


def test_an_edited_table_is_validated_again_and_its_problems_reported(tiny_path):
    load_package(tiny_path)
    positions = tiny_path.parent / "positions.csv"
    positions.write_text(positions.read_text().replace("present", "maybe", 1))
    with pytest.raises(PackageError, match="maybe"):
        load_package(tiny_path)


def test_an_edited_source_text_is_checked_again(tiny_path):
    load_package(tiny_path)
    text = tiny_path.parent / "sources" / "T1.txt"
    text.write_text("Nothing the quotes say.")
    with pytest.raises(PackageError, match="verified=True but is not found"):
        load_package(tiny_path)


def test_a_failed_package_is_never_remembered(tiny_path, validation_cache):
    positions = tiny_path.parent / "positions.csv"
    positions.write_text(positions.read_text().replace("present", "maybe", 1))
    before = set(validation_cache.iterdir())
    for _ in range(2):
        with pytest.raises(PackageError):
            load_package(tiny_path)
    assert set(validation_cache.iterdir()) == before


def test_an_unwritable_cache_only_costs_a_fresh_validation(tiny_path, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("PACT_CACHE_DIR", str(blocker / "cache"))
    assert len(load_package(tiny_path).elements) == 3
