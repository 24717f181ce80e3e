"""The atlas: every bundled partnership side by side, topic by topic, at its final stage.

A cell is one partnership and one topic of the shared vocabulary (:mod:`pact.topics`). What the
sources say is kept apart from what they do not: a topic can be present (with its commitment level,
named and never averaged, and the quote it rests on), coded but not reported at the final stage,
left out by the analyst's filters, or not in that partnership's sources at all. None of the last
three says the partnership lacks the topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from pact.catalogue import Entry
from pact.compare import CHANGE_BY_KEY, CHANGE_TYPES, compare
from pact.load import DataPackage
from pact.topics import DOMAIN_OF_TOPIC, TOPIC_IDS, topic_label

PRESENT, NOT_REPORTED, FILTERED_OUT, NOT_CODED = "present", "not_reported", "filtered_out", "not_coded"
CELL_LABELS = {
    PRESENT: "Present",
    NOT_REPORTED: "Not reported at the final",
    FILTERED_OUT: "Outside the filters",
    NOT_CODED: "Not in this partnership's sources",
}
# What a cell prints, so that its state never rests on colour alone.
CELL_MARKS = {NOT_REPORTED: "n.r.", FILTERED_OUT: "○", NOT_CODED: "–"}
RELIABILITY_RANK = {"high": 0, "medium": 1, "low": 2}

MATRIX_COLUMNS = [
    "partnership", "signed", "topic_id", "topic", "domain", "cell", "state", "mark", "level", "commitment",
    "element_id", "element", "stage", "quote", "translation", "source", "locator", "url", "reliability",
]


def final_stage(package: DataPackage) -> str:
    return package.stage_ids()[-1]


def _best_evidence(package: DataPackage, element_ids: Iterable[str], stage_id: str) -> pd.DataFrame:
    """Per element, the quote an analyst sees: the most reliable source first, then file order."""
    evidence = package.evidence[
        (package.evidence["stage_id"] == stage_id) & package.evidence["element_id"].isin(list(element_ids))
    ]
    evidence = evidence.merge(
        package.sources[["source_id", "publisher", "url", "reliability"]], on="source_id", how="left"
    )
    rank = evidence["reliability"].map(RELIABILITY_RANK).fillna(3)
    return (
        evidence.assign(_rank=rank, _order=range(len(evidence)))
        .sort_values(["_rank", "_order"]).drop_duplicates("element_id").set_index("element_id")
    )


def matrix(packages: dict[str, DataPackage], in_view: dict[str, set[str]] | None = None,
           signed: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per topic and partnership (long form): the cell's state, level and evidence.

    ``packages`` maps a partnership's label to its package, in the order to show them.
    ``in_view`` (label -> element ids) holds the elements the analyst's filters select; without it
    nothing is filtered out. Topics no partnership codes are left out; the rest follow the
    vocabulary's order.
    """
    rows = []
    coded_topics: set[str] = set()
    for package in packages.values():
        if "topic" in package.elements:
            coded_topics |= set(package.elements["topic"])
    topics = [t for t in TOPIC_IDS if t in coded_topics] + sorted(coded_topics - set(TOPIC_IDS) - {""})
    for label, package in packages.items():
        stage = final_stage(package)
        stage_label = package.stage_label(stage)
        elements = package.elements if "topic" in package.elements else package.elements.assign(topic="")
        levels = package.commitment_levels.set_index("level")["commitment"]
        at = package.positions[package.positions["stage_id"] == stage].set_index("element_id")
        present_ids = set(at.index[at["status"] == "present"])
        chosen = in_view.get(label, set()) if in_view is not None else None
        by_topic = elements.groupby("topic")["element_id"].apply(list).to_dict()
        wanted = [eid for ids in by_topic.values() for eid in ids if eid in present_ids]
        quotes = _best_evidence(package, wanted, stage)
        names = elements.set_index("element_id")["name"]
        for topic in topics:
            ids = by_topic.get(topic, [])
            row = {"partnership": label, "signed": (signed or {}).get(label, ""), "topic_id": topic,
                   "topic": topic_label(topic), "domain": DOMAIN_OF_TOPIC.get(topic, ""), "stage": stage_label}
            shown = [eid for eid in ids if chosen is None or eid in chosen]
            present = [eid for eid in shown if eid in present_ids]
            if not ids:
                row["cell"] = NOT_CODED
            elif not shown:
                row["cell"] = FILTERED_OUT
            elif not present:
                row["cell"] = NOT_REPORTED
                row["element"] = "; ".join(names[eid] for eid in shown)
                row["element_id"] = shown[0]
            else:
                row["cell"] = PRESENT
                # The strongest commitment the partnership makes on the topic; several elements are
                # listed, never averaged (the levels are an ordinal scale).
                best = max(present, key=lambda eid: at.at[eid, "commitment_level"])
                level = int(at.at[best, "commitment_level"])
                row.update(level=level, commitment=str(levels.get(level, "")), element_id=best,
                           element="; ".join(names[eid] for eid in present))
                if best in quotes.index:
                    quote = quotes.loc[best]
                    row.update(quote=quote["quote"], translation=quote["translation"], source=quote["publisher"],
                               locator=quote["locator"], url=quote["url"], reliability=quote["reliability"])
            rows.append(row)
    out = pd.DataFrame(rows, columns=MATRIX_COLUMNS)
    out["state"] = out["cell"].map(CELL_LABELS)
    out["mark"] = [str(int(level)) if cell == PRESENT else CELL_MARKS.get(cell, "")
                   for cell, level in zip(out["cell"], out["level"])]
    out["level"] = out["level"].astype("Int64")
    text = [c for c in MATRIX_COLUMNS if c not in ("level",)]
    for column in text:
        out[column] = out[column].map(lambda value: "" if pd.isna(value) else str(value))
    return out


