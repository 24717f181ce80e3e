"""What the package is and how good it is: codebook, citation, data-quality checks, zip bundle."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd

from pact.curation import verification_wording
from pact.export import neutralised, neutralised_table
from pact.load import COUNCIL_STAGE, DataPackage
from pact.text import link_target, source_titles
from pact.topics import topics_table

NEUTRALISED_NOTE = (
    "Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) "
    "carry a leading apostrophe in every CSV file here; the dashboard's upload removes it again.\n"
)
# The coding rules both packages follow; the loader enforces the ones marked so.
CODING_RULES = (
    ("provisions_not_context", "elements",
     "An element is a provision of the partnership. Statements made at the meeting that announced it "
     "(support for Ukraine, concern over third-country backing of Russia, shared values restated by the "
     "ministers) are events or context, unless a source says the partnership's own text contains them.",
     "by review"),
    ("topic", "elements",
     "Every element carries one topic from a vocabulary shared by all packages (the elements table's enum), so that "
     "the same provision can be matched across partnerships whatever its element_id or domain; elements with the same "
     "element_id have the same topic in every package.",
     "schema enum; tests on the bundled packages"),
    ("named_by", "element_actors",
     "named_by is 'parties' when a party's own text or release names the actor in the role, or when a press "
     "report attributes the naming to the parties (what their document says, what they decided). It is 'press' "
     "when only a report's or an analyst's own framing names the actor (\"with China in mind\"). A role whose "
     "evidence is an official text or a press release is therefore always 'parties'. An actor no source "
     "names (an inferred ministry) gets no role.",
     "loader: an official source's role is 'parties'"),
    ("council_text_stage", "positions, evidence",
     f"The stage '{COUNCIL_STAGE}' is the text put to the Council. Only an official text can speak for it, "
     "and only for the part that can be read: everything else there is not_reported.",
     "loader: evidence at this stage cites an official text"),
    ("stage_evidence_date", "evidence",
     "Evidence never comes from a source published before its stage: the text put to the Council cannot stand for "
     "the final one. An element the Council text states but no source at or after the final repeats is present at "
     "the Council text and not_reported at the final. A later source may report what a stage's text contained.",
     "loader: evidence is not older than its stage"),
    ("not_reported_is_not_absent", "positions",
     "Silence in the sources is not_reported, never absent; absent needs a complete official text of the stage.",
     "loader: present positions have evidence"),
    ("follow_up_after_final", "follow_up",
     "A follow-up row is dated public evidence that an element was acted on after the final stage: held "
     "(an activity took place), launched (formally started) or announced (planned, scheduled or committed "
     "again). No row means no public record was found through follow_up_searched_through, never 'not "
     "implemented'; a package without that date claims nothing about follow-up. follow_up_searched_on, when "
     "given, is the day the pages were searched; it may be later than the date the search vouches for, never earlier.",
     "loader: dated after the final stage and within the searched period"),
    ("follow_up_sources", "follow_up",
     "Same honesty rules as evidence: a short exact quote verified by curation, under the rules "
     "low_reliability_never_alone, nested_mentions, inferred_dates and page_date_not_event_date.",
     "loader and curation"),
    ("low_reliability_never_alone", "positions, element_actors, events, follow_up",
     "A source rated low never carries a fact alone; a fact only low-reliability sources report is not coded, or is "
     "coded on a second, better source. A present position needs at least one evidence row at that stage from a "
     "source rated medium or high; a role cites evidence from such a source; an event cites such a source (a "
     "low-reliability report may be named in its summary); a follow-up row from a low-reliability source needs a row "
     "from a better source for the same element and the same step: the same event_id, or the same date. A "
     "low-reliability text that matches an official text does not borrow its reliability.",
     "loader: positions, roles, events and follow-up"),
    ("nested_mentions", "positions, evidence, follow_up",
     "A topic named only inside another (X listed under Y, as FIMI in \"hybrid threats including FIMI\") counts for "
     "Y only: it is not evidence for X at any stage or in follow-up. X counts where a source names it as an item of "
     "its own, in a list or a sentence.",
     "by review"),
    ("preface_mentions", "positions (council_text)",
     "Dimensions of security that a preface names in passing (\"dimensions such as cyber and hybrid threats, maritime "
     "and outer space\") are not cooperation commitments. They are coded only for an element defined by that naming "
     "(a concept of security, economic security named as a dimension); cooperation elements stay not_reported until a "
     "readable part of the text reaches their section, and their notes say the preface names them.",
     "by review"),
    ("inferred_dates", "events, follow_up",
     "A date worked out rather than printed (a weekday, \"the 26th\" with the month taken from context) says so in the "
     "note or summary, with the source of each part. Precision is what the sources support: a day the source gives "
     "keeps day precision even when its month is inferred; month or year only when no day is given. A part of a date "
     "may come from a low-reliability source only when a better source gives the rest and itself narrows the date, so "
     "that the low-reliability source only chooses within it (\"the 18th\", soon after 1 November, in one source; "
     "December in another); a month that only a low-reliability source gives is not coded.",
     "by review"),
    ("page_date_not_event_date", "events, follow_up",
     "A row is dated by the step it reports, not by the page that reports it: a summary published on 29 July of a "
     "summit held on 23 July is dated 23 July. Only when no source dates the step does the row take the report's "
     "date, and its note says \"reported on ...; the step's own date is not given\".",
     "by review"),
    ("locators", "evidence, events, follow_up",
     "Paragraphs are counted from the first paragraph of the body: headlines, datelines, bylines and photo captions "
     "are not counted. A source kept in several copies names the copy first (\"copy A, para 3\"). After an elision "
     "([...]) the paragraph number is unknown, so the locator gives the paragraph's opening words.",
     "by review"),
)


def coding_rules() -> pd.DataFrame:
    return pd.DataFrame(CODING_RULES, columns=["rule", "applies to", "rule text", "checked by"])


def codebook(descriptor: dict) -> pd.DataFrame:
    """One row per field of every table, straight from ``datapackage.json``."""
    rows = []
    for resource in descriptor.get("resources", []):
        keys = resource.get("schema", {}).get("primaryKey", [])
        keys = [keys] if isinstance(keys, str) else keys
        for spec in resource.get("schema", {}).get("fields", []):
            constraints = spec.get("constraints", {})
            rows.append(
                {
                    "table": resource["name"],
                    "field": spec["name"],
                    "type": spec.get("type", "string"),
                    "required": bool(constraints.get("required")) or spec["name"] in keys,
                    "key": spec["name"] in keys,
                    "allowed values": ", ".join(map(str, constraints.get("enum", []))),
                    "description": spec.get("description") or spec.get("title", ""),
                }
            )
    return pd.DataFrame(rows)


def citation(package: DataPackage, accessed: date | None = None) -> str:
    d = package.descriptor
    authors = "; ".join(c.get("title", "") for c in d.get("contributors", [])) or "Unknown"
    created = str(d.get("created", ""))[:4]
    return (
        f"{authors} ({created}). {package.title}. Data package “{package.name}”, version "
        f"{d.get('version', '?')}. Accessed {(accessed or date.today()).isoformat()}."
    )


def quality(package: DataPackage) -> pd.DataFrame:
    """Checks an analyst reads before trusting the numbers (the loader already enforced the rules)."""
    positions, evidence = package.positions, package.evidence
    rows = [
        {"check": "Schema valid (Frictionless) and project rules pass", "result": "yes"},
        {"check": "Primary and foreign keys resolve", "result": "yes"},
        {"check": "Quotes verified verbatim against their source", "result": verification_wording(evidence)},
        {"check": "Event quotes verified", "result": verification_wording(package.events, "event quotes")},
        {"check": "Follow-up quotes verified", "result": verification_wording(package.follow_up, "follow-up quotes")},
    ]
    for stage in package.stages.sort_values("stage_order").itertuples():
        at = positions[positions["stage_id"] == stage.stage_id]
        present = at[at["status"] == "present"]
        supported = present.merge(evidence[["element_id", "stage_id"]].drop_duplicates(), on=["element_id", "stage_id"])
        sources = evidence.loc[evidence["stage_id"] == stage.stage_id, "source_id"].nunique()
        rows.append(
            {
                "check": f"{stage.label}: present positions with evidence",
                "result": f"{len(supported)} of {len(present)} ({len(at) - len(present)} not reported; {sources} sources)",
            }
        )
    return pd.DataFrame(rows)


def sources_table(package: DataPackage) -> pd.DataFrame:
    cited = package.evidence.groupby("source_id").size().rename("quotes")
    out = package.sources.merge(cited, left_on="source_id", right_index=True, how="left")
    out["quotes"] = out["quotes"].fillna(0).astype(int)
    out["title"] = source_titles(out)
    out["published"] = out["published"].dt.date
    out["url"] = out["url"].map(link_target)
    return out[["source_id", "publisher", "title", "published", "kind", "language", "reliability", "quotes", "url", "note"]]


def bundle_zip(package: DataPackage, filters_text: str, filtered_csv: bytes, readme: str) -> bytes:
    """The whole package (only files its descriptor names) plus codebook, citation and the filtered rows.

    Every CSV table is neutralised as the filtered CSV is (``filtered_csv`` comes neutralised).
    """
    buffer = io.BytesIO()
    root = package.path.parent
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(package.path, "datapackage.json")
        for resource in package.descriptor["resources"]:
            archive.writestr(resource["path"], neutralised_table(root / resource["path"]))
        for text_file in package.sources["text_file"].unique():
            if text_file and (root / text_file).is_file():
                archive.write(root / text_file, text_file)
        archive.writestr("README.txt", readme.rstrip("\n") + "\n\n" + NEUTRALISED_NOTE)
        archive.writestr("codebook.csv", neutralised(codebook(package.descriptor)).to_csv(index=False))
        archive.writestr("coding_rules.csv", neutralised(coding_rules()).to_csv(index=False))
        archive.writestr("topics.csv", neutralised(topics_table()).to_csv(index=False))
        archive.writestr("CITATION.txt", citation(package) + "\n")
        archive.writestr("filters.txt", f"Active filters: {filters_text}\n")
        archive.writestr("filtered.csv", filtered_csv)
    return buffer.getvalue()
