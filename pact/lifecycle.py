"""The agreement's life, element by element: its status at every stage, then what was done since.

Follow-up is read honestly: a row is dated public evidence that an element was acted on after the
final stage (``held``, ``launched`` or ``announced``). No row means "no public record found through
<the date the package says it searched through>", never "not implemented"; a package that does not
say it searched claims nothing about follow-up at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pact.load import DataPackage
from pact.text import link_target, plural, source_titles

# Furthest along first: the order of legends, metrics and "how far along" ranking.
FOLLOW_UP_STATUSES = ("held", "launched", "announced")
FOLLOW_UP_LABELS = {"held": "Held", "launched": "Launched", "announced": "Announced"}
FOLLOW_UP_SYMBOLS = {"held": "▲", "launched": "■", "announced": "◆"}
FOLLOW_UP_MEANINGS = {
    "held": "an activity under the element took place (a dialogue met, an exercise was conducted)",
    "launched": "formally started (negotiations opened, a mechanism inaugurated)",
    "announced": "planned, scheduled or committed again, not yet held",
}
PRECISION_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}
# What "launched" means depends on the element: an agreement is not launched, its negotiations are.
LAUNCHED_WHAT = (("agreement", "Negotiations launched"), ("dialogue", "Dialogue launched"),
                 ("consultation", "Consultations launched"))


def follow_up_label(status: str, element: str = "") -> str:
    """A follow-up row's status in words that say what happened: "Negotiations launched", not "Launched"."""
    if status == "launched":
        for word, label in LAUNCHED_WHAT:
            if word in str(element).casefold():
                return label
    return FOLLOW_UP_LABELS.get(status, str(status).replace("_", " "))


def follow_up_status(label: str) -> str | None:
    """The status a row's label stands for ("Negotiations launched" -> "launched")."""
    for status in FOLLOW_UP_STATUSES:
        if label == FOLLOW_UP_LABELS[status] or str(label).casefold().endswith(status):
            return status
    return None


def _empty_follow_up() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ("element_id", "date", "date_precision", "status",
                                                              "source_id", "locator", "quote", "translation",
                                                              "verified", "event_id", "note")})


def follow_up_table(package: DataPackage) -> pd.DataFrame:
    return package.tables.get("follow_up", _empty_follow_up())


def event_elements_table(package: DataPackage) -> pd.DataFrame:
    return package.tables.get("event_elements", pd.DataFrame({"event_id": [], "element_id": []}, dtype=str))


@dataclass(frozen=True)
class Searched:
    """Through when the package's sources vouch for follow-up (None: not searched), and when they were searched."""

    through: date | None
    on: date | None = None

    @property
    def claimed(self) -> bool:
        return self.through is not None

    @property
    def in_words(self) -> str:
        return f"{self.through:%-d %B %Y}" if self.through else ""

    def no_record(self) -> str:
        """What an element without follow-up rows means, in words an analyst can quote."""
        if not self.claimed:
            return "Follow-up was not searched for this package, so nothing is claimed about it."
        return f"No public record found through {self.in_words}."

    @property
    def reach(self) -> str:
        """How far the search reaches, in one sentence: shown once where follow-up is counted."""
        if not self.claimed:
            return "Follow-up was not searched for this package, so nothing is claimed about it."
        if self.on is None or self.on <= self.through:
            return (f"Searched through {self.in_words}; no record is not evidence of inaction, and nothing after "
                    "that date was searched.")
        month_end = (pd.Timestamp(self.through) + pd.offsets.MonthEnd(0)).date() == self.through
        vouched = f"{self.through:%B %Y}" if month_end else self.in_words
        return (f"Searched on {self.on:%-d %B %Y}; public pages after {vouched} are sparse, so no record after "
                "that date is not evidence of inaction.")


def _descriptor_date(raw) -> date | None:
    parsed = pd.to_datetime(str(raw), format="%Y-%m-%d", errors="coerce") if raw else pd.NaT
    return None if pd.isna(parsed) else parsed.date()


def searched_in(descriptor: Mapping) -> Searched:
    """``follow_up_searched_through`` (how far the search vouches) and ``follow_up_searched_on`` (optional)."""
    return Searched(_descriptor_date(descriptor.get("follow_up_searched_through")),
                    _descriptor_date(descriptor.get("follow_up_searched_on")))


def searched(package: DataPackage) -> Searched:
    return searched_in(package.descriptor)


def follow_up_reach(descriptor: Mapping) -> str:
    """The search's reach in words an analyst reads once, from the descriptor alone.

    With both dates: "Searched on 1 December 2026; public pages after March 2026 are sparse, so no record
    after that date is not evidence of inaction." A package without ``follow_up_searched_on`` falls back
    to its searched-through date.
    """
    return searched_in(descriptor).reach


def shown_date(when: pd.Timestamp, precision: str) -> str:
    return when.strftime(PRECISION_FORMATS.get(precision, "%-d %b %Y"))


