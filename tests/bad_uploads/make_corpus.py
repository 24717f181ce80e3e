"""Regenerate the corpus of broken and hostile uploads (and zips as people make them) from the small test package.

Run from the repository root: ``python tests/bad_uploads/make_corpus.py``. The files are kept in
git so the corpus is reviewable; this script documents how each was made.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

from conftest import TINY, write_package  # noqa: E402
from pact import load_package  # noqa: E402
from pact.codebook import bundle_zip  # noqa: E402
from pact.export import to_csv_bytes  # noqa: E402
from pact.filters import analysis_view  # noqa: E402


def flat_text() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        package = load_package(write_package(Path(tmp), json.loads(json.dumps(TINY))))
        return to_csv_bytes(analysis_view(package, "draft", "final")).decode("utf-8-sig")


def package_zip(mutate=None, extra: dict[str, bytes] | None = None, folder: str = "") -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        tables = json.loads(json.dumps(TINY))
        if mutate:
            mutate(tables)
        path = write_package(Path(tmp), tables)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(path.parent.rglob("*")):
                if file.is_file():
                    archive.write(file, folder + file.relative_to(path.parent).as_posix())
            for name, data in (extra or {}).items():
                archive.writestr(name, data)
        return buffer.getvalue()


def main() -> None:
    text = flat_text()
    header, *rows = text.split("\r\n")
    files: dict[str, bytes] = {
        "empty.csv": b"",
        "semicolons.csv": text.replace(",", ";").encode(),
        "missing_column.csv": "\r\n".join([header.replace("element,", "", 1)] + [r.split(",", 1)[-1] for r in rows]).encode(),
        "extra_column.csv": "\r\n".join([header + ",mood"] + [r + ",happy" if r else r for r in rows]).encode(),
        "wrong_type.csv": text.replace(",establish / conduct,4,", ",establish / conduct,strong,", 1).encode(),
        "impossible_date.csv": text.replace("2024-09-21", "2024-02-30").encode(),
        "conflicting_duplicate.csv": text.replace("Security dialogue", "Security talks", 1).encode(),
        "unknown_role.csv": text.replace(",Party,", ",Overlord,", 1).encode(),
        "latin1.csv": text.replace("Security dialogue", "Sécurité dialogue").encode("latin-1", errors="replace"),
        "utf16.csv": text.encode("utf-16"),
        "binary.csv": bytes(range(256)) * 4,
        "no_rows.csv": (header + "\r\n").encode(),
        "long_cell.csv": text.replace("A regular dialogue.", "x" * 6000).encode(),
        "not_a_zip.zip": b"PK\x03\x04 this is not really a zip",
        "nested.zip": package_zip(extra={"deeper/folder/positions.csv": b"a,b\n"}),
        "traversal.zip": package_zip(extra={"../evil.csv": b"a,b\n"}),
        "bomb.zip": package_zip(extra={"sources/bomb.txt": b"0" * (30 * 1024 * 1024)}),
        "dangling_key.zip": package_zip(lambda t: t["element_actors"][0].update(actor_id="atlantis")),
        "duplicate_key.zip": package_zip(lambda t: t["elements"].append(dict(t["elements"][0]))),
        "bad_enum.zip": package_zip(lambda t: t["positions"][0].update(status="maybe")),
        "no_descriptor.zip": zipfile_without_descriptor(),
        # Zips as people make them: these load.
        "folder.zip": package_zip(folder="mypkg/"),  # zip -r mypkg.zip mypkg/
        "folder_macos.zip": package_zip(folder="mypkg/", extra=MAC_JUNK),  # Finder's "Compress"
        "folder_windows.zip": package_zip(folder="mypkg/", extra=WINDOWS_JUNK),  # "Send to compressed folder"
        "top_level_macos.zip": package_zip(extra={"__MACOSX/._datapackage.json": b"\x00\x05\x16\x07", ".DS_Store": b"Bud1"}),
        "own_download.zip": own_download(),
        "two_folders.zip": package_zip(folder="mypkg/", extra={"other/notes.csv": b"a,b\n"}),
        "semicolons_cp1252.csv": text.replace("Security dialogue", "Sécurité").replace(",", ";").encode("cp1252"),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(files)} files to {HERE}")


MAC_JUNK = {"__MACOSX/mypkg/._elements.csv": b"\x00\x05\x16\x07", "mypkg/.DS_Store": b"\x00\x00\x00\x01Bud1"}
WINDOWS_JUNK = {"mypkg/Thumbs.db": b"\xd0\xcf\x11\xe0", "mypkg/desktop.ini": b"[.ShellClassInfo]\r\n"}


def own_download() -> bytes:
    """The dashboard's own "Download data package (zip)" of the test package."""
    with tempfile.TemporaryDirectory() as tmp:
        package = load_package(write_package(Path(tmp), json.loads(json.dumps(TINY))))
        view = analysis_view(package, "draft", "final")
        return bundle_zip(package, "no filters", to_csv_bytes(view), "readme")


def zipfile_without_descriptor() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("positions.csv", "element_id,stage_id\n")
    return buffer.getvalue()


if __name__ == "__main__":
    main()
