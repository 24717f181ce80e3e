"""What changed between two versions of a data package, as a tidy table and a computed summary.

Both versions are read raw, each per its own descriptor, and not validated: an old release need not
pass today's project rules, and may lack tables added since, to be compared with the current one.

Facts are compared, not prose: an element's positions, evidence and quotes, roles, events, sources'
ratings. Notes, names, summaries and descriptions (our own words) are not compared, and the summary
says so, so that "no changes" never claims more than was checked.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from pact.paths import BUNDLED

RELEASES = BUNDLED.parent / "releases"
COLUMNS = ["change", "resource", "key", "stage_id", "element_id", "field", "before", "after"]
# Our own words, which are revised freely; a table this module has no spec for is compared without them.
PROSE = frozenset({"note", "description", "summary", "name", "label", "title"})
NOT_COMPARED = "Notes, names, summaries and descriptions (our own words) are not compared."


class DiffError(ValueError):
    """A version could not be read; the message says which file and why."""


@dataclass(frozen=True)
class Version:
    """One version of a package, read raw: its descriptor and each CSV table as text."""

    path: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", "package"))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "?"))


def _descriptor_path(path: str | Path) -> Path:
    path = Path(path)
    return path / "datapackage.json" if path.is_dir() else path


def _canonical(column: pd.Series, kind: str) -> pd.Series:
    """Spell a value one way, so that re-saving a table (4 → 4.0, TRUE → true) is not a change."""
    column = column.str.strip()
    if kind == "integer":
        return column.str.replace(r"^(-?\d+)\.0*$", r"\1", regex=True)
    if kind == "boolean":
        return column.str.lower()
    return column


def _schema(resource: dict) -> dict:
    schema = resource.get("schema")
    return schema if isinstance(schema, dict) and isinstance(schema.get("fields", []), list) else {}


def read_version(path: str | Path) -> Version:
    """The descriptor (a ``datapackage.json`` or its folder) and every tabular resource it lists."""
    descriptor_path = _descriptor_path(path)
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DiffError(f"{descriptor_path}: no such data package") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiffError(f"{descriptor_path}: not a readable datapackage.json ({exc})") from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise DiffError(f"{descriptor_path}: the descriptor lists no resources")
    tables = {}
    for resource in resources:
        name, file = (resource.get("name"), resource.get("path")) if isinstance(resource, dict) else (None, None)
        if not isinstance(name, str) or not isinstance(file, str):
            raise DiffError(f"{descriptor_path}: every resource needs a name and a single file path")
        relative = PurePosixPath(file)
        # A descriptor may point anywhere; only files inside its own folder are read.
        if relative.is_absolute() or ".." in relative.parts or "://" in file:
            raise DiffError(f"{descriptor_path}: resource '{name}' must be a file inside the package folder")
        csv = descriptor_path.parent / relative
        try:
            raw = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except FileNotFoundError:
            raise DiffError(f"{csv}: listed as resource '{name}' but missing") from None
        except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise DiffError(f"{csv}: not a readable CSV table ({exc})") from None
        kinds = {f.get("name"): f.get("type", "string") for f in _schema(resource).get("fields", [])
                 if isinstance(f, dict)}
        tables[name] = pd.DataFrame({c: _canonical(raw[c], kinds.get(c, "string")) for c in raw.columns})
    return Version(descriptor_path, descriptor, tables)


@dataclass(frozen=True)
class Spec:
    """How a table is compared: what identifies a row, which fields count as a change, how a row reads."""

    noun: str
    plural: str
    key: tuple[str, ...]
    watched: tuple[str, ...]
    describe: Callable[[dict, Version], str]


def _evidence(row: dict, _: Version) -> str:
    return f"{row.get('source_id', '')} ({row.get('locator', '')}): {row.get('quote', '')}"


def _role(row: dict, _: Version) -> str:
    return f"named by {row.get('named_by', '')}; evidence {row.get('evidence_id', '')}"


def _event(row: dict, _: Version) -> str:
    return f"{row.get('date', '')}: {row.get('title', '')}"


def _source(row: dict, _: Version) -> str:
    return f"{row.get('publisher', '')}: {row.get('title', '')} (reliability {row.get('reliability', '')})"


def _field(name: str) -> Callable[[dict, Version], str]:
    return lambda row, _: str(row.get(name, ""))


def position_text(status: str, level: str, levels: dict[str, str]) -> str:
    """``present, level 3 (promote / enhance)``; a not-reported position has no level to show."""
    if not level:
        return status
    commitment = f" ({levels[level]})" if level in levels else ""
    return f"{status}, level {level}{commitment}"


def _levels(version: Version) -> dict[str, str]:
    frame = _table(version, "commitment_levels", ("level", "commitment"))
    return dict(zip(frame["level"], frame["commitment"]))


def _positions_of(version: Version, column: str, value: str) -> pd.DataFrame:
    positions = _table(version, "positions", ("element_id", "stage_id", "status", "commitment_level"))
    return positions[positions[column] == value]


def _stage(row: dict, version: Version) -> str:
    """A stage and, folded in, what its positions say: a new stage is one change, not one per element."""
    at = _positions_of(version, "stage_id", row.get("stage_id", ""))
    counts = ", ".join(f"{n} {status}" for status, n in at["status"].value_counts().sort_index().items())
    coded = f": {len(at)} positions ({counts})" if len(at) else ": no positions"
    return f"{row.get('label', '')} ({row.get('date', '')}){coded}"


def _element(row: dict, version: Version) -> str:
    """An element and, folded in, its position at each stage."""
    order = _stage_order(version)
    at = _positions_of(version, "element_id", row.get("element_id", ""))
    at = at.assign(_order=at["stage_id"].map(order)).sort_values(["_order", "stage_id"], na_position="last")
    levels = _levels(version)
    coded = "; ".join(
        f"{p.stage_id} {position_text(p.status, p.commitment_level, levels)}" for p in at.itertuples()
    )
    return f"{row.get('name', '')}: {coded}" if coded else str(row.get("name", ""))


SPECS = {
    "stages": Spec("stage", "stages", ("stage_id",), ("date", "basis"), _stage),
    "elements": Spec("element", "elements", ("element_id",), ("domain",), _element),
    "evidence": Spec("evidence", "evidence rows", ("evidence_id",),
                     ("element_id", "stage_id", "source_id", "locator", "quote", "translation"), _evidence),
    "element_actors": Spec("role", "roles", ("element_id", "stage_id", "actor_id", "role"),
                           ("named_by", "evidence_id"), _role),
    "events": Spec("event", "events", ("event_id",),
                   ("date", "date_precision", "stage_id", "source_id", "locator", "quote"), _event),
    "event_actors": Spec("event actor", "event actors", ("event_id", "actor_id"), (), _field("actor_id")),
    "actors": Spec("actor", "actors", ("actor_id",), ("kind", "affiliation"), _field("name")),
    "sources": Spec("source", "sources", ("source_id",), ("kind", "reliability", "url", "published"), _source),
    "commitment_levels": Spec("commitment level", "commitment levels", ("level",), ("commitment",),
                              _field("commitment")),
}
# Positions are compared on their own (see _position_changes); the rest follow SPECS, in this order.
ORDER = ("stages", "elements", "positions", "evidence", "element_actors", "events", "event_actors",
         "actors", "sources", "commitment_levels")


def _table(version: Version, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A table with at least these columns (empty text where an old version lacks one)."""
    frame = version.tables.get(name, pd.DataFrame(columns=list(columns)))
    missing = [c for c in columns if c not in frame]
    return frame.assign(**dict.fromkeys(missing, "")) if missing else frame


