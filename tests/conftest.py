"""Shared fixtures: the bundled package, and a small hand-made package to break on purpose."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Property tests (test_properties.py): CI-sized by default; HYPOTHESIS_PROFILE=dev tries ten times as many.
# No deadline: a generated package is validated and its brief drawn, which takes a varying second.
# CI runs the same examples every time (derandomize), so a red run can be reproduced and a green one is
# not luck; the dev profile explores ten times as many, at random, to find what CI's examples miss.
settings.register_profile("ci", deadline=None, database=None, print_blob=True, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=300, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def validation_cache(tmp_path_factory):
    """One fresh cache of validation passes for the run (and the servers it starts), never the user's."""
    folder = tmp_path_factory.mktemp("pact-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACT_CACHE_DIR", str(folder))
        yield folder
BUNDLED = ROOT / "data" / "datapackage.json"
KOREA = ROOT / "data" / "eu-korea" / "datapackage.json"

SOURCE_TEXT = (
    "The parties will establish a dialogue on security. They will pursue the possibility of an "
    "information security agreement. The draft was reported amid China's growing assertiveness. "
    "The final text will strengthen cooperation on an information security agreement and on space. "
    "In March 2025 the security dialogue met for the first time."
)

TINY = {
    "stages": [
        {"stage_id": "draft", "label": "Draft", "date": "2024-09-21", "stage_order": "1", "basis": "press_reported", "description": ""},
        {"stage_id": "final", "label": "Final", "date": "2024-11-01", "stage_order": "2", "basis": "official_text", "description": ""},
    ],
    "sources": [
        {"source_id": "T1", "title": "Test text", "publisher": "Test", "published": "2024-11-01", "url": "https://example.org/t1",
         "kind": "official_text", "language": "en", "reliability": "high", "text_file": "sources/T1.txt", "pack_file": "", "note": ""},
        {"source_id": "T2", "title": "Test report", "publisher": "Test wire", "published": "2024-09-22", "url": "https://example.org/t2",
         "kind": "news_report", "language": "en", "reliability": "medium", "text_file": "sources/T1.txt", "pack_file": "", "note": ""},
    ],
    "elements": [
        {"element_id": "dialogue", "name": "Security dialogue", "domain": "Dialogue", "summary": "A regular dialogue."},
        {"element_id": "infosec", "name": "Information security agreement", "domain": "Industry", "summary": "Classified exchange."},
        {"element_id": "space", "name": "Space", "domain": "Space", "summary": "Space security cooperation."},
    ],
    "commitment_levels": [
        {"level": "1", "commitment": "recognise / affirm", "definition": "d1"},
        {"level": "2", "commitment": "explore the possibility", "definition": "d2"},
        {"level": "3", "commitment": "promote / enhance", "definition": "d3"},
        {"level": "4", "commitment": "establish / conduct", "definition": "d4"},
    ],
    "positions": [
        {"element_id": "dialogue", "stage_id": "draft", "status": "present", "commitment_level": "4", "note": ""},
        {"element_id": "dialogue", "stage_id": "final", "status": "present", "commitment_level": "4", "note": ""},
        {"element_id": "infosec", "stage_id": "draft", "status": "present", "commitment_level": "2", "note": ""},
        {"element_id": "infosec", "stage_id": "final", "status": "present", "commitment_level": "3", "note": ""},
        {"element_id": "space", "stage_id": "draft", "status": "not_reported", "commitment_level": "", "note": ""},
        {"element_id": "space", "stage_id": "final", "status": "present", "commitment_level": "3", "note": ""},
    ],
    "evidence": [
        {"evidence_id": "E1", "element_id": "dialogue", "stage_id": "draft", "source_id": "T1", "locator": "s1",
         "quote": "The parties will establish a dialogue on security.", "translation": "", "verified": "true"},
        {"evidence_id": "E2", "element_id": "dialogue", "stage_id": "final", "source_id": "T1", "locator": "s1",
         "quote": "establish a dialogue on security", "translation": "", "verified": "true"},
        {"evidence_id": "E3", "element_id": "infosec", "stage_id": "draft", "source_id": "T1", "locator": "s2",
         "quote": "pursue the possibility of an information security agreement", "translation": "", "verified": "true"},
        {"evidence_id": "E4", "element_id": "infosec", "stage_id": "final", "source_id": "T1", "locator": "s4",
         "quote": "strengthen cooperation on an information security agreement", "translation": "", "verified": "true"},
        {"evidence_id": "E5", "element_id": "space", "stage_id": "final", "source_id": "T1", "locator": "s4",
         "quote": "=cmd|' /C calc'!A0 and on space", "translation": "", "verified": "false"},
        {"evidence_id": "E6", "element_id": "dialogue", "stage_id": "draft", "source_id": "T2", "locator": "s3",
         "quote": "amid China's growing assertiveness", "translation": "", "verified": "true"},
    ],
    "actors": [
        {"actor_id": "japan", "name": "Japan", "kind": "state", "affiliation": "Japan", "office": ""},
        {"actor_id": "eu", "name": "European Union", "kind": "international_organisation", "affiliation": "EU", "office": ""},
        {"actor_id": "china", "name": "China", "kind": "state", "affiliation": "third_party", "office": ""},
        {"actor_id": "jsdf", "name": "Japan Self-Defense Forces", "kind": "armed_force", "affiliation": "Japan", "office": ""},
    ],
    "element_actors": [
        {"element_id": "dialogue", "stage_id": "draft", "actor_id": "japan", "role": "party", "named_by": "parties", "evidence_id": "E1"},
        {"element_id": "dialogue", "stage_id": "draft", "actor_id": "eu", "role": "party", "named_by": "parties", "evidence_id": "E1"},
        {"element_id": "dialogue", "stage_id": "draft", "actor_id": "china", "role": "named_concern", "named_by": "press", "evidence_id": "E6"},
        {"element_id": "dialogue", "stage_id": "final", "actor_id": "japan", "role": "party", "named_by": "parties", "evidence_id": "E2"},
        {"element_id": "dialogue", "stage_id": "final", "actor_id": "eu", "role": "party", "named_by": "parties", "evidence_id": "E2"},
        {"element_id": "infosec", "stage_id": "draft", "actor_id": "japan", "role": "party", "named_by": "parties", "evidence_id": "E3"},
        {"element_id": "infosec", "stage_id": "final", "actor_id": "japan", "role": "party", "named_by": "parties", "evidence_id": "E4"},
        {"element_id": "infosec", "stage_id": "final", "actor_id": "jsdf", "role": "implementer", "named_by": "parties", "evidence_id": "E4"},
        {"element_id": "space", "stage_id": "final", "actor_id": "eu", "role": "party", "named_by": "parties", "evidence_id": "E5"},
    ],
    "events": [
        {"event_id": "V1", "date": "2024-09-21", "date_precision": "day", "title": "Draft reported", "summary": "",
         "stage_id": "draft", "source_id": "T1", "locator": "s1", "quote": "establish a dialogue", "verified": "true"},
        {"event_id": "V2", "date": "2024-11-01", "date_precision": "month", "title": "Final announced", "summary": "",
         "stage_id": "final", "source_id": "T1", "locator": "s4", "quote": "The final text", "verified": "true"},
    ],
    "event_actors": [
        {"event_id": "V1", "actor_id": "japan"},
        {"event_id": "V2", "actor_id": "china"},
    ],
    "follow_up": [
        {"element_id": "dialogue", "date": "2025-03-01", "date_precision": "month", "status": "held", "source_id": "T1",
         "locator": "s5", "quote": "the security dialogue met for the first time", "translation": "", "verified": "true",
         "event_id": "", "note": ""},
    ],
    "event_elements": [
        {"event_id": "V1", "element_id": "dialogue"},
        {"event_id": "V2", "element_id": "space"},
    ],
}


