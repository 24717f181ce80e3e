"""Load a data package in the project's schema into typed pandas frames, validating it first.

Validation has two layers: Frictionless checks the package against its own descriptor (types,
required fields, enums, primary and foreign keys), then :func:`project_problems` checks the rules
the descriptor cannot express (every `present` position has evidence, quotes are short, every
element is coded at every stage, follow-up is dated after the final stage). Either layer's problems
name the file, row, field and issue.

``follow_up`` and ``event_elements`` arrived in data v1.1; a package written before them (an older
release, an old upload) still loads, with those tables empty.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from pact import validated
from pact.curation import rechecked, research_pack, source_files, verification_problems
from pact.paths import BUNDLED, resolve
from pact.problems import PackageError, Problem

__all__ = ["BUNDLED", "DataPackage", "PackageError", "Problem", "load_package", "resolve"]

RESOURCES = (
    "stages",
    "sources",
    "elements",
    "commitment_levels",
    "positions",
    "evidence",
    "actors",
    "element_actors",
    "events",
    "event_actors",
    "follow_up",
    "event_elements",
)
# Added in v1.1: a package without them loads with empty tables of these columns.
OPTIONAL_RESOURCES = {
    "follow_up": ("element_id", "date", "date_precision", "status", "source_id", "locator", "quote",
                  "translation", "verified", "event_id", "note"),
    "event_elements": ("event_id", "element_id"),
}
# The stage coded from the text put to the Council: only an official text can speak for it.
COUNCIL_STAGE = "council_text"
FOLLOW_UP_STATUSES = ("held", "launched", "announced")

MAX_QUOTE_WORDS = 25
MAX_QUOTE_CJK_CHARS = 60
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class DataPackage:
    """A validated package: its descriptor and one typed frame per resource."""

    path: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def title(self) -> str:
        return self.descriptor.get("title") or self.descriptor.get("name", "data package")

    @property
    def short_title(self) -> str:
        """The title up to its first colon: "Japan–EU Security and Defence Partnership"."""
        return self.title.split(":")[0].strip()

    @property
    def name(self) -> str:
        return self.descriptor.get("name", "package")

    # Lookups the pages call on every rerun, built once per package rather than by filtering a frame
    # each time (the package is validated once and never modified).
    @cached_property
    def _stage_labels(self) -> dict[str, str]:
        return dict(zip(self.stages["stage_id"], self.stages["label"].astype(str)))

    @cached_property
    def _stage_bases(self) -> dict[str, str]:
        return dict(zip(self.stages["stage_id"], self.stages["basis"].astype(str)))

    @cached_property
    def _actor_ids(self) -> dict[str, str]:
        return dict(zip(self.actors["name"], self.actors["actor_id"]))

    @cached_property
    def summaries_by_name(self) -> pd.Series:
        """Element summaries indexed by element name, as the text search reads them."""
        return self.elements.set_index("name")["summary"]

    def stage_label(self, stage_id: str) -> str:
        return self._stage_labels.get(stage_id, stage_id)

    def stage_basis(self, stage_id: str) -> str:
        return self._stage_bases[stage_id]

    def actor_id(self, name: str) -> str:
        return self._actor_ids[name]

    @cached_property
    def _stage_order(self) -> tuple[str, ...]:
        return tuple(self.stages.sort_values("stage_order")["stage_id"])

    def stage_ids(self) -> list[str]:
        return list(self._stage_order)


def frictionless_problems(descriptor_path: Path) -> list[Problem]:
    """Validate against the package's own descriptor with Frictionless."""
    from frictionless import validate

    report = validate(str(descriptor_path))
    problems = [Problem(descriptor_path.name, e.message) for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            info = error.to_descriptor()
            problems.append(
                Problem(
                    file=Path(task.place).name if task.place else task.name,
                    message=_readable(info),
                    row=info.get("rowNumber"),
                    field=info.get("fieldName"),
                )
            )
    return problems


def _readable(info: dict) -> str:
    """A Frictionless error in an analyst's words: the offending value and what was expected."""
    cell = str(info.get("cell", ""))[:60]
    kind, note = info.get("type"), info.get("note", "")
    if kind == "type-error":
        return f'"{cell}" is not a valid {info.get("fieldType", "value")} ({info.get("fieldFormat", "default")} format)'
    if kind == "constraint-error":
        return f'"{cell}" breaks the rule: {note}'
    if kind == "missing-cell":
        return "the cell is missing (the row is too short)"
    if kind == "unique-error":
        return f'"{cell}" is duplicated: {note}'
    if kind == "primary-key":
        return f"duplicate key: {note}"
    return note or info.get("message", kind or "invalid")


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    out = frame.copy()
    for spec in schema.get("fields", []):
        name, kind = spec["name"], spec.get("type", "string")
        if name not in out:
            continue
        col = out[name].str.strip()
        if kind == "integer":
            out[name] = pd.to_numeric(col.replace("", None)).astype("Int64")
        elif kind == "number":
            out[name] = pd.to_numeric(col.replace("", None))
        elif kind == "boolean":
            out[name] = col.str.lower().isin(["true", "1", "yes"])
        elif kind in ("date", "datetime"):
            out[name] = pd.to_datetime(col.replace("", None))
        else:
            out[name] = out[name].astype(str)
    return out


def read_tables(descriptor_path: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    tables = {}
    for resource in descriptor["resources"]:
        raw = pd.read_csv(
            descriptor_path.parent / resource["path"],
            dtype=str,
            keep_default_na=False,
            encoding="utf-8",
        )
        tables[resource["name"]] = _typed(raw, resource.get("schema", {}))
    for name, columns in OPTIONAL_RESOURCES.items():
        if name not in tables:
            tables[name] = _empty(name, columns)
    return tables


def _empty(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=str) for column in columns})
    if name == "follow_up":
        frame["date"] = pd.to_datetime(frame["date"])
        frame["verified"] = frame["verified"].astype(bool)
    return frame