def _stage_order(version: Version) -> dict[str, int]:
    stages = _table(version, "stages", ("stage_id", "stage_order"))
    order = pd.to_numeric(stages["stage_order"], errors="coerce")
    return dict(zip(stages["stage_id"], order))


def _rows(frame: pd.DataFrame, key: tuple[str, ...]) -> dict[tuple, dict]:
    """Rows by key; an unvalidated old version may repeat a key, and then its first row counts."""
    records = frame.drop_duplicates(list(key)).to_dict("records")
    return {tuple(r[k] for k in key): r for r in records}


def _change(change: str, resource: str, key: tuple, row: dict, field: str = "", before: str = "",
            after: str = "") -> dict:
    return {"change": change, "resource": resource, "key": " / ".join(key), "stage_id": row.get("stage_id", ""),
            "element_id": row.get("element_id", ""), "field": field, "before": before, "after": after}


def _keyed_changes(resource: str, spec: Spec, old: Version, new: Version) -> list[dict]:
    columns = spec.key + spec.watched
    # A field one version does not have at all is not compared: its absence is not a change of value.
    known = [set(v.tables[resource].columns) for v in (old, new) if resource in v.tables]
    watched = [f for f in spec.watched if all(f in k for k in known)]
    before = _rows(_table(old, resource, columns), spec.key)
    after = _rows(_table(new, resource, columns), spec.key)
    changes = []
    for key in sorted(before.keys() - after.keys()):
        changes.append(_change(f"{spec.noun} removed", resource, key, before[key],
                               before=spec.describe(before[key], old)))
    for key in sorted(after.keys() - before.keys()):
        changes.append(_change(f"{spec.noun} added", resource, key, after[key], after=spec.describe(after[key], new)))
    for key in sorted(before.keys() & after.keys()):
        for field in watched:
            if before[key][field] != after[key][field]:
                changes.append(_change(f"{spec.noun} changed", resource, key, after[key], field,
                                       before[key][field], after[key][field]))
    return changes


