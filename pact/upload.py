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
import shutil
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd

from pact.compare import CHANGE_TYPES, STATUS_LABELS
from pact.curation import check_quotes, research_pack, source_texts
from pact.export import unneutralise
from pact.filters import KIND_LABELS, NAMED_BY_LABELS, ROLE_LABELS, VIEW_COLUMNS
from pact.load import BUNDLED, OPTIONAL_RESOURCES, RESOURCES, DataPackage, PackageError, Problem, load_package
from pact.text import plural

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 25 * 1024 * 1024
MAX_ZIP_ENTRIES = 64
MAX_CELL_CHARS = 5_000
METADATA_KEYS = ("name", "title", "description", "version", "created", "licenses", "sources", "contributors", "keywords",
                 "follow_up_searched_through")
# Columns the dashboard computes itself; the flat CSV carries them but they are not read back.
DERIVED_COLUMNS = ("change",)


def _fail(file: str, message: str, row: int | None = None, field: str | None = None) -> PackageError:
    return PackageError([Problem(file, message, row, field)])


def problem_text(problem: dict) -> str:
    """One upload problem (as the upload page keeps it) in a line: where, then what."""
    where = problem["file"]
    if problem.get("row") is not None:
        where += f", row {problem['row']}"
    if problem.get("field"):
        where += f", field '{problem['field']}'"
    return f"{where}: {problem['problem']}"


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


# What operating systems add when they zip a folder: macOS's resource forks and Finder state,
# Windows' thumbnail cache and folder settings. They are skipped, never extracted.
OS_JUNK_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
OS_JUNK_FOLDERS = ("__MACOSX",)


def is_os_junk(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        any(part in OS_JUNK_FOLDERS for part in path.parts)
        or path.name in OS_JUNK_NAMES
        or path.name.startswith("._")
    )


def _allowed_member(name: str) -> bool:
    path = PurePosixPath(name)
    if len(path.parts) == 1:
        return path.suffix in (".csv", ".json", ".txt", ".md")
    return len(path.parts) == 2 and path.parts[0] == "sources" and path.suffix == ".txt"


def _package_folder(names: list[str]) -> str:
    """The one folder holding the package ("" for the top level), as ``zip -r pkg.zip pkg/`` makes it."""
    if "datapackage.json" in names:
        return ""
    tops = {PurePosixPath(n).parts[0] for n in names}
    if len(tops) == 1 and all(len(PurePosixPath(n).parts) > 1 for n in names):
        return tops.pop() + "/"
    return ""


def _read_zip(filename: str, data: bytes, workdir: Path) -> DataPackage:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(filename, f"the zip archive cannot be read: {exc}") from None
    members = [m for m in entries if not is_os_junk(m.filename)]
    if len(members) > MAX_ZIP_ENTRIES or len(entries) > 4 * MAX_ZIP_ENTRIES:
        raise _fail(filename, f"the zip holds {len(members)} files; at most {MAX_ZIP_ENTRIES} are accepted")
    problems = []
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or "\\" in name or ".." in PurePosixPath(name).parts:
            problems.append(Problem(filename, f"unsafe path in zip: '{name}' (absolute or leaving the folder)"))
    if problems:
        raise PackageError(problems)
    folder = _package_folder([m.filename for m in members])
    placed = []
    for member in members:
        name = member.filename
        inside = name[len(folder):] if name.startswith(folder) else name
        if not name.startswith(folder) or not _allowed_member(inside):
            problems.append(
                Problem(filename, f"unexpected entry '{name}': a data package zip holds datapackage.json, its CSV "
                        "tables and sources/*.txt, either at the top level or all inside one folder")
            )
        placed.append((member, inside))
    if problems:
        raise PackageError(problems)
    if "datapackage.json" not in {inside for _, inside in placed}:
        raise _fail(filename, "no datapackage.json in the zip, neither at the top level nor inside its one folder")

    budget = MAX_UNZIPPED_BYTES
    (workdir / "sources").mkdir(parents=True, exist_ok=True)
    for member, inside in placed:
        target = workdir / inside
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
        if resource["name"] in OPTIONAL_RESOURCES and not (workdir / resource["path"]).exists():
            # A package written before v1.1 has no follow-up tables: it loads with them empty.
            header = ",".join(f["name"] for f in resource["schema"]["fields"])
            (workdir / resource["path"]).write_text(header + "\n", encoding="utf-8")
        _check_csv_encoding(workdir / resource["path"], resource["path"])
        _restore_neutralised(workdir / resource["path"])
    return load_package(workdir / "datapackage.json")


def _check_csv_encoding(path: Path, label: str) -> None:
    if path.is_file():
        _decode(path.read_bytes(), label)