def coverage(cells: pd.DataFrame) -> pd.DataFrame:
    """Per topic: in how many partnerships' sources it is present, and which; silence counted apart."""
    if cells.empty:
        return pd.DataFrame(columns=["topic", "domain", "present", "present in", "not reported", "not in sources",
                                     "outside the filters", "topic_id"])
    grouped = cells.groupby("topic_id", sort=False)
    out = pd.DataFrame({
        "topic": grouped["topic"].first(),
        "domain": grouped["domain"].first(),
        "present": grouped["cell"].apply(lambda s: int((s == PRESENT).sum())),
        "present in": grouped.apply(
            lambda g: ", ".join(g.loc[g["cell"] == PRESENT, "partnership"]), include_groups=False),
        "not reported": grouped["cell"].apply(lambda s: int((s == NOT_REPORTED).sum())),
        "not in sources": grouped["cell"].apply(lambda s: int((s == NOT_CODED).sum())),
        "outside the filters": grouped["cell"].apply(lambda s: int((s == FILTERED_OUT).sum())),
    })
    out["topic_id"] = out.index
    return out.sort_values("present", ascending=False, kind="stable").reset_index(drop=True)


def only_here(cells: pd.DataFrame) -> pd.DataFrame:
    """Per partnership, the topics present in its sources and in no other partnership's (of those shown)."""
    present = cells[cells["cell"] == PRESENT]
    counts = present.groupby("topic_id")["partnership"].nunique()
    single = present[present["topic_id"].map(counts) == 1]
    labels = list(dict.fromkeys(cells["partnership"]))
    silent = cells[cells["cell"] == NOT_REPORTED]

    def silent_elsewhere(label: str) -> str:
        # Coded elsewhere at an earlier stage but silent at the final: "only here" must not hide it.
        topics = single.loc[single["partnership"] == label, "topic_id"]
        found = silent[silent["topic_id"].isin(topics)]
        return "; ".join(f"{t}: {', '.join(g['partnership'])}" for t, g in found.groupby("topic", sort=False))

    return pd.DataFrame({
        "partnership": labels,
        "topics present only here": [", ".join(single.loc[single["partnership"] == label, "topic"]) for label in labels],
        "count": [int((single["partnership"] == label).sum()) for label in labels],
        "coded elsewhere, not reported at the final": [silent_elsewhere(label) for label in labels],
    })


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def summary(cells: pd.DataFrame) -> str:
    """The atlas in one sentence: how many topics, the most widely present, and what silence means."""
    if cells.empty:
        return "No partnership is selected."
    labels = list(dict.fromkeys(cells["partnership"]))
    table = coverage(cells)
    shown = table[table["present"] > 0]
    if shown.empty:
        return (f"No topic is present in the sources of the {_plural(len(labels), 'partnership')} shown "
                "for these filters.")
    widest = shown[shown["present"] == shown["present"].max()]
    names = ", ".join(widest["topic"].head(3)) + (f" and {len(widest) - 3} more" if len(widest) > 3 else "")
    single = int((shown["present"] == 1).sum())
    return (
        f"{_plural(len(shown), 'topic')} present across {_plural(len(labels), 'partnership')}. "
        f"Most widely present: {names} ({shown['present'].max()} of {len(labels)}). "
        f"{_plural(single, 'topic is', 'topics are')} present in one partnership's sources only. "
        "A cell marked n.r. or – means the sources are silent, not that the partnership lacks the topic."
    )


