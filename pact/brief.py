"""A short "what changed" brief, computed from the comparison, never written by hand."""

from __future__ import annotations

import pandas as pd

from pact.compare import CHANGE_BY_KEY, headline
from pact.text import plural

# What "newly reported" means when the earlier stage is known only from press reports; said in the
# sentences, the sidebar and the brief in the same words.
PRESS_SILENCE = ("“Not reported” means the reports of the {stage} are silent on an element, so “{newly}” "
                 "does not show that the {stage} left it out.")


def press_silence(stage_label: str) -> str:
    """What press silence about a stage means, in the change-class words."""
    return PRESS_SILENCE.format(newly=CHANGE_BY_KEY["newly_reported"].label.lower(), stage=stage_label)


def _names(frame: pd.DataFrame, limit: int = 4) -> str:
    names = frame["name"].tolist()
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _is(count: int) -> str:
    return plural(count, "is", "are", counted=False)


def pair_line(comparison: pd.DataFrame, label_a: str, label_b: str, named: bool = True) -> str:
    """One line on a second stage pair, in the change-class words: what carried over, what is no longer reported.

    ``named=False`` leaves out the leading "A → B: " where a heading already names the pair.
    """
    if comparison.empty:
        return f"No element in view is coded at the {label_a} or the {label_b}."
    h = headline(comparison)
    by_change = {key: comparison[comparison["change_type"] == key] for key in ("newly_reported", "added",
                                                                              "no_longer_reported", "dropped")}
    moved = [f"{n} {CHANGE_BY_KEY[k].label.lower()}" for k, n in (("strengthened", h.strengthened),
                                                                   ("weakened", h.weakened)) if n]
    parts = [f"{h.carried_over} carried over" + (f" ({', '.join(moved)})" if moved else
                                                 " at the same strength" if h.carried_over else "")]
    for key, extra in (("no_longer_reported", "dropped"), ("newly_reported", "added")):
        rows = pd.concat([by_change[key], by_change[extra]])
        if len(rows):
            what = CHANGE_BY_KEY[key].label.lower() + (f" or {CHANGE_BY_KEY[extra].label.lower()}"
                                                        if len(by_change[extra]) else "")
            parts.append(f"{len(rows)} {what} ({_names(rows)})")
        else:
            parts.append(f"0 {CHANGE_BY_KEY[key].label.lower()}")
    said = "; ".join(parts) + "."
    return f"{label_a} → {label_b}: {said}" if named else said[0].upper() + said[1:]


def what_changed(comparison: pd.DataFrame, label_a: str, label_b: str, basis_a: str) -> list[str]:
    """A few sentences on what changed between two stages, for the elements given."""
    if comparison.empty:
        return []
    h = headline(comparison)
    by_change = {key: comparison[comparison["change_type"] == key] for key in comparison["change_type"].unique()}
    none = comparison.iloc[:0]
    sentences = [
        f"Of {plural(h.total, 'element')} coded, {h.in_a} {_is(h.in_a)} reported "
        f"in the {label_a} and {h.in_b} in the {label_b}; {h.carried_over} {_is(h.carried_over)} reported in both."
    ]
    if h.newly_appearing:
        new = pd.concat([by_change.get("newly_reported", none), by_change.get("added", none)])
        top = new["domain"].value_counts()
        what = CHANGE_BY_KEY["newly_reported"].label.lower() + (" or added" if h.added else "")
        sentences.append(
            f"{plural(h.newly_appearing, 'element')} {_is(h.newly_appearing)} {what} in the {label_b} "
            f"({_names(new)}), most in {top.index[0]}."
        )
    if h.strengthened or h.weakened:
        moved = []
        if h.strengthened:
            moved.append(f"{h.strengthened} {CHANGE_BY_KEY['strengthened'].label.lower()} ({_names(by_change['strengthened'])})")
        if h.weakened:
            moved.append(f"{h.weakened} {CHANGE_BY_KEY['weakened'].label.lower()} ({_names(by_change['weakened'])})")
        sentences.append("Among elements in both, " + " and ".join(moved) + ".")
    elif h.carried_over:
        sentences.append(
            "The element found in both keeps the same commitment strength." if h.carried_over == 1
            else "Every element found in both keeps the same commitment strength."
        )
    if h.not_carried_over:
        gone = pd.concat([by_change.get("no_longer_reported", none), by_change.get("dropped", none)])
        sentences.append(
            f"{plural(h.not_carried_over, 'element')} reported in the {label_a} "
            f"{_is(h.not_carried_over)} not reported in the {label_b} ({_names(gone)})."
        )
    neither = by_change.get("not_in_either", none)
    if len(neither):
        sentences.append(
            f"{plural(len(neither), 'element')} {_is(len(neither))} reported at neither of these "
            f"two stages ({_names(neither)}); compare other stages in the sidebar to see where "
            f"{plural(len(neither), 'it is', 'they are', counted=False)} reported."
        )
    if basis_a == "press_reported" and h.newly_appearing:
        sentences.append(f"The {label_a} is known only from press reports: " + press_silence(label_a))
    return sentences


def what_one_stage_covers(comparison: pd.DataFrame, label: str) -> list[str]:
    """For a package coded at one stage: what that stage's sources show, domain by domain, and what they do not."""
    present = comparison[comparison["status_b"] == "present"]
    silent = comparison[comparison["status_b"] != "present"]
    if present.empty:
        lines = [f"No element is reported at the {label} by a source the coding rules accept."]
    else:
        domains = present.groupby("domain", sort=True)["name"].apply(list)
        lines = [f"{plural(len(present), 'element')} {_is(len(present))} reported at the {label}, in "
                 f"{plural(len(domains), 'domain')}:"]
        lines += [f"{domain}: {', '.join(names)}." for domain, names in domains.items()]
    if not silent.empty:
        lines.append(f"{plural(len(silent), 'element')} coded for this partnership {_is(len(silent))} not reported at "
                     f"the {label} ({_names(silent)}): its sources are silent, which does not mean the text lacks it.")
    return lines