def write_package(folder: Path, tables: dict[str, list[dict]], source_text: str = SOURCE_TEXT) -> Path:
    """Write a package in the project's schema (the bundled descriptor) with the given rows."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads(BUNDLED.read_text(encoding="utf-8"))
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        with open(folder / resource["path"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(tables[resource["name"]])
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "T1.txt").write_text(source_text, encoding="utf-8")
    return folder / "datapackage.json"


def assert_quotes_recheck(package) -> None:
    """Every quote's source text is at hand, and a fresh check agrees with the recorded `verified`."""
    from pact.curation import QUOTED_TABLES, check_quotes, research_pack, source_texts

    if not research_pack().is_dir():
        pytest.skip(f"research pack not found at {research_pack()}")
    texts = source_texts(package.sources, package.path.parent, research_pack())
    for name in QUOTED_TABLES:
        frame = package.tables[name]
        fresh = check_quotes(frame, texts)
        checked = fresh.notna()
        assert checked.all(), f"{name}: no text for sources {set(frame.loc[~checked, 'source_id'])}"
        assert (fresh == frame["verified"]).all(), f"{name}: recorded verification is out of date"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the browser suites; skipped without one, except under CI=true."""
    from playwright.sync_api import Error, sync_playwright

    from browser_support import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        path = chromium_path()
        try:
            launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Error as exc:
            reason = f"no usable Chromium (looked for {path or 'Playwright browser'}): {exc}"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server():
    """The dashboard on the bundled data, one server per test module; its log must stay free of tracebacks."""
    from browser_support import ARTIFACTS, start_server, stop_server

    running = start_server(ARTIFACTS / "logs")
    yield running
    stop_server(running)
    assert "Traceback" not in running.log_text(), running.log_text()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies and session) at desktop size, downloads accepted."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def tiny_tables() -> dict[str, list[dict]]:
    return json.loads(json.dumps(TINY))


@pytest.fixture
def tiny_path(tmp_path, tiny_tables) -> Path:
    return write_package(tmp_path / "tiny", tiny_tables)


@pytest.fixture
def tiny(tiny_path):
    from pact import load_package

    return load_package(tiny_path)


@pytest.fixture
def bundled():
    from pact import load_package

    return load_package(BUNDLED)


@pytest.fixture
def korea():
    from pact import load_package

    return load_package(KOREA)


@pytest.fixture
def bundled_copy(tmp_path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(BUNDLED.parent, target)
    return target / "datapackage.json"


def one_stage_tables() -> dict[str, list[dict]]:
    """The tiny package as a partnership known only from its final (no draft was reported)."""
    tables = json.loads(json.dumps(TINY))
    tables["stages"] = [s for s in tables["stages"] if s["stage_id"] == "final"]
    tables["stages"][0]["stage_order"] = "1"
    for name in ("positions", "evidence", "element_actors", "events"):
        tables[name] = [row for row in tables[name] if row.get("stage_id") == "final"]
    kept = {row["event_id"] for row in tables["events"]}
    for name in ("event_actors", "event_elements"):
        tables[name] = [row for row in tables[name] if row["event_id"] in kept]
    return tables


@pytest.fixture
def one_stage_path(tmp_path) -> Path:
    return write_package(tmp_path / "one-stage", one_stage_tables())


@pytest.fixture
def fresh_app_on_bundled_data(monkeypatch):
    """An app run on the bundled packages (not DASHBOARD_DATA) with empty Streamlit caches, before and after."""
    import streamlit as st

    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
