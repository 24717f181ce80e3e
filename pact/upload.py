"""Read an analyst's upload — a zipped data package or a flat CSV as the dashboard exports it.

Uploads are hostile until proven otherwise. Everything is bounded (upload size, zip entries,
decompressed bytes), nothing is written outside a fresh working folder, and the schema always
comes from the bundled descriptor: an uploaded ``datapackage.json`` contributes its metadata
(name, title, version …), never its own, possibly looser, table schemas.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd

from pact.compare import STATUS_LABELS
from pact.filters import KIND_LABELS, NAMED_BY_LABELS, ROLE_LABELS, VIEW_COLUMNS
from pact.load import BUNDLED, OPTIONAL_RESOURCES, RESOURCES, DataPackage, PackageError, Problem, load_package

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 25 * 1024 * 1024
MAX_ZIP_ENTRIES = 64
MAX_CELL_CHARS = 5_000
METADATA_KEYS = ("name", "title", "description", "version", "created", "licenses", "sources", "contributors", "keywords",
                 "follow_up_searched_through")
# Columns the dashboard computes itself; the flat CSV carries them but they are not read back.
DERIVED_COLUMNS = ("change",)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _fail(file: str, message: str, row: int | None = None, field: str | None = None) -> PackageError:
    return PackageError([Problem(file, message, row, field)])


def bundled_descriptor() -> dict:
    """The bundled schema, without the bundled package's own claim of how far follow-up was searched."""
    descriptor = json.loads(BUNDLED.read_text(encoding="utf-8"))
    descriptor.pop("follow_up_searched_through", None)
    return descriptor