def _position_changes(old: Version, new: Version) -> list[dict]:
    """Re-coded positions. Those of an element or stage added or removed are folded into that change."""
    columns = ("element_id", "stage_id", "status", "commitment_level")
    key = ("element_id", "stage_id")
    before = _rows(_table(old, "positions", columns), key)
    after = _rows(_table(new, "positions", columns), key)
    levels_before, levels_after = _levels(old), _levels(new)
    elements = [set(_table(v, "elements", ("element_id",))["element_id"]) for v in (old, new)]
    stages = [set(_table(v, "stages", ("stage_id",))["stage_id"]) for v in (old, new)]

    def in_both(element_id: str, stage_id: str) -> bool:
        return all(element_id in e for e in elements) and all(stage_id in s for s in stages)

    changes = []
    for k in sorted(before.keys() - after.keys()):
        if in_both(*k):
            row = before[k]
            changes.append(_change("position removed", "positions", k, row,
                                   before=position_text(row["status"], row["commitment_level"], levels_before)))
    for k in sorted(after.keys() - before.keys()):
        if in_both(*k):
            row = after[k]
            changes.append(_change("position added", "positions", k, row,
                                   after=position_text(row["status"], row["commitment_level"], levels_after)))
    for k in sorted(before.keys() & after.keys()):
        old_row, new_row = before[k], after[k]
        fields = [f for f in ("status", "commitment_level") if old_row[f] != new_row[f]]
        if fields:
            changes.append(_change(
                "position re-coded", "positions", k, new_row, ", ".join(fields),
                position_text(old_row["status"], old_row["commitment_level"], levels_before),
                position_text(new_row["status"], new_row["commitment_level"], levels_after),
            ))
    return changes


def _primary_key(version: Version, name: str) -> tuple[str, ...]:
    for resource in version.descriptor.get("resources", []):
        if resource.get("name") == name:
            key = _schema(resource).get("primaryKey", ())
            if isinstance(key, str):
                return (key,)
            return tuple(key) if isinstance(key, list) and all(isinstance(k, str) for k in key) else ()
    return ()


def _count(rows: int) -> str:
    return f"{rows} row" if rows == 1 else f"{rows} rows"


def _other_changes(name: str, old: Version, new: Version) -> list[dict]:
    """A table this module has no spec for (say ``follow_up``): whole-table or row-by-key changes."""
    if name not in old.tables:
        return [_change("table added", name, (name,), {}, after=_count(len(new.tables[name])))]
    if name not in new.tables:
        return [_change("table removed", name, (name,), {}, before=_count(len(old.tables[name])))]
    shared = tuple(c for c in new.tables[name].columns if c in old.tables[name].columns and c not in PROSE)
    key = _primary_key(new, name)
    if not key or not set(key) <= set(shared):
        key = shared
    if not key:
        # Nothing but prose in common: only the row count can be compared.
        rows = (len(old.tables[name]), len(new.tables[name]))
        return [] if rows[0] == rows[1] else [_change("table changed", name, (name,), {}, "rows",
                                                      _count(rows[0]), _count(rows[1]))]
    watched = tuple(c for c in shared if c not in key)
    spec = Spec("row", "rows", key, watched, lambda row, _: "; ".join(f"{c}: {row[c]}" for c in watched))
    return _keyed_changes(name, spec, old, new)


@dataclass(frozen=True)
class PackageDiff:
    """The changes from one version of a package to another, one row per change."""

    old_name: str
    old_version: str
    new_name: str
    new_version: str
    changes: pd.DataFrame

    @property
    def summary(self) -> str:
        return summarise(self)


def diff_packages(old: str | Path, new: str | Path) -> PackageDiff:
    """Compare two versions (descriptor paths or folders); raises :class:`DiffError` if one cannot be read."""
    before, after = read_version(old), read_version(new)
    changes: list[dict] = []
    for name in ORDER:
        if name == "positions":
            changes += _position_changes(before, after)
        elif name in before.tables or name in after.tables:
            changes += _keyed_changes(name, SPECS[name], before, after)
    others = [n for n in after.tables if n not in ORDER] + [n for n in before.tables if n not in ORDER
                                                              and n not in after.tables]
    for name in others:
        changes += _other_changes(name, before, after)
    frame = pd.DataFrame(changes, columns=COLUMNS).astype(str)
    return PackageDiff(before.name, before.version, after.name, after.version, frame)