def quote_too_long(quote: str) -> bool:
    cjk = len(_CJK.findall(quote))
    if cjk > len(quote) / 3:
        return len(quote) > MAX_QUOTE_CJK_CHARS
    return len(quote.split()) > MAX_QUOTE_WORDS


def project_problems(tables: dict[str, pd.DataFrame], partial: Collection[str] = ()) -> list[Problem]:
    """Rules the Frictionless descriptor cannot express.

    ``partial`` names elements a filtered extract holds at only some stages (see ``pact.upload``).
    """
    problems: list[Problem] = []
    missing = [name for name in RESOURCES if name not in tables]
    if missing:
        return [Problem("datapackage.json", f"missing resource(s): {', '.join(missing)}")]

    positions, evidence = tables["positions"], tables["evidence"]
    stages, elements = tables["stages"], tables["elements"]

    # CSV row numbers count the header as row 1, as Frictionless does.
    def row_of(index: int) -> int:
        return int(index) + 2

    keys = ["element_id", "stage_id"]
    present = positions["status"] == "present"
    supported = pd.MultiIndex.from_frame(positions[keys]).isin(pd.MultiIndex.from_frame(evidence[keys]))
    for idx in positions.index[present & ~supported]:
        problems.append(Problem("positions.csv", "a present position has no evidence row", row_of(idx), "status"))
    for idx in positions.index[present & positions["commitment_level"].isna()]:
        problems.append(
            Problem("positions.csv", "a present position needs a commitment level", row_of(idx), "commitment_level")
        )
    for idx in positions.index[~present & positions["commitment_level"].notna()]:
        problems.append(
            Problem(
                "positions.csv",
                f"status '{positions.at[idx, 'status']}' cannot carry a commitment level",
                row_of(idx),
                "commitment_level",
            )
        )

    expected = pd.MultiIndex.from_product([elements["element_id"], stages["stage_id"]], names=keys)
    missing_positions = expected.difference(pd.MultiIndex.from_frame(positions[keys]))
    missing_positions = missing_positions[~missing_positions.get_level_values("element_id").isin(list(partial))]
    for element_id, stage_id in missing_positions[:50]:
        problems.append(
            Problem("positions.csv", f"element '{element_id}' has no position at stage '{stage_id}'")
        )

    # Frictionless' "uri" format accepts any scheme; the dashboard links to sources, so only web pages.
    urls = tables["sources"]["url"].fillna("")
    for idx in urls.index[(urls.str.strip() != "") & ~urls.str.match(r"(?i)https?://\S+$")]:
        problems.append(
            Problem("sources.csv", f"'{urls[idx][:40]}' is not a web address: a source URL must start with "
                    "http:// or https://", row_of(idx), "url")
        )

    present_keys = pd.MultiIndex.from_frame(positions.loc[present, keys])
    for name in ("evidence", "element_actors"):
        frame = tables[name]
        orphan = ~pd.MultiIndex.from_frame(frame[keys]).isin(present_keys)
        for idx in frame.index[orphan][:50]:
            problems.append(
                Problem(f"{name}.csv", "refers to a position that is not 'present'", row_of(idx), "stage_id")
            )

    for name in ("evidence", "events", "follow_up"):
        for idx, quote in tables[name]["quote"].items():
            if quote_too_long(quote):
                problems.append(
                    Problem(
                        f"{name}.csv",
                        f"quote longer than {MAX_QUOTE_WORDS} words ({MAX_QUOTE_CJK_CHARS} CJK characters)",
                        row_of(idx),
                        "quote",
                    )
                )

    ea = tables["element_actors"].merge(
        evidence[["evidence_id", "element_id", "stage_id"]],
        on="evidence_id",
        how="left",
        suffixes=("", "_evidence"),
    )
    mismatch = ea["element_id_evidence"].notna() & (
        (ea["element_id"] != ea["element_id_evidence"]) | (ea["stage_id"] != ea["stage_id_evidence"])
    )
    for idx in ea.index[mismatch]:
        problems.append(
            Problem("element_actors.csv", "cites evidence for another element or stage", row_of(idx), "evidence_id")
        )
    problems += named_by_problems(tables)
    problems += stage_date_problems(tables)
    problems += council_text_problems(tables)
    problems += follow_up_problems(tables)
    problems += low_reliability_problems(tables)
    return problems


