"""Quotes are checked against their sources' texts; recorded results must match a fresh check."""

import pandas as pd

from conftest import assert_quotes_recheck
from pact.curation import check_quotes, curate, normalise, source_texts


def test_whitespace_is_normalised_before_matching():
    texts = {"S": normalise("one  two\nthree")}
    frame = pd.DataFrame({"quote": ["two three", "two four"], "source_id": ["S", "S"]})
    assert check_quotes(frame, texts).tolist() == [True, False]


def test_missing_source_text_is_unknown_not_false():
    frame = pd.DataFrame({"quote": ["x"], "source_id": ["nowhere"]})
    assert check_quotes(frame, {}).isna().all()


def test_source_paths_cannot_escape_their_roots(tmp_path):
    (tmp_path / "secret.txt").write_text("secret words")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    sources = pd.DataFrame({"source_id": ["S"], "text_file": ["../secret.txt"], "pack_file": ["../secret.txt"]})
    assert source_texts(sources, pkg, pkg) == {}


def test_curate_records_fresh_results(tiny_path):
    evidence = tiny_path.parent / "evidence.csv"
    evidence.write_text(evidence.read_text().replace(",true", ",false"))
    summary = curate(tiny_path)
    assert summary["evidence"] == (5, 1, 0)
    assert pd.read_csv(evidence)["verified"].tolist() == [True, True, True, True, False, True]


def test_follow_up_quotes_are_curated_like_evidence_and_events(tiny_path):
    follow_up = tiny_path.parent / "follow_up.csv"
    follow_up.write_text(follow_up.read_text().replace(",true,", ",false,"))
    assert curate(tiny_path)["follow_up"] == (1, 0, 0)
    assert pd.read_csv(follow_up)["verified"].tolist() == [True]


def test_curate_skips_tables_a_pre_v1_1_package_lacks(tiny_path):
    (tiny_path.parent / "follow_up.csv").unlink()
    assert "follow_up" not in curate(tiny_path)


def test_bundled_quotes_match_their_recorded_verification(bundled, korea):
    assert_quotes_recheck(bundled)
    assert_quotes_recheck(korea)


def test_every_quote_in_both_packages_is_verified(bundled, korea):
    for package in (bundled, korea):
        for name in ("evidence", "events", "follow_up"):
            assert package.tables[name]["verified"].all(), (package.name, name)
