"""Hypothesis strategies: valid data packages in the real schema, filters on them, and hostile uploads.

A package is generated as rows of the CSV tables (the shape of ``conftest.TINY``), then written with
the bundled descriptor by :func:`conftest.write_package`. What varies: one to three stages, one to
six elements, zero to five actors, any mix of present and ``not_reported`` (a stage may be silent on
everything), events, and follow-up or none; and the text: control characters, bidi overrides, markup,
formula triggers, bare URLs and 5,000-character names, everywhere the schema takes prose.
Every quote is a passage of the generated source text, so curation finds it and validation passes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from hypothesis import strategies as st

from conftest import BUNDLED, write_package
from pact import DataPackage
from pact.filters import Filters
from pact.load import quote_too_long
from pact.topics import TOPIC_IDS

DESCRIPTOR = json.loads(BUNDLED.read_text(encoding="utf-8"))


def _enum(resource: str, field: str) -> list[str]:
    schema = next(r["schema"] for r in DESCRIPTOR["resources"] if r["name"] == resource)
    return next(f for f in schema["fields"] if f["name"] == field)["constraints"]["enum"]


AFFILIATIONS = _enum("actors", "affiliation")
ACTOR_KINDS = _enum("actors", "kind")
ROLES = _enum("element_actors", "role")
FOLLOW_UP_STATUSES = _enum("follow_up", "status")
PRECISIONS = _enum("events", "date_precision")

# XML-forbidden controls (Word refuses them; vl-convert used to abort on them), C1 controls, and the
# bidi overrides and isolates that can make text read backwards.
CONTROLS = "\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9f"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
SNIPPETS = (
    "<b>bold</b>", "<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "</td></tr>", "**strong**",
    "[link](javascript:alert(3))", "https://evil.example/x", "www.evil.example", "a@b.example", "=cmd|'/C calc'!A0",
    "+1", "-2", "@SUM(A1)", "{{ 7*7 }}", "${7*7}", "$x$", "&amp;", "&lt;b&gt;", "%{y}", "\\", "`code`", "#", "|",
    "日本語の文字列", "한국어", "\u202egnp.exe", "\ufeff", "\u2028", "\ufffd",
)
hostile_char = st.sampled_from(CONTROLS + BIDI) | st.characters(codec="utf-8", exclude_characters="\x00\r")
hostile_text = st.lists(st.sampled_from(SNIPPETS) | st.text(hostile_char, max_size=6), max_size=5).map("".join)


@st.composite
def prose(draw, required: bool = True) -> str:
    """Text for a name, label or summary: hostile more often than not; sometimes 5,000 characters."""
    text = draw(hostile_text | st.sampled_from(("Dialogue", "Maritime security", "")))
    if draw(st.integers(0, 9)) == 0:
        text = ("Very long name " + text) * (5000 // (len(text) + 15) + 1)
        text = text[:5000]
    # A required field must not be empty, nor only whitespace once the CSV is read back.
    return f"N {text}" if required and not text.strip() else text


QUOTE_WORDS = ("the", "parties", "will", "establish", "dialogue", "<b>enhance</b>", "cooperation", "=SUM(1)",
               "\u202eoverride\u202c", "情報保護協定", "space", "https://example.org/q", "**", "maritime")
# Within the quote limit: 25 words, or 60 characters where CJK dominates (validation refuses longer).
quote = st.lists(st.sampled_from(QUOTE_WORDS), min_size=1, max_size=25).map(" ".join).filter(
    lambda text: not quote_too_long(text))


@dataclass(frozen=True)
class Generated:
    """A generated package's rows, the source text its quotes come from, and whether it searched for follow-up."""

    tables: dict[str, list[dict]]
    source_text: str
    searched_through: str | None

    def write(self, folder: Path) -> Path:
        path = write_package(folder, self.tables, self.source_text)
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        descriptor["name"] = "generated-package"
        descriptor["title"] = "Generated package (Hypothesis)"
        if self.searched_through:
            descriptor["follow_up_searched_through"] = self.searched_through
        else:
            descriptor.pop("follow_up_searched_through", None)
        path.write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
        return path