def follow_up_rows(package: DataPackage, element_ids) -> pd.DataFrame:
    """Every follow-up row of these elements, newest first, with element and source readable."""
    rows = follow_up_table(package)
    rows = rows[rows["element_id"].isin(list(element_ids))]
    sources = package.sources.assign(title=source_titles(package.sources))[["source_id", "publisher", "title", "url",
                                                                          "reliability"]]
    out = rows.merge(package.elements[["element_id", "name", "domain"]], on="element_id").merge(
        sources, on="source_id", how="left"
    )
    out = out.sort_values(["date", "element_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "element_id": out["element_id"],
            "element": out["name"],
            "domain": out["domain"],
            "date": out["date"],
            "when": [shown_date(d, p) for d, p in zip(out["date"], out["date_precision"])],
            "date_precision": out["date_precision"],
            "status": [follow_up_label(status, name) for status, name in zip(out["status"], out["name"])],
            "quote": out["quote"],
            "translation (ours)": out["translation"].replace("", pd.NA),
            "verified": out["verified"],
            "source": out["publisher"] + ": " + out["title"],
            "reliability": out["reliability"],
            "locator": out["locator"],
            "url": out["url"].map(link_target),  # only http(s) sources become links
            "note": out["note"],
        }
    )


def latest_by_element(package: DataPackage, elements: pd.DataFrame) -> pd.DataFrame:
    """One row per element in view: its latest follow-up (or the honest "no record" wording)."""
    rows = follow_up_rows(package, elements["element_id"])
    latest = rows.drop_duplicates("element_id").set_index("element_id")
    rank = {s: i for i, s in enumerate(FOLLOW_UP_STATUSES)}
    furthest = (
        rows.assign(rank=rows["status"].map(follow_up_status).map(rank)).sort_values("rank", kind="stable")
        .drop_duplicates("element_id").set_index("element_id")["status"]
    )
    out = elements[["element_id", "name", "domain"]].rename(columns={"name": "element"}).reset_index(drop=True)
    ids = out["element_id"]
    recorded = ids.isin(latest.index)
    out["latest"] = ids.map(latest["when"]).where(recorded, "—")
    out["latest status"] = ids.map(latest["status"]).where(recorded, searched(package).no_record())
    out["furthest along"] = ids.map(furthest).where(recorded, "—")
    out["records"] = ids.map(rows.groupby("element_id").size()).fillna(0).astype(int)
    out["quote"] = ids.map(latest["quote"]).where(recorded, "")
    out["source"] = ids.map(latest["source"]).where(recorded, "")
    out["url"] = ids.map(latest["url"]).where(recorded, None)
    out["date"] = ids.map(latest["date"])
    return out.sort_values(["records", "date"], ascending=[False, False], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class FollowUpHeadline:
    elements: int
    with_any: int
    held: int
    launched: int
    announced: int

    @property
    def without(self) -> int:
        return self.elements - self.with_any


def follow_up_headline(package: DataPackage, element_ids) -> FollowUpHeadline:
    """Elements in view with any follow-up, and with at least one record of each status."""
    element_ids = list(dict.fromkeys(element_ids))
    rows = follow_up_table(package)
    rows = rows[rows["element_id"].isin(element_ids)]
    per_status = rows.groupby("status")["element_id"].nunique()
    return FollowUpHeadline(
        elements=len(element_ids),
        with_any=int(rows["element_id"].nunique()),
        **{status: int(per_status.get(status, 0)) for status in FOLLOW_UP_STATUSES},
    )


def follow_up_sentence(package: DataPackage, elements: pd.DataFrame) -> str:
    """One sentence for the brief: how many elements were acted on since the final, which furthest, as of when."""
    scope = searched(package)
    if not scope.claimed:
        return "Follow-up after the final stage was not searched for this package, so nothing is claimed about it."
    head = follow_up_headline(package, elements["element_id"])
    if head.with_any == 0:
        among = "The element in view has" if head.elements == 1 else f"None of the {head.elements} elements in view has"
        return (f"{among} {'no' if head.elements == 1 else 'a'} public record of follow-up through {scope.in_words}. "
                f"{scope.reach}")
    latest = latest_by_element(package, elements)
    held = latest[latest["furthest along"] == FOLLOW_UP_LABELS["held"]].head(3)
    named = held if len(held) else latest[latest["records"] > 0].head(3)
    examples = "; ".join(
        f"{element} ({furthest.lower()}, latest {latest_date})"
        for element, furthest, latest_date in zip(named["element"], named["furthest along"], named["latest"])
    )
    # The reach sentence that closes the summary says once that silence is not evidence of inaction.
    others = {0: "", 1: " The other element has no public record found."}
    return (
        f"Through {scope.in_words}, {head.with_any} of {plural(head.elements, 'element')} in view "
        f"{plural(head.with_any, 'has', 'have', counted=False)} public follow-up "
        f"since the final ({head.held} held, {head.launched} launched, {head.announced} announced); furthest "
        f"along: {examples}."
        + others.get(head.without, f" The other {head.without} have no public record found.")
        + f" {scope.reach}"
    )


def lifecycle_marks(package: DataPackage, elements: pd.DataFrame) -> pd.DataFrame:
    """One mark per element and stage (status, commitment) and per follow-up row, along time.

    ``mark_id`` identifies a mark for a click; ``evidence`` (with our ``translation``, empty if none) and
    ``source`` say what it rests on.
    """
    columns = ["mark_id", "element_id", "element", "domain", "date", "kind", "mark", "state", "symbol", "when",
               "evidence", "translation", "source"]
    levels = package.commitment_levels.set_index("level")["commitment"]
    first_quote = (
        package.evidence.merge(package.sources[["source_id", "publisher"]], on="source_id")
        .drop_duplicates(["element_id", "stage_id"])[["element_id", "stage_id", "quote", "translation", "publisher",
                                                      "locator"]]
    )
    stage = (
        package.positions[package.positions["element_id"].isin(elements["element_id"])]
        .merge(package.stages[["stage_id", "label", "date"]], on="stage_id")
        .merge(elements[["element_id", "name", "domain"]], on="element_id")
        .merge(first_quote, on=["element_id", "stage_id"], how="left")
    )
    present = stage["status"] == "present"
    level = stage["commitment_level"]
    stage_marks = pd.DataFrame({
        "mark_id": "stage:" + stage["element_id"] + ":" + stage["stage_id"],
        "element_id": stage["element_id"], "element": stage["name"], "domain": stage["domain"],
        "date": stage["date"], "kind": "stage", "mark": stage["label"],
        "state": ("Present · " + level.map(levels).fillna("")).where(present, "Not reported"),
        "symbol": level.astype("string").where(present & level.notna(), "·"),
        "when": stage["date"].dt.strftime("%-d %b %Y"),
        "evidence": stage["quote"].fillna(""),
        "translation": stage["translation"].fillna(""),
        "source": (stage["publisher"] + ", " + stage["locator"]).fillna(""),
    })
    follow = follow_up_rows(package, elements["element_id"]).reset_index(drop=True)
    follow_marks = pd.DataFrame({
        "mark_id": "follow_up:" + follow["element_id"] + ":" + follow.index.astype(str),
        "element_id": follow["element_id"], "element": follow["element"], "domain": follow["domain"],
        "date": follow["date"], "kind": "follow-up", "mark": follow["status"].map(follow_up_status).map(FOLLOW_UP_LABELS),
        "state": follow["status"], "symbol": follow["status"].map(follow_up_status).map(FOLLOW_UP_SYMBOLS),
        "when": follow["when"],
        "evidence": follow["quote"], "translation": follow["translation (ours)"].fillna(""),
        "source": follow["source"] + ", " + follow["locator"],
    })
    marks = pd.concat([stage_marks, follow_marks], ignore_index=True)[columns]
    return marks.sort_values(["domain", "element", "date"], kind="stable").reset_index(drop=True)


def lifecycle_summary(package: DataPackage, elements: pd.DataFrame) -> str:
    if elements.empty:
        return "No elements match the filters."
    stages = package.stages.sort_values("stage_order")
    positions = package.positions[package.positions["element_id"].isin(elements["element_id"])]
    present = positions[positions["status"] == "present"].groupby("stage_id").size()
    parts = [f"{int(present.get(s.stage_id, 0))} in the {s.label}" for s in stages.itertuples()]
    scope = searched(package)
    head = follow_up_headline(package, elements["element_id"])
    after = (
        f"{head.with_any} {plural(head.with_any, 'has', 'have', counted=False)} public follow-up through "
        f"{scope.in_words}" if scope.claimed else "follow-up was not searched"
    )
    return f"Of {plural(len(elements), 'element')}, present {', '.join(parts)}; since the final, {after}."


def focus_window(package: DataPackage, margin_days: int = 21) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span that matters: from the first stage to the last follow-up (or the final stage), with a margin."""
    dates = package.stages["date"]
    follow = follow_up_table(package)["date"]
    end = max(dates.max(), follow.max()) if len(follow.dropna()) else dates.max()
    margin = pd.Timedelta(days=margin_days)
    return dates.min() - margin, end + margin


def events_in(events: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DataFrame:
    """The events inside ``window`` (all of them when it is None)."""
    if window is None:
        return events
    return events[(events["date"] >= window[0]) & (events["date"] <= window[1])]


@dataclass(frozen=True)
class FollowUpView:
    """Everything the follow-up views show for a set of elements, computed together."""

    headline: FollowUpHeadline
    sentence: str
    summary: str
    marks: pd.DataFrame
    latest: pd.DataFrame
    history: pd.DataFrame


def follow_up_view(package: DataPackage, element_ids) -> FollowUpView:
    elements = package.elements[package.elements["element_id"].isin(list(element_ids))]
    return FollowUpView(
        headline=follow_up_headline(package, elements["element_id"]),
        sentence=follow_up_sentence(package, elements),
        summary=lifecycle_summary(package, elements),
        marks=lifecycle_marks(package, elements),
        latest=latest_by_element(package, elements),
        history=follow_up_rows(package, elements["element_id"]),
    )