def named_by_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """One ``named_by`` rule for every package (see the codebook's coding rules).

    ``parties``: a party's own text or release names the actor in the role, or a press report
    attributes the naming to the parties (what their document says, what they decided). ``press``:
    only a report's or an analyst's own framing names it. So a role whose evidence is an official
    text or a press release is always ``parties``, and a ``press`` role cites a report or analysis.
    """
    roles = tables["element_actors"]
    kinds = roles["evidence_id"].map(tables["evidence"].set_index("evidence_id")["source_id"]).map(
        tables["sources"].set_index("source_id")["kind"]
    )
    official = kinds.isin(["official_text", "press_release"])
    return [
        Problem("element_actors.csv", f"named_by 'press' but the evidence is an official source ({kinds[idx]}): "
                "a party's own text names the actor, so named_by is 'parties'", int(idx) + 2, "named_by")
        for idx in roles.index[official & (roles["named_by"] == "press")]
    ]


def stage_date_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Evidence never predates its stage: the text put to the Council cannot speak for the final one.

    A later source may report what a stage's text contained (a 2025 report quoting the final text).
    """
    evidence = tables["evidence"]
    published = evidence["source_id"].map(tables["sources"].set_index("source_id")["published"])
    stage_date = evidence["stage_id"].map(tables["stages"].set_index("stage_id")["date"])
    early = published < stage_date
    return [
        Problem("evidence.csv", f"source '{evidence.at[idx, 'source_id']}' ({published[idx]:%Y-%m-%d}) predates stage "
                f"'{evidence.at[idx, 'stage_id']}' ({stage_date[idx]:%Y-%m-%d}); cite a source dated at or after it",
                int(idx) + 2, "source_id")
        for idx in evidence.index[early]
    ]


def council_text_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Evidence at the Council-text stage must come from an official text (Council 9941/24 is S3)."""
    evidence, sources = tables["evidence"], tables["sources"]
    kinds = evidence["source_id"].map(sources.set_index("source_id")["kind"])
    wrong = (evidence["stage_id"] == COUNCIL_STAGE) & (kinds != "official_text")
    return [
        Problem("evidence.csv", f"evidence at stage '{COUNCIL_STAGE}' must cite an official text, not "
                f"'{evidence.at[idx, 'source_id']}'", int(idx) + 2, "source_id")
        for idx in evidence.index[wrong]
    ]


