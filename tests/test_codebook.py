"""Codebook, citation, quality panel and the zip bundle."""

import io
import zipfile

from pact.codebook import bundle_zip, citation, codebook, coding_rules, quality, sources_table


def test_codebook_lists_every_field_of_every_table(tiny):
    book = codebook(tiny.descriptor)
    fields = sum(len(r["schema"]["fields"]) for r in tiny.descriptor["resources"])
    assert len(book) == fields
    status = book[(book["table"] == "positions") & (book["field"] == "status")].iloc[0]
    assert status["allowed values"] == "present, not_reported, absent" and status["required"]


def test_quality_reports_evidence_coverage_per_stage(tiny):
    table = quality(tiny).set_index("check")["result"]
    assert table["Quotes verified verbatim against their source"] == "5 of 6"
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
    assert bundled.descriptor["version"] == korea.descriptor["version"] == "1.1.0"
    assert "version 1.1.0" in citation(bundled) and "version 1.1.0" in citation(korea)


def test_codebook_records_the_shared_coding_rules():
    rules = coding_rules().set_index("rule")
    assert {"provisions_not_context", "named_by", "council_text_stage", "follow_up_after_final"} <= set(rules.index)
    assert "attributes the naming to the parties" in rules.at["named_by", "rule text"]


def test_quality_counts_follow_up_quotes(tiny):
    assert quality(tiny).set_index("check").at["Follow-up quotes verified", "result"] == "1 of 1"


def test_codebook_documents_the_follow_up_status_vocabulary(bundled):
    book = codebook(bundled.descriptor)
    status = book[(book["table"] == "follow_up") & (book["field"] == "status")].iloc[0]
    assert status["allowed values"] == "held, launched, announced"
