"""Codebook, citation, quality panel and the zip bundle."""

import csv
import io
import zipfile

import pandas as pd

from conftest import write_package
from pact import load_package
from pact.codebook import bundle_zip, citation, codebook, coding_rules, quality, sources_table
from pact.export import FORMULA_TRIGGERS
from pact.upload import read_upload


def test_codebook_lists_every_field_of_every_table(tiny):
    book = codebook(tiny.descriptor)
    fields = sum(len(r["schema"]["fields"]) for r in tiny.descriptor["resources"])
    assert len(book) == fields
    status = book[(book["table"] == "positions") & (book["field"] == "status")].iloc[0]
    assert status["allowed values"] == "present, not_reported, absent" and status["required"]


def test_quality_reports_evidence_coverage_per_stage(tiny):
    table = quality(tiny).set_index("check")["result"]
    assert table["Quotes verified verbatim against their source"] == "5 of 6 quotes verified against their source"
    assert table["Draft: present positions with evidence"].startswith("2 of 2 (1 not reported")


def test_bundle_holds_the_package_and_the_filtered_rows(tiny):
    data = bundle_zip(tiny, "actor: Japan", b"a,b\r\n", "readme")
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {"datapackage.json", "positions.csv", "sources/T1.txt", "codebook.csv", "CITATION.txt",
            "filters.txt", "filtered.csv", "README.txt", "coding_rules.csv", "follow_up.csv"} <= names


def test_citation_and_sources(tiny):
    assert "jp-eu-sdp" in citation(tiny) and f"version {tiny.descriptor['version']}" in citation(tiny)
    assert sources_table(tiny).set_index("source_id").at["T1", "quotes"] == 5


def test_citation_carries_the_descriptor_version(bundled, korea):
    assert bundled.descriptor["version"] == "1.2.0"
    for package in (bundled, korea):
        assert f"version {package.descriptor['version']}" in citation(package)


def test_codebook_records_the_shared_coding_rules():
    rules = coding_rules().set_index("rule")
    assert {"provisions_not_context", "named_by", "council_text_stage", "follow_up_after_final"} <= set(rules.index)
    assert "attributes the naming to the parties" in rules.at["named_by", "rule text"]


def test_each_rule_the_v1_1_review_found_applied_unevenly_is_written_once():
    rules = coding_rules()
    assert rules["rule"].is_unique
    rules = rules.set_index("rule")
    for rule in ("low_reliability_never_alone", "nested_mentions", "preface_mentions", "inferred_dates",
                 "page_date_not_event_date", "locators"):
        assert rule in rules.index
    assert rules.at["low_reliability_never_alone", "checked by"].startswith("loader")
    for table in ("positions", "element_actors", "events", "follow_up"):
        assert table in rules.at["low_reliability_never_alone", "applies to"]


def test_quality_counts_follow_up_quotes(tiny):
    result = quality(tiny).set_index("check").at["Follow-up quotes verified", "result"]
    assert result == "1 of 1 follow-up quotes verified against their source"


def test_codebook_documents_the_follow_up_status_vocabulary(bundled):
    book = codebook(bundled.descriptor)
    status = book[(book["table"] == "follow_up") & (book["field"] == "status")].iloc[0]
    assert status["allowed values"] == "held, launched, announced"


def test_every_csv_table_in_the_zip_is_neutralised(tiny_tables, tmp_path):
    tiny_tables["elements"][0]["name"] = '=HYPERLINK("https://evil.example","x")'
    tiny_tables["elements"][1]["summary"] = "=1+1"
    package = load_package(write_package(tmp_path / "hostile", tiny_tables))
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(package, "no filters", b"a\r\n", "readme")))
    for name in archive.namelist():
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            cells = [cell for row in rows for cell in row]
            assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in cells), name
    elements = archive.read("elements.csv").decode("utf-8")
    assert "'=HYPERLINK" in elements and "'=1+1" in elements


def test_the_apps_own_zip_uploads_back_unchanged(tiny_tables, tmp_path):
    tiny_tables["elements"][0]["name"] = "=1+1 and <b>bold</b>"
    package = load_package(write_package(tmp_path / "src", tiny_tables))
    data = bundle_zip(package, "no filters", b"a\r\n", "readme")
    back = read_upload("jp-eu-sdp_v1.0.0.zip", data, tmp_path / "work")
    for name in ("elements", "positions", "evidence", "actors", "element_actors", "events"):
        pd.testing.assert_frame_equal(back.tables[name].drop(columns="rechecked", errors="ignore"),
                                      package.tables[name].drop(columns="rechecked", errors="ignore"))


def test_the_sources_table_shows_our_descriptions_as_ours(bundled):
    titles = sources_table(bundled)["title"]
    assert not titles.str.contains("not retrieved]", regex=False).any()
    ours = titles[titles.str.endswith("not retrieved)")]
    assert len(ours) and ours.str.contains("(our description; ", regex=False).all()