def follow_up_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Follow-up rows come after the final (last) stage.

    A row linked to an event needs that event linked to the same element in ``event_elements``.
    """
    follow_up, stages = tables["follow_up"], tables["stages"]
    problems: list[Problem] = []
    if follow_up.empty:
        return problems
    if len(stages):
        final = stages.sort_values("stage_order").iloc[-1]
        for idx in follow_up.index[follow_up["date"] <= final["date"]]:
            problems.append(Problem("follow_up.csv", f"follow-up must be dated after the final stage "
                                    f"'{final['stage_id']}' ({final['date']:%Y-%m-%d})", int(idx) + 2, "date"))
    pairs = set(zip(tables["event_elements"]["event_id"], tables["event_elements"]["element_id"]))
    for idx, row in follow_up[follow_up["event_id"].str.strip() != ""].iterrows():
        if (row["event_id"], row["element_id"]) not in pairs:
            problems.append(Problem("follow_up.csv", f"event '{row['event_id']}' is not linked to element "
                                    f"'{row['element_id']}' in event_elements", int(idx) + 2, "event_id"))
    return problems


def low_reliability_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A low-reliability source never stands alone (coding rule ``low_reliability_never_alone``).

    A present position needs evidence from a source rated medium or high at that stage; a role cites
    such evidence; an event cites such a source (a low-reliability report may be named in its summary);
    a follow-up row from a low-reliability source needs a row from a better source for the same element
    and the same step, which is the same event or, without one, the same date.
    """
    reliability = tables["sources"].set_index("source_id")["reliability"]
    problems: list[Problem] = []

    evidence, positions = tables["evidence"], tables["positions"]
    low_evidence = evidence["source_id"].map(reliability) == "low"
    keys = ["element_id", "stage_id"]
    better = pd.MultiIndex.from_frame(evidence.loc[~low_evidence, keys])
    shaky = pd.MultiIndex.from_frame(evidence.loc[low_evidence, keys])
    present = positions["status"] == "present"
    at = pd.MultiIndex.from_frame(positions[keys])
    for idx in positions.index[present & at.isin(shaky) & ~at.isin(better)]:
        cited = ", ".join(sorted(evidence.loc[low_evidence & (evidence["element_id"] == positions.at[idx, "element_id"])
                                              & (evidence["stage_id"] == positions.at[idx, "stage_id"]), "source_id"]))
        problems.append(Problem("positions.csv", f"a present position rests only on low-reliability sources ({cited}): "
                                "a low-reliability source cannot stand alone; add evidence from a medium- or "
                                "high-reliability source, or code not_reported", int(idx) + 2, "status"))

    roles = tables["element_actors"]
    role_low = roles["evidence_id"].map(evidence.set_index("evidence_id")["source_id"]).map(reliability) == "low"
    for idx in roles.index[role_low]:
        problems.append(Problem("element_actors.csv", f"cites evidence '{roles.at[idx, 'evidence_id']}' from a "
                                "low-reliability source: a role cites evidence from a medium- or high-reliability "
                                "source", int(idx) + 2, "evidence_id"))

    events = tables["events"]
    for idx in events.index[events["source_id"].map(reliability) == "low"]:
        problems.append(Problem("events.csv", f"event '{events.at[idx, 'event_id']}' cites a low-reliability source "
                                f"('{events.at[idx, 'source_id']}'): cite a medium- or high-reliability source and "
                                "name the low-reliability one in the summary, or leave the event out",
                                int(idx) + 2, "source_id"))

    follow_up = tables["follow_up"]
    if follow_up.empty:
        return problems
    low = follow_up["source_id"].map(reliability) == "low"
    with_event = follow_up["event_id"].str.strip() != ""
    same_event = set(zip(follow_up.loc[~low & with_event, "element_id"], follow_up.loc[~low & with_event, "event_id"]))
    same_date = set(zip(follow_up.loc[~low, "element_id"], follow_up.loc[~low, "date"]))
    for idx in follow_up.index[low]:
        row = follow_up.loc[idx]
        if (row["element_id"], row["event_id"]) in same_event or (row["element_id"], row["date"]) in same_date:
            continue
        problems.append(Problem("follow_up.csv", "a low-reliability source cannot stand alone: no row from a medium- "
                                f"or high-reliability source reports the same step on '{row['element_id']}' (same "
                                "event, or same date)", int(idx) + 2, "source_id"))
    return problems