def _phrase(rows: pd.DataFrame, plural: str, name_ids: bool = False) -> str:
    """``3 elements added and 1 removed``: how many distinct rows each kind of change touches.

    With ``name_ids``, a short list of what was added or removed follows its count: ``1 stage added (council_text)``.
    """
    verbs = rows["change"].str.rsplit(" ", n=1).str[-1]
    parts = []
    for verb, keys in rows.groupby(verbs, sort=False)["key"]:
        ids = keys.unique()
        part = f"{len(ids)} {verb}"
        if name_ids and verb in ("added", "removed") and len(ids) <= 3:
            part += f" ({', '.join(ids)})"
        parts.append(part)
    first = rows["key"][verbs == verbs.iloc[0]].nunique()
    parts[0] = f"{first} {plural if first != 1 else plural.removesuffix('s')} {parts[0].split(' ', 1)[1]}"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def summarise(diff: PackageDiff) -> str:
    """One computed paragraph: what kinds of change there are, and how many of each."""
    span = f"From v{diff.old_version} to v{diff.new_version}"
    if diff.old_name != diff.new_name:
        span = f"From {diff.old_name} v{diff.old_version} to {diff.new_name} v{diff.new_version} (different packages)"
    if diff.changes.empty:
        return (f"{span}: no changes to elements, stages, positions, evidence, roles, events, actors or sources. "
                f"{NOT_COMPARED}")
    phrases = []
    for resource, rows in diff.changes.groupby("resource", sort=False):
        whole = rows["change"].str.startswith("table ")
        for change in rows[whole].itertuples():
            rows_text = " → ".join(r for r in (change.before, change.after) if r)
            phrases.append(f"table {resource} {change.change.split(' ')[1]} ({rows_text})")
        rows = rows[~whole]
        if rows.empty:
            continue
        spec = SPECS.get(resource)
        plural = spec.plural if spec else "positions" if resource == "positions" else f"{resource} rows"
        phrases.append(_phrase(rows, plural, name_ids=resource == "stages"))
    return f"{span}: " + "; ".join(phrases) + f". {NOT_COMPARED}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _columns(text: str) -> int:
    """Terminal columns: Japanese, Chinese and Korean characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: str, width: int) -> str:
    # Data text goes to a terminal: control characters (escape sequences, line breaks) become spaces.
    value = _CONTROL.sub(" ", value)
    if _columns(value) <= width:
        return value
    while _columns(value) > width - 1:
        value = value[:-1]
    return value + "…"


def as_text(diff: PackageDiff, width: int = 48) -> str:
    """The summary and the changes as a left-aligned plain-text table (long cells cut to ``width`` columns)."""
    header = f"{diff.old_name} v{diff.old_version} -> {diff.new_name} v{diff.new_version}"
    summary = textwrap.fill(_CONTROL.sub(" ", diff.summary), width=100)
    if diff.changes.empty:
        return f"{header}\n{summary}"
    names = ["change", "key", "field", "before", "after"]
    rows = [names] + [[_cell(v, width) for v in row] for row in diff.changes[names].itertuples(index=False)]
    widths = [max(_columns(row[i]) for row in rows) for i in range(len(names))]
    lines = ["  ".join(v + " " * (w - _columns(v)) for v, w in zip(row, widths)).rstrip() for row in rows]
    return f"{header}\n{summary}\n\n" + "\n".join(lines)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


@dataclass(frozen=True)
class Release:
    name: str
    version: str
    path: Path


def releases(name: str, folder: Path = RELEASES) -> list[Release]:
    """Snapshots of the package called ``name`` kept under ``folder`` (one sub-folder each), oldest first."""
    found = []
    for descriptor_path in sorted(folder.glob("*/datapackage.json")) if folder.is_dir() else []:
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(descriptor, dict) and descriptor.get("name") == name:
            found.append(Release(name, str(descriptor.get("version", "")), descriptor_path))
    return sorted(found, key=lambda r: _version_key(r.version))


def baseline_release(descriptor: dict, folder: Path = RELEASES) -> Release | None:
    """The release to show changes since: the newest snapshot older than this version of the package.

    A package still at a snapshot's version is compared with that snapshot, so that an unchanged
    package says "no changes" rather than nothing; a package with no snapshot gets ``None``.
    """
    current = _version_key(str(descriptor.get("version", "")))
    kept = [r for r in releases(str(descriptor.get("name", "")), folder) if _version_key(r.version) <= current]
    earlier = [r for r in kept if _version_key(r.version) < current]
    return (earlier or kept or [None])[-1]
