"""Regenerate the spreadsheet corpus: a real "Download filtered CSV" file re-saved by LibreOffice Calc.

Run from the repository root with LibreOffice installed (Debian: ``apt-get install libreoffice-calc-nogui``):
``python tests/spreadsheet_uploads/make_corpus.py``. Each variant is what an analyst gets by opening the
download and saving it again; the files are committed (CI has no LibreOffice) and ``expected.csv``
records what uploading each one gives. Filter options are LibreOffice's CSV tokens: field separator,
text delimiter, character set (76 UTF-8, 1 Windows-1252), first line, column formats, language.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from pact import load_package  # noqa: E402
from pact.export import to_csv_bytes  # noqa: E402
from pact.filters import Filters, analysis_view, apply_filters  # noqa: E402

ORIGINAL = "download_search-dialogue.csv"
CSV_EXPORT = "csv:Text - txt - csv (StarCalc)"
# name: (import options, export options or None for the .xlsx round trip)
VARIANTS = {
    "libreoffice_defaults.csv": ("44,34,76,1", None),
    "libreoffice_utf8.csv": ("44,34,76,1,,1033", "44,34,76,1"),
    "libreoffice_german_semicolons.csv": ("44,34,76,1,,1031", "59,34,76,1"),
    "libreoffice_via_xlsx.csv": ("44,34,76,1,,1033", "xlsx"),
    "libreoffice_windows1252.csv": ("44,34,76,1,,1033", "44,34,1,1"),
    "libreoffice_windows1252_semicolons.csv": ("44,34,76,1,,1031", "59,34,1,1"),
}


def soffice(args: list[str], profile: Path, workdir: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", *args],
        cwd=workdir, check=True, capture_output=True, timeout=180,
    )


def convert(source: Path, target: Path, import_options: str, export: str | None, profile: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copyfile(source, work / "in.csv")
        infilter = f"--infilter=CSV:{import_options}"
        if export == "xlsx":
            soffice([infilter, "--convert-to", "xlsx", "in.csv"], profile, work)
            soffice(["--convert-to", f"{CSV_EXPORT}:44,34,76,1", "in.xlsx"], profile, work)
        elif export is None:
            soffice([infilter, "--convert-to", "csv", "in.csv", "--outdir", "out"], profile, work)
            (work / "out" / "in.csv").replace(work / "in.csv")
        else:
            soffice([infilter, "--convert-to", f"{CSV_EXPORT}:{export}", "in.csv", "--outdir", "out"], profile, work)
            (work / "out" / "in.csv").replace(work / "in.csv")
        shutil.copyfile(work / "in.csv", target)


def main() -> None:
    package = load_package(ROOT / "data" / "datapackage.json")
    view = analysis_view(package, "draft", "final")
    filtered = apply_filters(view, Filters(text="dialogue"), package.elements.set_index("name")["summary"])
    (HERE / ORIGINAL).write_bytes(to_csv_bytes(filtered))
    with tempfile.TemporaryDirectory() as profile:
        for name, (import_options, export) in VARIANTS.items():
            convert(HERE / ORIGINAL, HERE / name, import_options, export, Path(profile))
            print("wrote", name)


if __name__ == "__main__":
    main()