def descriptor_problems(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Follow-up is claimed only by a package that says through when it searched for it.

    ``follow_up_searched_on`` (when the pages were searched) may be later than ``follow_up_searched_through``
    (how far the search vouches for the record); it is never earlier.
    """
    follow_up = tables["follow_up"]
    searched = descriptor.get("follow_up_searched_through")
    if searched is None:
        if len(follow_up):
            return [Problem("datapackage.json", "follow_up has rows but the descriptor has no "
                            "follow_up_searched_through date: say through when sources were searched")]
        return []
    through = pd.to_datetime(str(searched), format="%Y-%m-%d", errors="coerce")
    if pd.isna(through):
        return [Problem("datapackage.json",
                        f"follow_up_searched_through '{str(searched)[:30]}' is not a date as YYYY-MM-DD")]
    problems = [
        Problem("follow_up.csv", f"dated after follow_up_searched_through ({searched})", int(idx) + 2, "date")
        for idx in follow_up.index[follow_up["date"] > through]
    ]
    # The search date is optional (older packages lack it); when given, the record cannot reach past it.
    searched_on = descriptor.get("follow_up_searched_on")
    if searched_on is not None:
        on = pd.to_datetime(str(searched_on), format="%Y-%m-%d", errors="coerce")
        if pd.isna(on):
            problems.append(Problem("datapackage.json",
                                    f"follow_up_searched_on '{str(searched_on)[:30]}' is not a date as YYYY-MM-DD"))
        elif on < through:
            problems.append(Problem("datapackage.json", f"follow_up_searched_through ({searched}) is after "
                                    f"follow_up_searched_on ({searched_on}): a search cannot vouch past its own date"))
    return problems


def _fingerprint(descriptor_path: Path, descriptor: dict) -> str | None:
    """The hash that names this package's pass (see :mod:`pact.validated`); None if it cannot be read."""
    folder = descriptor_path.parent
    try:
        files = [descriptor_path] + [folder / resource["path"] for resource in descriptor["resources"]]
        if not all(file.resolve().is_relative_to(folder.resolve()) for file in files):
            return None
        sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        texts = source_files(sources, folder, research_pack())
        return validated.fingerprint([*files, *texts.values()])
    except (KeyError, TypeError, OSError, ValueError, AttributeError):
        return None


def load_package(path: str | os.PathLike | None = None) -> DataPackage:
    """Validate and load a package (descriptor file or folder; default: bundled or DASHBOARD_DATA).

    Raises :class:`PackageError` listing every problem found. A package identical to one that has
    passed before (same bytes, same source texts, same validating code) is not validated again.
    """
    descriptor_path = resolve(path)
    if not descriptor_path.is_file():
        raise PackageError([Problem(descriptor_path.name, f"no data package descriptor at {descriptor_path}")])
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError([Problem(descriptor_path.name, f"not valid UTF-8 JSON: {exc}")]) from None

    key = _fingerprint(descriptor_path, descriptor)
    if key and validated.passed(key):
        return _loaded(descriptor_path, descriptor, read_tables(descriptor_path, descriptor))

    problems = frictionless_problems(descriptor_path)
    # Frictionless leaves reference cycles behind (rows, lookups); collect them now so a large
    # package's validation does not add to the server's resident memory for the rest of its life.
    gc.collect()
    if problems:
        raise PackageError(problems)
    tables = read_tables(descriptor_path, descriptor)
    partial = descriptor.get("extract", {}).get("changes", {})
    problems = (
        project_problems(tables, partial)
        or descriptor_problems(descriptor, tables)
        or verification_problems(tables, descriptor_path.parent)
    )
    if problems:
        raise PackageError(problems)
    if key:
        validated.remember_pass(key)
    return _loaded(descriptor_path, descriptor, tables)


def _loaded(descriptor_path: Path, descriptor: dict, tables: dict[str, pd.DataFrame]) -> DataPackage:
    """The package, each quote marked with whether its source text was at hand to check it."""
    for name, checked in rechecked(tables, descriptor_path.parent).items():
        tables[name]["rechecked"] = checked
    return DataPackage(descriptor_path, descriptor, tables)