def signatures(entries: Iterable[Entry]) -> pd.DataFrame:
    """When each partnership was signed (the atlas's order), saying where the date is inferred."""
    rows = [{"partnership": e.label, "signed": pd.Timestamp(e.signed) if e.signed else pd.NaT,
             "date": e.signed_text, "inferred": e.signed_inferred, "region": e.region, "note": e.note}
            for e in entries]
    out = pd.DataFrame(rows, columns=["partnership", "signed", "date", "inferred", "region", "note"])
    return out.sort_values("signed", na_position="last", kind="stable").reset_index(drop=True)


def signatures_summary(signed: pd.DataFrame) -> str:
    if signed.empty:
        return "No partnership is selected."
    inferred = signed.loc[signed["inferred"], "partnership"].tolist()
    return (
        f"{_plural(len(signed), 'partnership')} signed from {signed['date'].iloc[0]} ({signed['partnership'].iloc[0]}) "
        f"to {signed['date'].iloc[-1]} ({signed['partnership'].iloc[-1]})."
        + (f" Date inferred, as no source states it: {', '.join(inferred)} (hollow diamond)." if inferred else "")
    )


def draft_changes(packages: dict[str, DataPackage], in_view: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """For each partnership with a press-reported draft: elements per change type, draft -> final.

    Long form (partnership, change, elements, names); only partnerships that code a draft appear.
    """
    rows = []
    for label, package in packages.items():
        stages = package.stage_ids()
        drafts = [s for s in stages if package.stage_basis(s) == "press_reported"]
        if not drafts or drafts[0] == stages[-1]:
            continue
        comparison = compare(package, drafts[0], stages[-1])
        if in_view is not None:
            comparison = comparison[comparison["element_id"].isin(in_view.get(label, set()))]
        for change in CHANGE_TYPES:
            names = comparison.loc[comparison["change_type"] == change.key, "name"].tolist()
            if names:
                rows.append({"partnership": label, "change_type": change.key, "change": change.label,
                             "elements": len(names), "names": ", ".join(names)})
    return pd.DataFrame(rows, columns=["partnership", "change_type", "change", "elements", "names"])


def draft_changes_summary(changes: pd.DataFrame) -> str:
    if changes.empty:
        return "No partnership shown has a press-reported draft to compare with its final."
    parts = []
    for label, group in changes.groupby("partnership", sort=False):
        counts = dict(zip(group["change_type"], group["elements"]))
        new = counts.get("newly_reported", 0)
        gone = counts.get("no_longer_reported", 0)
        parts.append(
            f"{label}: {_plural(new, 'element')} {CHANGE_BY_KEY['newly_reported'].label.lower()} at the final, "
            f"{gone} {CHANGE_BY_KEY['no_longer_reported'].label.lower()}"
        )
    return "; ".join(parts) + ". The drafts are known only from press reports."


def follow_up_counts(packages: dict[str, DataPackage], in_view: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Per partnership: public follow-up found since the final, where its sources were searched."""
    rows = []
    for label, package in packages.items():
        through = package.descriptor.get("follow_up_searched_through")
        follow = package.follow_up
        if in_view is not None:
            follow = follow[follow["element_id"].isin(in_view.get(label, set()))]
        if not through:
            rows.append({"partnership": label, "searched through": "not searched", "records": pd.NA,
                         "elements with a record": pd.NA, "latest record": ""})
            continue
        latest = follow["date"].max() if not follow.empty else None
        rows.append({
            "partnership": label,
            "searched through": str(through),
            "records": len(follow),
            "elements with a record": int(follow["element_id"].nunique()),
            "latest record": latest.date().isoformat() if latest is not None and pd.notna(latest) else "none found",
        })
    out = pd.DataFrame(rows, columns=["partnership", "searched through", "records", "elements with a record",
                                      "latest record"])
    for column in ("records", "elements with a record"):
        out[column] = out[column].astype("Int64")
    return out


def download_table(cells: pd.DataFrame) -> pd.DataFrame:
    """The matrix as analysts download it: one row per topic and partnership, in words."""
    return cells[["partnership", "signed", "topic", "domain", "state", "level", "commitment", "element", "stage",
                  "quote", "translation", "source", "locator", "url", "reliability"]]


@dataclass(frozen=True)
class AtlasView:
    """Everything the atlas page draws, computed together from the same packages and filters."""

    cells: pd.DataFrame
    coverage: pd.DataFrame
    only_here: pd.DataFrame
    draft_changes: pd.DataFrame
    follow_up: pd.DataFrame

    @property
    def table(self) -> pd.DataFrame:
        return download_table(self.cells)


def atlas_view(packages: dict[str, DataPackage], in_view: dict[str, set[str]] | None = None,
               signed: dict[str, str] | None = None) -> AtlasView:
    cells = matrix(packages, in_view, signed)
    return AtlasView(cells, coverage(cells), only_here(cells), draft_changes(packages, in_view),
                     follow_up_counts(packages, in_view))


def family_rows(cells: pd.DataFrame, label: str) -> pd.DataFrame:
    """One partnership against the others shown: per topic it codes, its own cell and which others have it.

    For a memo on one partnership; the others' silence stays silence (they are counted only where present).
    """
    mine = cells[(cells["partnership"] == label) & cells["cell"].isin([PRESENT, NOT_REPORTED])]
    others = cells[(cells["partnership"] != label) & (cells["cell"] == PRESENT)]
    total = cells.loc[cells["partnership"] != label, "partnership"].nunique()
    rows = []
    for cell in mine.itertuples():
        having = others.loc[others["topic_id"] == cell.topic_id, "partnership"].tolist()
        here = f"{cell.level} {cell.commitment}".strip() if cell.cell == PRESENT else CELL_LABELS[NOT_REPORTED].lower()
        rows.append({"topic": cell.topic, "here": here, "others": len(having), "of": total,
                     "present in": ", ".join(having)})
    return pd.DataFrame(rows, columns=["topic", "here", "others", "of", "present in"])


def family_summary(cells: pd.DataFrame, label: str) -> str:
    rows = family_rows(cells, label)
    if rows.empty:
        return f"No topic of {label} is in view for these filters."
    present = rows[rows["here"] != CELL_LABELS[NOT_REPORTED].lower()]
    alone = present.loc[present["others"] == 0, "topic"].tolist()
    total = int(rows["of"].iloc[0])
    text = (f"{label} has {_plural(len(present), 'topic')} present at its final; compared with "
            f"{_plural(total, 'other partnership')} in the same coding.")
    if alone:
        text += f" Present in no other's sources: {', '.join(alone)}."
    return text + " The others' silence on a topic is not absence."
