"""Load a data package in the project's schema into typed pandas frames, validating it first.

Validation has two layers: Frictionless checks the package against its own descriptor (types,
required fields, enums, primary and foreign keys), then :func:`project_problems` checks the rules
the descriptor cannot express (every `present` position has evidence, quotes are short, every
element is coded at every stage). Either layer's problems name the file, row, field and issue.
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
)

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
    return tables


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

    for name in ("evidence", "events"):
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
    problems = project_problems(tables, partial) or verification_problems(tables, descriptor_path.parent)
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
