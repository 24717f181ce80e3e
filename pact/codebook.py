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
     "implemented'; a package without that date claims nothing about follow-up.",
     "loader: dated after the final stage and within the searched period"),
    ("follow_up_sources", "follow_up",
     "Same honesty rules as evidence: a short exact quote verified by curation; a low-reliability source never "
     "stands alone; an inferred date says so and uses the precision the source supports.",
     "loader and curation"),
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
