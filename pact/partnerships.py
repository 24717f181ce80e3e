"""Compare partnerships coded in the same schema: domains covered and commitment strength."""

from __future__ import annotations

import pandas as pd

from pact.load import DataPackage


def domain_profile(packages: dict[str, DataPackage]) -> pd.DataFrame:
    """Per partnership and domain, at each package's latest stage: elements present and their strength."""
    frames = []
    for label, package in packages.items():
        latest = package.stage_ids()[-1]
        at = package.positions[(package.positions["stage_id"] == latest) & (package.positions["status"] == "present")]
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