def read_upload(filename: str, data: bytes, workdir: Path) -> DataPackage:
    """Validate an upload and load it from ``workdir`` (an empty folder the caller owns)."""
    if not data:
        raise _fail(filename, "the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _fail(filename, f"the file is {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}")
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _read_zip(filename, data, workdir)
    if filename.lower().endswith(".zip"):
        raise _fail(filename, "the file is named .zip but is not a readable zip archive")
    return _read_flat_csv(filename, data, workdir)


# --- zipped data package -------------------------------------------------------------------------


def _allowed_member(name: str) -> bool:
    path = PurePosixPath(name)
    if len(path.parts) == 1:
        return path.suffix in (".csv", ".json", ".txt", ".md")
    return len(path.parts) == 2 and path.parts[0] == "sources" and path.suffix == ".txt"


def _read_zip(filename: str, data: bytes, workdir: Path) -> DataPackage:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(filename, f"the zip archive cannot be read: {exc}") from None
    if len(members) > MAX_ZIP_ENTRIES:
        raise _fail(filename, f"the zip holds {len(members)} files; at most {MAX_ZIP_ENTRIES} are accepted")
    problems = []
    for member in members:
        name = member.filename
        if name.startswith(("/", "\\")) or "\\" in name or ".." in PurePosixPath(name).parts:
            problems.append(Problem(filename, f"unsafe path in zip: '{name}' (absolute or leaving the folder)"))
        elif not _allowed_member(name):
            problems.append(
                Problem(filename, f"unexpected entry '{name}': put datapackage.json and the CSV tables at the top "
                        "level of the zip (only sources/*.txt may be in a folder)")
            )
    if problems:
        raise PackageError(problems)
    if "datapackage.json" not in {m.filename for m in members}:
        raise _fail(filename, "no datapackage.json at the top level of the zip")

    budget = MAX_UNZIPPED_BYTES
    (workdir / "sources").mkdir(parents=True, exist_ok=True)
    for member in members:
        target = workdir / member.filename
        with archive.open(member) as source, open(target, "wb") as sink:
            while chunk := source.read(64 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    raise _fail(filename, f"the zip expands beyond {MAX_UNZIPPED_BYTES:,} bytes; refused")
                sink.write(chunk)

    try:
        uploaded = json.loads((workdir / "datapackage.json").read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("datapackage.json", f"not valid UTF-8 JSON: {exc}") from None
    if not isinstance(uploaded, dict):
        raise _fail("datapackage.json", "must be a JSON object")
    descriptor = bundled_descriptor()
    for key in METADATA_KEYS:
        if key in uploaded:
            descriptor[key] = uploaded[key]
    if not isinstance(descriptor.get("name"), str):
        raise _fail("datapackage.json", "'name' must be a string")
    (workdir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    for resource in descriptor["resources"]:
        _check_csv_encoding(workdir / resource["path"], resource["path"])
        if resource["name"] in OPTIONAL_RESOURCES and not (workdir / resource["path"]).exists():
            # A package written before v1.1 has no follow-up tables: it loads with them empty.
            header = ",".join(f["name"] for f in resource["schema"]["fields"])
            (workdir / resource["path"]).write_text(header + "\n", encoding="utf-8")
    return load_package(workdir / "datapackage.json")


def _check_csv_encoding(path: Path, label: str) -> None:
    if path.is_file():
        _decode(path.read_bytes(), label)


# --- flat CSV ------------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(filename, "the file is UTF-16 encoded; save it as “CSV UTF-8” and upload again")
    if b"\x00" in data[:4096]:
        raise _fail(filename, "the file looks binary, not a CSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(
            filename,
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "save it as “CSV UTF-8” and upload again",
        ) from None


def _unneutralise(value: str) -> str:
    """Undo the export's formula guard: a leading apostrophe before a trigger character."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_TRIGGERS and value[1:2] else value


def _read_flat_csv(filename: str, data: bytes, workdir: Path) -> DataPackage:
    text = _decode(data, filename)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _fail(filename, f"the CSV cannot be parsed: {exc}") from None
    if not rows or not any(rows[0]):
        raise _fail(filename, "the CSV has no header row")
    header = [h.strip() for h in rows[0]]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        raise _fail(filename, "the columns are not separated by commas (found ';', tab or '|'): "
                    "export as comma-separated CSV")
    expected = [c for c in VIEW_COLUMNS if c not in DERIVED_COLUMNS]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in VIEW_COLUMNS]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected column(s): {', '.join(extra[:10])}")
        raise _fail(filename, "; ".join(parts) + ". Upload a file in the format of “Download filtered CSV”.")
    problems = []
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(filename, f"has {len(row)} cells, the header has {len(header)}", number))
            continue
        for column, cell in zip(header, row):
            if len(cell) > MAX_CELL_CHARS:
                problems.append(Problem(filename, f"cell longer than {MAX_CELL_CHARS:,} characters", number, column))
        body.append([_unneutralise(c) for c in row])
    if problems:
        raise PackageError(problems[:50])
    if not body:
        raise _fail(filename, "the CSV has a header but no rows")
    flat = pd.DataFrame(body, columns=header)
    flat.index = range(2, len(flat) + 2)
    tables = _tables_from_flat(flat, filename)
    descriptor = bundled_descriptor()
    descriptor.update(
        name=_package_name(filename),
        title=f"Uploaded flat CSV: {PurePosixPath(filename).name}",
        description="Rebuilt from a flat CSV upload. Quote verification is as recorded in the file, not re-checked.",
        sources=[{"title": f"Uploaded file {PurePosixPath(filename).name}"}],
    )
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        tables[resource["name"]].reindex(columns=fields, fill_value="").fillna("").to_csv(
            workdir / resource["path"], index=False, encoding="utf-8"
        )
    return load_package(workdir / "datapackage.json")


def _package_name(filename: str) -> str:
    stem = PurePosixPath(filename).stem.lower()
    cleaned = "".join(c if c.isalnum() else "-" for c in stem).strip("-")
    return (cleaned or "upload")[:60]


def _reverse(mapping: dict[str, str]) -> dict[str, str]:
    return {label: key for key, label in mapping.items()}


def _coded(flat: pd.DataFrame, column: str, mapping: dict[str, str], filename: str, required: bool) -> pd.Series:
    """Map readable labels back to codes, listing rows whose label is unknown."""
    reverse = _reverse(mapping)
    values = flat[column]
    bad = values[(values != "") & ~values.isin(reverse)] if not required else values[~values.isin(reverse)]
    if len(bad):
        allowed = ", ".join(mapping.values())
        raise PackageError(
            [Problem(filename, f"'{v[:40]}' is not one of: {allowed}", int(i), column) for i, v in bad.head(20).items()]
        )
    return values.map(reverse).fillna("")


def _unique(flat: pd.DataFrame, key: list[str], columns: list[str], filename: str, what: str) -> pd.DataFrame:
    """One row per key; rows that give the same key different values are reported."""
    part = flat[key + columns].drop_duplicates()
    clash = part[part.duplicated(key, keep=False)]
    if len(clash):
        first = clash.iloc[0]
        rows = [int(i) for i in clash.index[:5]]
        raise _fail(
            filename,
            f"{what} {', '.join(str(first[k]) for k in key)} is described differently on rows {rows}",
        )
    return part.reset_index(drop=True)


DATE_COLUMNS = ("stage_date", "source_published")
REQUIRED_COLUMNS = ("element", "element_id", "domain", "stage", "stage_id", "stage_date", "stage_basis", "status")


def _check_cells(flat: pd.DataFrame, filename: str) -> None:
    """Types and required cells, reported against the uploaded file's own rows and columns."""
    problems = []
    for column in REQUIRED_COLUMNS:
        for row in flat.index[flat[column].str.strip() == ""][:10]:
            problems.append(Problem(filename, "is required but empty", int(row), column))
    for column in DATE_COLUMNS:
        values = flat[column]
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        for row in flat.index[(values != "") & parsed.isna()][:10]:
            problems.append(Problem(filename, f"'{values[row][:20]}' is not a date as YYYY-MM-DD", int(row), column))
    strength = flat["strength"]
    for row in flat.index[(strength != "") & ~strength.str.fullmatch(r"\d{1,3}")][:10]:
        problems.append(Problem(filename, f"'{strength[row][:20]}' is not a whole number", int(row), "strength"))
    verified = flat["quote_verified"].str.lower()
    for row in flat.index[~verified.isin(["", "true", "false"])][:10]:
        problems.append(Problem(filename, "must be True, False or empty", int(row), "quote_verified"))
    if problems:
        raise PackageError(problems)


def _tables_from_flat(flat: pd.DataFrame, filename: str) -> dict[str, pd.DataFrame]:
    _check_cells(flat, filename)
    flat = flat.copy()
    flat["status_code"] = _coded(flat, "status", STATUS_LABELS, filename, required=True)
    flat["role_code"] = _coded(flat, "role", ROLE_LABELS, filename, required=False)
    flat["kind_code"] = _coded(flat, "actor_kind", KIND_LABELS, filename, required=False)
    flat["named_by_code"] = _coded(flat, "named_by", NAMED_BY_LABELS, filename, required=False)
    levels = pd.read_csv(BUNDLED.parent / "commitment_levels.csv", dtype=str, keep_default_na=False)

    stages = _unique(flat, ["stage_id"], ["stage", "stage_date", "stage_basis"], filename, "stage")
    stages = stages.rename(columns={"stage": "label", "stage_date": "date", "stage_basis": "basis"})
    stages["stage_order"] = stages["date"].rank(method="first").astype(int).astype(str)
    stages["description"] = ""

    elements = _unique(flat, ["element_id"], ["element", "domain", "element_summary"], filename, "element")
    elements = elements.rename(columns={"element": "name", "element_summary": "summary"})

    positions = _unique(flat, ["element_id", "stage_id"], ["status_code", "strength"], filename, "position")
    positions = positions.rename(columns={"status_code": "status", "strength": "commitment_level"})
    positions["note"] = ""

    cited = flat[flat["evidence_id"] != ""]
    evidence = _unique(
        cited,
        ["evidence_id"],
        ["element_id", "stage_id", "source_id", "locator", "evidence", "translation", "quote_verified"],
        filename,
        "evidence",
    ).rename(columns={"evidence": "quote", "quote_verified": "verified"})
    evidence["verified"] = evidence["verified"].str.lower()

    sources = _unique(
        cited,
        ["source_id"],
        ["source", "publisher", "source_published", "source_url", "source_kind", "quote_language", "reliability"],
        filename,
        "source",
    ).rename(columns={"source": "title", "source_published": "published", "source_url": "url",
                      "source_kind": "kind", "quote_language": "language"})
    sources["text_file"] = ""
    sources["pack_file"] = ""
    sources["note"] = "from a flat CSV upload"

    with_actor = flat[flat["actor_id"] != ""]
    actors = _unique(with_actor, ["actor_id"], ["actor", "kind_code", "affiliation"], filename, "actor")
    actors = actors.rename(columns={"actor": "name", "kind_code": "kind"})
    actors["office"] = ""
    element_actors = with_actor[["element_id", "stage_id", "actor_id", "role_code", "named_by_code", "evidence_id"]]
    element_actors = element_actors.rename(columns={"role_code": "role", "named_by_code": "named_by"})

    tables = {
        "stages": stages,
        "sources": sources,
        "elements": elements,
        "commitment_levels": levels,
        "positions": positions,
        "evidence": evidence,
        "actors": actors,
        "element_actors": element_actors.reset_index(drop=True),
        "events": pd.DataFrame(),
        "event_actors": pd.DataFrame(),
        "follow_up": pd.DataFrame(),
        "event_elements": pd.DataFrame(),
    }
    assert set(tables) == set(RESOURCES)
    return tables