@st.composite
def packages(draw) -> Generated:
    n_stages = draw(st.integers(1, 3))
    start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
    stage_dates = [start + timedelta(days=30 * k) for k in range(n_stages)]
    stages = [
        {"stage_id": f"s{k + 1}", "label": draw(prose()), "date": d.isoformat(), "stage_order": str(k + 1),
         "basis": draw(st.sampled_from(("press_reported", "official_text"))), "description": draw(prose(False))}
        for k, d in enumerate(stage_dates)
    ]
    final = stage_dates[-1]
    quotes: list[str] = []

    def passage() -> str:
        text = draw(quote)
        quotes.append(text)
        return text

    sources = [
        {"source_id": sid, "title": draw(prose()), "publisher": draw(prose()), "published": final.isoformat(),
         "url": draw(st.sampled_from(("", "https://example.org/t", "http://example.org/a?b=<c>"))),
         "kind": kind, "language": "en", "reliability": reliability, "text_file": "sources/T1.txt",
         "pack_file": "", "note": draw(prose(False))}
        for sid, kind, reliability in (("T1", "official_text", "high"), ("T2", "news_report", "medium"))
    ]
    n_elements = draw(st.integers(1, 6))
    domain_pool = draw(st.lists(prose(), min_size=1, max_size=3))
    elements = [
        {"element_id": f"e{i}", "name": f"{draw(prose())} #{i}", "domain": draw(st.sampled_from(domain_pool)),
         # Some elements share a topic, some have none (an upload may not code topics).
         "topic": draw(st.sampled_from(("", *TOPIC_IDS[:4]))), "summary": draw(prose())}
        for i in range(n_elements)
    ]
    n_actors = draw(st.integers(0, 5))
    actors = [
        {"actor_id": f"a{j}", "name": f"{draw(prose())} #{j}", "kind": draw(st.sampled_from(ACTOR_KINDS)),
         "affiliation": draw(st.sampled_from(AFFILIATIONS)), "office": draw(prose(False))}
        for j in range(n_actors)
    ]
    # Sometimes one stage reports nothing at all: every element not_reported there.
    silent = draw(st.sampled_from([None, *range(n_stages)]))
    positions, evidence, roles = [], [], []
    for element in elements:
        for k, stage in enumerate(stages):
            present = k != silent and draw(st.booleans())
            level = draw(st.integers(1, 4)) if present else None
            positions.append({"element_id": element["element_id"], "stage_id": stage["stage_id"],
                              "status": "present" if present else "not_reported",
                              "commitment_level": str(level) if present else "", "note": draw(prose(False))})
            if not present:
                continue
            source = draw(st.sampled_from(("T1", "T2")))
            evidence_id = f"E{len(evidence) + 1}"
            evidence.append({"evidence_id": evidence_id, "element_id": element["element_id"],
                             "stage_id": stage["stage_id"], "source_id": source, "locator": draw(prose()),
                             "quote": passage(), "translation": draw(prose(False)), "verified": "true"})
            for actor in draw(st.lists(st.sampled_from(actors), unique_by=lambda a: a["actor_id"])) if actors else []:
                roles.append({"element_id": element["element_id"], "stage_id": stage["stage_id"],
                              "actor_id": actor["actor_id"], "role": draw(st.sampled_from(ROLES)),
                              "named_by": "press" if source == "T2" and draw(st.booleans()) else "parties",
                              "evidence_id": evidence_id})
    events = []
    for v in range(draw(st.integers(0, 3))):
        when = date(2021, 1, 1) + timedelta(days=draw(st.integers(0, 1900)))
        events.append({"event_id": f"V{v}", "date": when.isoformat(), "date_precision": draw(st.sampled_from(PRECISIONS)),
                       "title": draw(prose()), "summary": draw(prose(False)),
                       "stage_id": draw(st.sampled_from(["", *(s["stage_id"] for s in stages)])),
                       "source_id": "T1", "locator": draw(prose()), "quote": passage(), "verified": "true"})
    event_actors = [{"event_id": e["event_id"], "actor_id": a["actor_id"]}
                    for e in events for a in actors if draw(st.booleans())]
    event_elements = [{"event_id": e["event_id"], "element_id": el["element_id"]}
                      for e in events for el in elements if draw(st.booleans())]
    searched_through = draw(st.sampled_from((None, "2026-03-31")))
    follow_up = []
    if searched_through:
        for n in range(draw(st.integers(0, 4))):
            when = final + timedelta(days=draw(st.integers(1, (date(2026, 3, 31) - final).days)))
            follow_up.append({"element_id": draw(st.sampled_from(elements))["element_id"], "date": when.isoformat(),
                              "date_precision": draw(st.sampled_from(PRECISIONS)),
                              "status": draw(st.sampled_from(FOLLOW_UP_STATUSES)), "source_id": "T1",
                              "locator": f"{draw(prose())} {n}", "quote": passage(), "translation": "",
                              "verified": "true", "event_id": "", "note": draw(prose(False))})
    commitment_levels = [
        {"level": str(k), "commitment": f"{draw(prose())} ({k})", "definition": draw(prose())} for k in range(1, 5)
    ]
    tables = {
        "stages": stages, "sources": sources, "elements": elements, "commitment_levels": commitment_levels,
        "positions": positions, "evidence": evidence, "actors": actors, "element_actors": roles, "events": events,
        "event_actors": event_actors, "event_elements": event_elements, "follow_up": follow_up,
    }
    return Generated(tables, " ".join(quotes) + " ", searched_through)


@st.composite
def filters_for(draw, package: DataPackage, changes: list[str]) -> Filters:
    """Filters an analyst could set on this package, or could type: values it has, and text it may not."""
    actors = sorted(package.actors["name"])
    domains = sorted(package.elements["domain"].unique())
    return Filters(
        actors=tuple(draw(st.lists(st.sampled_from(actors), unique=True, max_size=2))) if actors else (),
        domains=tuple(draw(st.lists(st.sampled_from(domains), unique=True, max_size=2))),
        changes=tuple(draw(st.lists(st.sampled_from(changes), unique=True, max_size=2))),
        text=draw(st.sampled_from(("", "", "dialogue", "<b>", "\u202e", "zz-no-match")) | hostile_text),
    )
