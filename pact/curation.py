"""Check evidence quotes against the texts they claim to come from.

A quote counts as verified when it occurs verbatim in its source's text once runs of whitespace
are collapsed (line breaks in retrieved pages are not the author's). The text is a shipped official
text (``sources.text_file``, under the package folder) or the research pack's retrieved copy
(``sources.pack_file``, under the pack root). Where neither text is at hand the result is unknown,
never guessed.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pandas as pd

from pact.paths import resolve
from pact.problems import Problem

DEFAULT_PACK = Path(__file__).resolve().parent.parent.parent / "shared"
QUOTED_TABLES = ("evidence", "events", "follow_up")


def research_pack() -> Path:
    return Path(os.environ.get("PACT_RESEARCH_PACK") or DEFAULT_PACK)


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _inside(root: Path, relative: str) -> Path | None:
    """The file ``relative`` under ``root``, or None if it is missing or would escape ``root``."""
    if not relative:
        return None
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root.resolve()) or not candidate.is_file():
        return None
    return candidate


def source_files(sources: pd.DataFrame, package_dir: Path, pack_root: Path) -> dict[str, Path]:
    """The text file of every source whose text can be found: shipped with the package, else the pack's."""
    files = {}
    for row in sources.itertuples():
        path = _inside(package_dir, row.text_file) or _inside(pack_root, row.pack_file)
        if path is not None:
            files[row.source_id] = path
    return files


def source_texts(sources: pd.DataFrame, package_dir: Path, pack_root: Path) -> dict[str, str]:
    """Normalised text of every source whose text can be found."""
    return {
        source_id: normalise(path.read_text(encoding="utf-8", errors="replace"))
        for source_id, path in source_files(sources, package_dir, pack_root).items()
    }


def check_quotes(frame: pd.DataFrame, texts: dict[str, str]) -> pd.Series:
    """True/False per row where the source text is available, else <NA>."""
    results = [
        (normalise(quote) in texts[source_id]) if source_id in texts else pd.NA
        for quote, source_id in zip(frame["quote"], frame["source_id"])
    ]
    return pd.Series(results, index=frame.index, dtype="boolean")


def rechecked(tables: dict[str, pd.DataFrame], package_dir: Path, pack_root: Path | None = None) -> dict[str, pd.Series]:
    """Per quoted table, which rows' source text was at hand, so their ``verified`` flag was checked now."""
    available = set(source_files(tables["sources"], package_dir, pack_root or research_pack()))
    return {name: tables[name]["source_id"].isin(available) for name in QUOTED_TABLES}


def verification_wording(quotes: pd.DataFrame, what: str = "quotes") -> str:
    """"N of M quotes verified against their source", counting only quotes checked when loading.

    A quote whose source text is not at hand keeps the flag it came with, but is never counted as
    verified: it is reported as not re-checked.
    """
    checked = quotes["rechecked"] if "rechecked" in quotes else pd.Series(True, index=quotes.index)
    verified = int((quotes["verified"].astype(bool) & checked).sum())
    wording = f"{verified} of {len(quotes)} {what} verified against their source"
    unchecked = int((~checked).sum())
    if unchecked:
        wording += f" · {unchecked} not re-checked (source text not at hand)"
    return wording


def verification_problems(
    tables: dict[str, pd.DataFrame], package_dir: Path, pack_root: Path | None = None
) -> list[Problem]:
    """Rows whose recorded ``verified`` flag disagrees with a fresh check."""
    texts = source_texts(tables["sources"], package_dir, pack_root or research_pack())
    problems = []
    for name in QUOTED_TABLES:
        frame = tables[name]
        fresh = check_quotes(frame, texts)
        wrong = fresh.notna() & (fresh != frame["verified"].astype("boolean"))
        for idx in frame.index[wrong.fillna(False)]:
            state = "is not found" if frame.at[idx, "verified"] else "is found"
            problems.append(
                Problem(
                    f"{name}.csv",
                    f"quote marked verified={bool(frame.at[idx, 'verified'])} but {state} in source "
                    f"{frame.at[idx, 'source_id']}'s text",
                    int(idx) + 2,
                    "verified",
                )
            )
    return problems


def curate(path: str | os.PathLike | None = None, pack_root: Path | None = None) -> dict[str, tuple[int, int, int]]:
    """Re-check every quote and write the result into the ``verified`` columns.

    Returns, per table, (verified, not found, text unavailable). Rows whose text is unavailable
    are recorded as not verified.
    """
    descriptor_path = resolve(path)
    package_dir = descriptor_path.parent
    sources = pd.read_csv(package_dir / "sources.csv", dtype=str, keep_default_na=False)
    texts = source_texts(sources, package_dir, pack_root or research_pack())
    summary = {}
    for name in QUOTED_TABLES:
        file = package_dir / f"{name}.csv"
        if not file.is_file():  # follow_up.csv is absent from packages written before v1.1
            continue
        frame = pd.read_csv(file, dtype=str, keep_default_na=False)
        fresh = check_quotes(frame, texts)
        frame["verified"] = fresh.fillna(False).map({True: "true", False: "false"})
        frame.to_csv(file, index=False, encoding="utf-8", lineterminator="\n")
        summary[name] = (int(fresh.fillna(False).sum()), int((fresh == False).sum()), int(fresh.isna().sum()))  # noqa: E712
    return summary
