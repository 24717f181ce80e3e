"""A short "what changed" brief, computed from the comparison, never written by hand."""

from __future__ import annotations

import pandas as pd

from pact.compare import headline


def _names(frame: pd.DataFrame, limit: int = 4) -> str:
    names = frame["name"].tolist()
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def what_changed(comparison: pd.DataFrame, label_a: str, label_b: str, basis_a: str) -> list[str]:
    """A few sentences on what changed between two stages, for the elements given."""
    if comparison.empty:
        return []
    h = headline(comparison)
    by_change = {key: comparison[comparison["change_type"] == key] for key in comparison["change_type"].unique()}
    sentences = [
        f"Of {_plural(h.total, 'element')} coded, {h.in_a} {'is' if h.in_a == 1 else 'are'} reported "
        f"in the {label_a} and {h.in_b} in the {label_b}; {h.carried_over} appear in both."
    ]
    if h.newly_appearing:
        new = pd.concat([by_change.get("newly_reported", comparison.iloc[:0]), by_change.get("added", comparison.iloc[:0])])
        top = new["domain"].value_counts()
        sentences.append(
            f"{_plural(h.newly_appearing, 'element')} first {'appears' if h.newly_appearing == 1 else 'appear'} in the {label_b} "
            f"({_names(new)}), most in {top.index[0]}."
        )
    if h.strengthened or h.weakened:
        moved = []
        if h.strengthened:
            moved.append(f"{h.strengthened} strengthened ({_names(by_change['strengthened'])})")
        if h.weakened:
            moved.append(f"{h.weakened} weakened ({_names(by_change['weakened'])})")
        sentences.append("Among elements in both, " + " and ".join(moved) + ".")
    elif h.carried_over:
        sentences.append("Every element found in both keeps the same commitment strength.")
    if h.not_carried_over:
        gone = pd.concat([by_change.get("no_longer_reported", comparison.iloc[:0]), by_change.get("dropped", comparison.iloc[:0])])
        sentences.append(
            f"{_plural(h.not_carried_over, 'element')} reported in the {label_a} "
            f"{'is' if h.not_carried_over == 1 else 'are'} not reported in the {label_b} ({_names(gone)})."
        )
    neither = by_change.get("not_in_either", comparison.iloc[:0])
    if len(neither):
        sentences.append(
            f"{_plural(len(neither), 'element')} {'is' if len(neither) == 1 else 'are'} reported at neither of these "
            f"two stages ({_names(neither)}); compare other stages in the sidebar to see where "
            f"{'it appears' if len(neither) == 1 else 'they appear'}."
        )
    if basis_a == "press_reported" and h.newly_appearing:
        sentences.append(
            f"The {label_a} is known only from press reports, so “newly reported” means the reporting "
            "was silent, not that the text lacked it."
        )
    return sentences
