"""Compare two stages of an agreement element by element.

The draft is known only from press reports, so "not reported" and "absent" are different facts:
an element the draft reports and the final does not is "no longer reported", not "dropped",
unless a complete official text shows it is absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pact.load import DataPackage


@dataclass(frozen=True)
class ChangeType:
    key: str
    label: str
    symbol: str
    description: str


# Order matters: it is the legend and sorting order everywhere in the product.
CHANGE_TYPES = (
    ChangeType("strengthened", "Strengthened", "▲", "present at both stages, stronger commitment at the later one"),
    ChangeType("unchanged", "Same strength", "●", "present at both stages with the same commitment level"),
    ChangeType("weakened", "Weakened", "▼", "present at both stages, weaker commitment at the later one"),
    ChangeType("newly_reported", "Newly reported", "✚", "not reported at the earlier stage, present at the later one"),
    ChangeType("added", "Added", "+", "absent from the earlier stage's full text, present at the later one"),
    ChangeType("no_longer_reported", "No longer reported", "?", "present earlier; the later stage's sources are silent"),
    ChangeType("dropped", "Dropped", "✖", "present earlier, absent from the later stage's full text"),
    ChangeType("not_in_either", "In neither stage", "·", "not present at either of the two stages compared"),
)
CHANGE_BY_KEY = {c.key: c for c in CHANGE_TYPES}
# The one vocabulary of change classes: tiles, charts, sentences, the brief and the CSV all use these
# labels. Press silence is never "absence": "newly reported" never reads "appears" or "added", and
# "not reported" never reads "lacks" or "absent" (tests/test_vocabulary.py scans what is rendered).
CHANGE_LABELS = [c.label for c in CHANGE_TYPES]

STATUS_LABELS = {"present": "Present", "not_reported": "Not reported", "absent": "Absent"}
# A filtered extract (a "Download filtered CSV" file uploaded back) may hold an element at only one of
# the stages; what the other stage said is not in the file, which is not the same as "not reported".
NOT_IN_EXTRACT = "not_in_extract"
POSITION_LABELS = {**STATUS_LABELS, NOT_IN_EXTRACT: "Not in this extract"}


def classify(status_a: str, level_a, status_b: str, level_b) -> str:
    """Change type of one element between an earlier stage (a) and a later one (b)."""
    if status_a == "present" and status_b == "present":
        if level_b > level_a:
            return "strengthened"
        if level_b < level_a:
            return "weakened"
        return "unchanged"
    if status_b == "present":
        return "added" if status_a == "absent" else "newly_reported"
    if status_a == "present":
        return "dropped" if status_b == "absent" else "no_longer_reported"
    return "not_in_either"


def ordered_stages(package: DataPackage, stage_a: str, stage_b: str) -> tuple[str, str]:
    """The pair in chronological order, so a change always reads earlier -> later."""
    order = dict(zip(package.stages["stage_id"], package.stages["stage_order"]))
    return (stage_a, stage_b) if order[stage_a] <= order[stage_b] else (stage_b, stage_a)


def text_pair(package: DataPackage) -> tuple[str, str] | None:
    """The latest official text before the final stage, paired with the final (None if there is none).

    Where the earlier stage is known only from the press, a change may be press silence; between
    two official texts (in the Japan–EU package, the text put to the Council and the final) it is a
    change between texts, which the Overview shows beside the pair the analyst chose.
    """
    stages = package.stage_ids()
    official = [s for s in stages[:-1] if package.stage_basis(s) == "official_text"]
    return (official[-1], stages[-1]) if official else None


def compare(package: DataPackage, stage_a: str, stage_b: str) -> pd.DataFrame:
    """One row per element: its status and commitment at both stages and the change type."""
    stage_a, stage_b = ordered_stages(package, stage_a, stage_b)
    levels = package.commitment_levels.set_index("level")["commitment"]
    positions = package.positions.assign(
        commitment=package.positions["commitment_level"].map(levels),
    )
    cols = ["element_id", "status", "commitment_level", "commitment", "note"]
    a = positions.loc[positions["stage_id"] == stage_a, cols]
    b = positions.loc[positions["stage_id"] == stage_b, cols]
    recorded = package.descriptor.get("extract", {}).get("changes", {})
    out = package.elements.merge(a, on="element_id", how="left").merge(
        b, on="element_id", how="left", suffixes=("_a", "_b")
    )
    out = out[out["status_a"].notna() | out["status_b"].notna()]
    missing = out["status_a"].isna() | out["status_b"].isna()
    out[["status_a", "status_b"]] = out[["status_a", "status_b"]].fillna(NOT_IN_EXTRACT)
    out["change_type"] = [
        recorded.get(element_id, "not_in_either") if gap else classify(sa, la, sb, lb)
        for element_id, gap, sa, la, sb, lb in zip(
            out["element_id"], missing, out["status_a"], out["commitment_level_a"], out["status_b"], out["commitment_level_b"]
        )
    ]
    out["change"] = out["change_type"].map(lambda k: CHANGE_BY_KEY[k].label)
    out["change_symbol"] = out["change_type"].map(lambda k: CHANGE_BY_KEY[k].symbol)
    out["delta"] = (out["commitment_level_b"] - out["commitment_level_a"]).astype("Int64")
    out["stage_a"], out["stage_b"] = stage_a, stage_b
    rank = {c.key: i for i, c in enumerate(CHANGE_TYPES)}
    out = out.sort_values(
        ["domain", "change_type", "name"], key=lambda s: s.map(rank) if s.name == "change_type" else s
    )
    return out.reset_index(drop=True)


def one_stage_sentence(package: DataPackage) -> str:
    """Why a package coded at one stage has nothing to compare, in the package's own words where it gives them."""
    (stage,) = package.stage_ids()[-1:]
    block = package.descriptor.get("partnership")
    note = str(block.get("note") or "").strip() if isinstance(block, dict) else ""
    return (
        f"This partnership is coded at one stage only: {package.stage_label(stage)}. No earlier text of it is "
        "coded, so there is no draft-to-final comparison; what follows is what that stage's sources show."
        + (f" {note}" if note else "")
    )