def _restore_neutralised(path: Path) -> None:
    """Take off the apostrophe the dashboard's zip download puts before formula-like cells."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8-sig")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return  # left for validation to report with its row and field
    restored = [[unneutralise(cell) for cell in row] for row in rows]
    if restored != rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(restored)
        path.write_text(buffer.getvalue(), encoding="utf-8")


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


def _decode_for_checks(data: bytes, filename: str) -> tuple[str, list[Problem]]:
    """The text, and the encoding problem if any: a Windows-1252 file is still read, so that its other
    problems (a semicolon separator, say) are reported in the same answer rather than on the next try."""
    try:
        return _decode(data, filename), []
    except PackageError as exc:
        if "not UTF-8" not in exc.problems[0].message:
            raise  # UTF-16 or binary: nothing more can be read
        return data.decode("cp1252", errors="replace"), exc.problems


def _read_flat_csv(filename: str, data: bytes, workdir: Path) -> DataPackage:
    text, problems = _decode_for_checks(data, filename)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise PackageError([*problems, Problem(filename, f"the CSV cannot be parsed: {exc}")]) from None
    if not rows or not any(rows[0]):
        raise PackageError([*problems, Problem(filename, "the CSV has no header row")])
    header = [h.strip() for h in rows[0]]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        raise PackageError([*problems, Problem(
            filename, "the columns are not separated by commas (found ';', tab or '|'): save it as "
            "comma-separated “CSV UTF-8” (in LibreOffice: field delimiter “,”)")])
    expected = [c for c in VIEW_COLUMNS if c not in DERIVED_COLUMNS]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in VIEW_COLUMNS]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected column(s): {', '.join(extra[:10])}")
        problems.append(Problem(filename, "; ".join(parts) + ". Upload a file in the format of “Download filtered CSV”."))
        raise PackageError(problems)
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
        body.append([unneutralise(c) for c in row])
    if problems:
        raise PackageError(problems[:50])
    if not body:
        raise _fail(filename, "the CSV has a header but no rows")
    flat = pd.DataFrame(body, columns=header)
    flat.index = range(2, len(flat) + 2)
    tables = _tables_from_flat(flat, filename)
    changes = _recorded_changes(flat, tables, filename)
    workdir.mkdir(parents=True, exist_ok=True)
    checked = _recheck_quotes(tables, workdir)
    descriptor = bundled_descriptor()
    description = (
        f"Rebuilt from a flat CSV upload. {checked} of {len(tables['evidence'])} quotes were re-checked against "
        "their source's text (the dashboard's own sources); the others keep the file's flag and are counted "
        "as not re-checked."
    )
    if changes:
        description += (
            f" The file is a filtered extract: {plural(len(changes), 'element is', 'elements are')} in it at only some stages; positions "
            "the file does not hold are shown as not in this extract, never as not reported, and their change "
            "is the one the file records."
        )
        descriptor["extract"] = {"changes": changes}
    descriptor.update(
        name=_package_name(filename),
        title=f"Uploaded flat CSV: {PurePosixPath(filename).name}",
        description=description,
        sources=[{"title": f"Uploaded file {PurePosixPath(filename).name}"}],
    )
    (workdir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        tables[resource["name"]].reindex(columns=fields, fill_value="").fillna("").to_csv(
            workdir / resource["path"], index=False, encoding="utf-8"
        )
    return load_package(workdir / "datapackage.json")


def _recorded_changes(flat: pd.DataFrame, tables: dict[str, pd.DataFrame], filename: str) -> dict[str, str]:
    """Change types the file records for elements it holds at only some stages (a filtered extract).

    Such an element's change was computed from positions the file does not carry, so it is read back
    as recorded instead of being recomputed from half the facts.
    """
    positions, stages = tables["positions"], tables["stages"]
    covered = positions.groupby("element_id")["stage_id"].nunique()
    partial = covered.index[(covered < len(stages)) | (len(stages) < 2)]
    if partial.empty:
        return {}
    if "change" not in flat:
        raise _fail(filename, "the file holds some elements at only one stage (a filtered extract) but has no "
                    "'change' column to say how they changed; upload the file as downloaded")
    keys = {c.label: c.key for c in CHANGE_TYPES}
    rows = flat[flat["element_id"].isin(partial)]
    bad = rows[~rows["change"].isin(keys)]
    if len(bad):
        raise PackageError([Problem(filename, f"'{v[:40]}' is not one of: {', '.join(keys)}", int(i), "change")
                            for i, v in bad["change"].head(20).items()])
    recorded = _unique(rows, ["element_id"], ["change"], filename, "the change of element")
    return {e: keys[c] for e, c in zip(recorded["element_id"], recorded["change"])}


def _recheck_quotes(tables: dict[str, pd.DataFrame], workdir: Path) -> int:
    """Re-check the file's quotes against the texts of the dashboard's own sources; returns how many.

    A source is the dashboard's when a bundled package has the same id and URL; its text is then at
    hand (a shipped text is copied into the working folder, a research-pack text is found by path).
    The ``verified`` flag of a re-checked quote is the check's result, whatever the file said.
    """
    sources, evidence = tables["sources"], tables["evidence"]
    known = pd.concat(
        [pd.read_csv(path.parent / "sources.csv", dtype=str, keep_default_na=False).assign(root=str(path.parent))
         for path in [BUNDLED, *sorted(BUNDLED.parent.glob("*/datapackage.json"))]]
    ).drop_duplicates(["source_id", "url"])
    matched = sources[["source_id", "url"]].reset_index().merge(known, on=["source_id", "url"], how="inner")
    for row in matched.itertuples():
        shipped = Path(row.root) / row.text_file if row.text_file else None
        if shipped is not None and shipped.is_file():
            (workdir / row.text_file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shipped, workdir / row.text_file)
            sources.at[row.index, "text_file"] = row.text_file
        sources.at[row.index, "pack_file"] = row.pack_file
    texts = source_texts(sources, workdir, research_pack())
    fresh = check_quotes(evidence, texts)
    evidence["verified"] = fresh.map({True: "true", False: "false"}).where(fresh.notna(), evidence["verified"])
    return int(fresh.notna().sum())


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
