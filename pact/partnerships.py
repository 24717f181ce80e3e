"""Compare partnerships coded in the same schema: domains covered and commitment strength."""

from __future__ import annotations

import pandas as pd

from pact.filters import Filters
from pact.load import DataPackage
from pact.topics import topic_label


def across_partnerships(filters: Filters) -> Filters:
    """The sidebar filters that mean the same in every partnership: actor, domain and search.

    A change type belongs to one package's pair of stages, so it does not carry across.
    """
    return Filters(actors=filters.actors, domains=filters.domains, text=filters.text)


def domain_profile(packages: dict[str, DataPackage], in_view: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Per partnership and domain, at each package's latest stage: elements present and their strength.

    ``in_view`` (label -> element ids) keeps only the elements the filters select.
    """
    frames = []
    for label, package in packages.items():
        latest = package.stage_ids()[-1]
        at = package.positions[(package.positions["stage_id"] == latest) & (package.positions["status"] == "present")]
        if in_view is not None:
            at = at[at["element_id"].isin(in_view.get(label, set()))]
        rows = at.merge(package.elements[["element_id", "domain"]], on="element_id")
        grouped = rows.groupby("domain").agg(
            elements=("element_id", "count"),
            mean_level=("commitment_level", "mean"),
            max_level=("commitment_level", "max"),
        )
        grouped["partnership"] = label
        grouped["stage"] = package.stage_label(latest)
        frames.append(grouped.reset_index())
    if not frames:
        return pd.DataFrame(columns=["partnership", "stage", "domain", "elements", "mean_level", "max_level"])
    out = pd.concat(frames, ignore_index=True)
    out["mean_level"] = out["mean_level"].astype(float).round(2)
    out["max_level"] = out["max_level"].astype(int)
    return out[["partnership", "stage", "domain", "elements", "mean_level", "max_level"]]


def profile_summary(profile: pd.DataFrame) -> str:
    if profile.empty:
        return "No partnership has present elements to compare."
    wide = profile.pivot_table(index="domain", columns="partnership", values="elements", aggfunc="sum").fillna(0)
    names = list(dict.fromkeys(profile["partnership"]))
    if len(names) < 2:
        return f"Only {names[0]} is available; add a second package to compare."
    a, b = names[:2]
    only_a = wide.index[(wide[a] > 0) & (wide[b] == 0)].tolist()
    only_b = wide.index[(wide[b] > 0) & (wide[a] == 0)].tolist()
    shared = int(((wide[a] > 0) & (wide[b] > 0)).sum())
    parts = [f"{shared} domain{' appears' if shared == 1 else 's appear'} in both"]
    if only_a:
        parts.append(f"only {a} covers {', '.join(only_a)}")
    if only_b:
        parts.append(f"only {b} covers {', '.join(only_b)}")
    return "; ".join(parts) + "."


def topic_alignment(packages: dict[str, DataPackage], in_view: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """One row per shared topic: each partnership's element, its commitment at the latest stage and the quote.

    ``in_view`` (label -> element ids) keeps only the elements the filters select; a topic no
    partnership has in view is left out. ``coverage`` says which partnerships have the topic.
    """
    labels = list(packages)
    rows: dict[str, dict] = {}
    for label, package in packages.items():
        latest = package.stage_ids()[-1]
        elements = package.elements
        if "topic" not in elements:
            continue
        if in_view is not None:
            elements = elements[elements["element_id"].isin(in_view.get(label, set()))]
        levels = package.commitment_levels.set_index("level")["commitment"]
        positions = package.positions[package.positions["stage_id"] == latest].set_index("element_id")
        quotes = (
            package.evidence[package.evidence["stage_id"] == latest]
            .merge(package.sources[["source_id", "publisher"]], on="source_id")
            .drop_duplicates("element_id").set_index("element_id")
        )
        for element in elements.sort_values("name").itertuples():
            position = positions.loc[element.element_id] if element.element_id in positions.index else None
            present = position is not None and position["status"] == "present"
            level = position["commitment_level"] if present else None
            cell = rows.setdefault(element.topic, {"topic": topic_label(element.topic), "topic_id": element.topic})
            entry = (
                f"{element.name} — {int(level)} {levels.get(level, '')}" if present
                else f"{element.name} — not reported at the {package.stage_label(latest)}"
            )
            cell[label] = f"{cell[label]}; {entry}" if label in cell else entry
            if present and element.element_id in quotes.index and f"{label} quote" not in cell:
                quote = quotes.loc[element.element_id]
                cell[f"{label} quote"] = f"“{quote['quote']}” — {quote['publisher']}, {quote['locator']}"
            if present:
                cell[f"{label} level"] = max(cell.get(f"{label} level", 0), int(level))
    columns = ["topic", "coverage"]
    for label in labels:
        columns += [label, f"{label} level", f"{label} quote"]
    out = pd.DataFrame(list(rows.values()))
    if out.empty:
        return pd.DataFrame(columns=columns + ["topic_id"])
    for label in labels:
        for column in (label, f"{label} level", f"{label} quote"):
            if column not in out:
                out[column] = pd.NA
    has = {label: out[f"{label} level"].notna() for label in labels}
    everywhere = _everywhere(labels)
    out["coverage"] = [
        everywhere if all(h.iloc[i] for h in has.values())
        else ("only " + " and ".join(label for label in labels if has[label].iloc[i])
              if any(h.iloc[i] for h in has.values()) else "none present")
        for i in range(len(out))
    ]
    for label in labels:
        out[f"{label} level"] = out[f"{label} level"].astype("Int64")
    return out.sort_values(["coverage", "topic"]).reset_index(drop=True)[columns + ["topic_id"]]


def _everywhere(labels: list[str]) -> str:
    return "both" if len(labels) == 2 else "all"


def alignment_summary(alignment: pd.DataFrame, labels: list[str]) -> str:
    if alignment.empty:
        return "No topic is in view for these filters."
    both = int((alignment["coverage"] == _everywhere(labels)).sum())
    parts = [f"{both} of {len(alignment)} topics are present in {' and '.join(labels)}"]
    for label in labels:
        only = alignment.loc[alignment["coverage"] == f"only {label}", "topic"].tolist()
        if only:
            shown = ", ".join(only[:5]) + (f" and {len(only) - 5} more" if len(only) > 5 else "")
            parts.append(f"only {label} has {shown}")
    return "; ".join(parts) + "."