@dataclass(frozen=True)
class Headline:
    in_a: int
    in_b: int
    carried_over: int
    newly_appearing: int  # newly reported, or added where a full earlier text shows it absent
    not_carried_over: int  # no longer reported, or dropped where a full later text shows it absent
    strengthened: int
    weakened: int
    total: int
    added: int = 0
    dropped: int = 0


def headline(comparison: pd.DataFrame) -> Headline:
    """The counts an analyst reads first."""
    change = comparison["change_type"]
    return Headline(
        in_a=int((comparison["status_a"] == "present").sum()),
        in_b=int((comparison["status_b"] == "present").sum()),
        carried_over=int(change.isin(["strengthened", "unchanged", "weakened"]).sum()),
        newly_appearing=int(change.isin(["newly_reported", "added"]).sum()),
        not_carried_over=int(change.isin(["no_longer_reported", "dropped"]).sum()),
        strengthened=int((change == "strengthened").sum()),
        weakened=int((change == "weakened").sum()),
        total=len(comparison),
        added=int((change == "added").sum()),
        dropped=int((change == "dropped").sum()),
    )


@dataclass(frozen=True)
class Tile:
    label: str
    value: int
    help: str


def _class_label(*keys: str, present: tuple[int, ...]) -> str:
    """The change-class label(s) a count covers: the first always, the full-text one only if it occurs."""
    first, *rest = keys
    words = [CHANGE_BY_KEY[first].label] + [CHANGE_BY_KEY[k].label.lower() for k, n in zip(rest, present) if n]
    return f"{CHANGE_BY_KEY[first].symbol} " + " or ".join(words)


def headline_tiles(h: Headline, label_a: str, label_b: str, basis_a: str = "") -> tuple[Tile, ...]:
    """The headline counts as the Overview and the brief show them, in the change-class vocabulary."""
    silence = (f" The {label_a} is known only from press reports: their silence is not absence."
               if basis_a == "press_reported" else "")
    return (
        Tile(f"Reported in {label_a}", h.in_a, "Elements a source says this stage contains."),
        Tile(f"Reported in {label_b}", h.in_b, "Elements a source says this stage contains."),
        Tile("Carried over", h.carried_over, "Present at both stages (same strength, strengthened or weakened)."),
        Tile(_class_label("newly_reported", "added", present=(h.added,)), h.newly_appearing,
             f"Present in the {label_b}; the {label_a}'s sources do not report it.{silence}"),
        Tile(_class_label("no_longer_reported", "dropped", present=(h.dropped,)), h.not_carried_over,
             f"Present in the {label_a}; the {label_b}'s sources do not report it."),
        Tile(f"{CHANGE_BY_KEY['strengthened'].symbol} {CHANGE_BY_KEY['strengthened'].label}", h.strengthened,
             CHANGE_BY_KEY["strengthened"].description.capitalize() + "."),
        Tile(f"{CHANGE_BY_KEY['weakened'].symbol} {CHANGE_BY_KEY['weakened'].label}", h.weakened,
             CHANGE_BY_KEY["weakened"].description.capitalize() + "."),
        Tile("Elements in view", h.total, "Elements the filters keep, whatever their change."),
    )


def change_by_domain(comparison: pd.DataFrame) -> pd.DataFrame:
    """Count of elements per domain and change type (long form, zero rows omitted)."""
    counts = comparison.groupby(["domain", "change"], observed=True).size().reset_index(name="elements")
    counts["change"] = pd.Categorical(counts["change"], categories=CHANGE_LABELS, ordered=True)
    return counts.sort_values(["domain", "change"]).reset_index(drop=True)
