"""The flat analysis view and the filters the dashboard applies to it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pact.compare import POSITION_LABELS, STATUS_LABELS, compare
from pact.lifecycle import event_elements_table
from pact.load import DataPackage
from pact.text import link_target, source_titles

ROLE_LABELS = {
    "party": "Party",
    "implementer": "Implementer",
    "partner": "Partner",
    "named_concern": "Named concern",
    "mentioned": "Mentioned",
}
KIND_LABELS = {
    "state": "State",
    "international_organisation": "International organisation",
    "institution": "Institution",
    "person": "Person",
    "armed_force": "Armed force",
    "operation": "Operation",
}
NAMED_BY_LABELS = {"parties": "The parties", "press": "Press framing only"}

# Columns of the flat view, in export order; the CSV download is exactly these.
VIEW_COLUMNS = [
    "element",
    "domain",
    "stage",
    "stage_date",
    "status",
    "commitment",
    "strength",
    "change",
    "actor",
    "actor_kind",
    "affiliation",
    "role",
    "named_by",
    "source",
    "publisher",
    "locator",
    "evidence",
    "translation",
    "quote_verified",
    "source_url",
    "reliability",
    "source_kind",
    "source_published",
    "quote_language",
    "element_summary",
    "stage_basis",
    "element_id",
    "stage_id",
    "actor_id",
    "source_id",
    "evidence_id",
]


def analysis_view(package: DataPackage, stage_a: str, stage_b: str) -> pd.DataFrame:
    """One row per element x stage x actor for the two compared stages, with readable columns.

    Each actor row carries the evidence that names the actor; an element-stage with no actor
    (typically a not-reported position) keeps one row with the actor left empty, so exports never
    silently lose a coded position.
    """
    comparison = compare(package, stage_a, stage_b)
    stages = package.stages[package.stages["stage_id"].isin([stage_a, stage_b])]
    levels = package.commitment_levels.set_index("level")["commitment"]

    rows = (
        package.positions[package.positions["stage_id"].isin(stages["stage_id"])]
        .merge(comparison[["element_id", "name", "domain", "summary", "change"]], on="element_id")
        .merge(stages[["stage_id", "label", "date", "stage_order", "basis"]], on="stage_id")
        .merge(package.element_actors, on=["element_id", "stage_id"], how="left")
        .merge(package.actors, on="actor_id", how="left", suffixes=("", "_actor"))
    )
    # Positions without actors still need their evidence: take the first quote of that position.
    first_evidence = package.evidence.drop_duplicates(["element_id", "stage_id"])[["element_id", "stage_id", "evidence_id"]]
    fallback = rows[["element_id", "stage_id"]].merge(first_evidence, how="left", on=["element_id", "stage_id"])
    rows["evidence_id"] = rows["evidence_id"].where(rows["evidence_id"].notna(), fallback["evidence_id"].to_numpy())
    rows = rows.merge(package.evidence.drop(columns=["element_id", "stage_id"]), on="evidence_id", how="left")
    rows = rows.merge(
        package.sources[["source_id", "title", "publisher", "url", "kind", "published", "language", "reliability"]].rename(
            columns={"title": "source_title", "kind": "source_kind"}
        ),
        on="source_id",
        how="left",
    )

    view = pd.DataFrame(
        {
            "element": rows["name"],
            "domain": rows["domain"],
            "stage": rows["label"],
            "stage_date": rows["date"].dt.date,
            "status": rows["status"].map(STATUS_LABELS),
            "commitment": rows["commitment_level"].map(levels),
            "strength": rows["commitment_level"],
            "change": rows["change"],
            "actor": rows["name_actor"],
            "actor_kind": rows["kind"].map(KIND_LABELS),
            "affiliation": rows["affiliation"],
            "role": rows["role"].map(ROLE_LABELS),
            "named_by": rows["named_by"].map(NAMED_BY_LABELS),
            "source": rows["source_title"],
            "publisher": rows["publisher"],
            "locator": rows["locator"],
            "evidence": rows["quote"],
            "translation": rows["translation"].replace("", pd.NA),
            "quote_verified": rows["verified"].astype("boolean"),
            "source_url": rows["url"].replace("", pd.NA),
            "reliability": rows["reliability"],
            "source_kind": rows["source_kind"],
            "source_published": rows["published"].dt.date,
            "quote_language": rows["language"],
            "element_summary": rows["summary"],
            "stage_basis": rows["basis"],
            "element_id": rows["element_id"],
            "stage_id": rows["stage_id"],
            "actor_id": rows["actor_id"],
            "source_id": rows["source_id"],
            "evidence_id": rows["evidence_id"],
        }
    )
    order = pd.DataFrame({"domain": view["domain"], "element": view["element"], "stage_order": rows["stage_order"],
                          "actor": view["actor"]})
    del rows  # the wide join is the largest frame here; let it go before sorting copies the view
    positions = order.sort_values(list(order.columns), na_position="last").index
    return view.take(positions).reset_index(drop=True)


@dataclass(frozen=True)
class Filters:
    """What the analyst has selected in the sidebar. Empty means "all"."""

    actors: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.actors or self.domains or self.changes or self.text.strip())

    def describe(self) -> str:
        parts = []
        if self.actors:
            parts.append("actor: " + ", ".join(self.actors))
        if self.domains:
            parts.append("domain: " + ", ".join(self.domains))
        if self.changes:
            parts.append("change: " + ", ".join(self.changes))
        if self.text.strip():
            parts.append(f'text: "{self.text.strip()}"')
        return "; ".join(parts) if parts else "no filters"

    def statement(self) -> str:
        """The one line under every page title and in the brief: "Filtered: actor = China"; empty when unfiltered."""
        parts = [f"{name} = {', '.join(values)}" for name, values in
                 (("actor", self.actors), ("domain", self.domains), ("change", self.changes)) if values]
        if self.text.strip():
            parts.append(f"search = “{self.text.strip()}”")
        return "Filtered: " + " · ".join(parts) if parts else ""


SEARCHED_COLUMNS = ("element", "evidence", "translation", "domain")


def apply_filters(view: pd.DataFrame, filters: Filters, summaries: pd.Series | None = None) -> pd.DataFrame:
    """Rows of the flat view the filters select.

    The actor filter keeps exactly the rows whose actor is one of those chosen. ``summaries``
    (element name -> summary) lets the free-text search also match element summaries.
    """
    if not filters.active:
        return view  # nothing to filter: no need to copy a frame that may hold 100 000 rows
    keep = pd.Series(True, index=view.index)
    if filters.actors:
        keep &= view["actor"].isin(filters.actors)
    if filters.domains:
        keep &= view["domain"].isin(filters.domains)
    if filters.changes:
        keep &= view["change"].isin(filters.changes)
    needle = filters.text.strip().casefold()
    if needle:
        hit = pd.Series(False, index=view.index)
        for column in SEARCHED_COLUMNS:
            hit |= view[column].fillna("").astype(str).str.casefold().str.contains(needle, regex=False)
        if summaries is not None:
            hit |= view["element"].map(summaries).fillna("").str.casefold().str.contains(needle, regex=False)
        keep &= hit
    return view[keep]


def filter_comparison(comparison: pd.DataFrame, filtered_view: pd.DataFrame) -> pd.DataFrame:
    """Comparison rows of the elements left in the filtered view."""
    return comparison[comparison["element_id"].isin(filtered_view["element_id"])]


def actor_events(package: DataPackage, actor_names: tuple[str, ...]) -> pd.DataFrame:
    """Events, with their actors and elements listed; only those involving one of ``actor_names`` if given."""
    names = package.event_actors.merge(package.actors[["actor_id", "name"]], on="actor_id")
    listed = names.groupby("event_id")["name"].agg(lambda s: ", ".join(sorted(s)))
    concerned = event_elements_table(package).merge(package.elements[["element_id", "name"]], on="element_id")
    elements = concerned.groupby("event_id")["name"].agg(lambda s: ", ".join(sorted(s)))
    events = package.events.assign(
        actors=package.events["event_id"].map(listed).fillna(""),
        elements=package.events["event_id"].map(elements).fillna(""),
    )
    if actor_names:
        involved = names.loc[names["name"].isin(actor_names), "event_id"]
        events = events[events["event_id"].isin(involved)]
    sources = package.sources.assign(title=source_titles(package.sources))[["source_id", "title", "url"]].rename(
        columns={"title": "source_title", "url": "source_url"})
    events = events.merge(sources, on="source_id", how="left")
    events["source_url"] = events["source_url"].map(link_target)
    return events.sort_values("date").reset_index(drop=True)


def evidence_for(package: DataPackage, element_id: str, stage_ids: list[str]) -> pd.DataFrame:
    """Every quote behind one element at the given stages, with its source, in stage order."""
    stages = package.stages[["stage_id", "label", "stage_order"]]
    rows = (
        package.evidence[(package.evidence["element_id"] == element_id) & package.evidence["stage_id"].isin(stage_ids)]
        .merge(stages, on="stage_id")
        .merge(package.sources.assign(title=source_titles(package.sources))[
            ["source_id", "title", "publisher", "published", "url", "reliability"]], on="source_id")
        .sort_values(["stage_order", "evidence_id"])
    )
    return pd.DataFrame(
        {
            "stage": rows["label"],
            "quote": rows["quote"],
            "translation (ours)": rows["translation"].replace("", pd.NA),
            "verified": rows["verified"],
            "source": rows["publisher"] + ": " + rows["title"],
            "published": rows["published"].dt.date,
            "locator": rows["locator"],
            "reliability": rows["reliability"],
            "url": rows["url"].map(link_target),
        }
    ).reset_index(drop=True)


def side_by_side(package: DataPackage, comparison: pd.DataFrame) -> pd.DataFrame:
    """One row per element: status, commitment and first quote at each stage, and the change."""
    first_quote = (
        package.evidence.merge(package.sources[["source_id", "publisher"]], on="source_id")
        .drop_duplicates(["element_id", "stage_id"])
        .assign(cited=lambda f: "“" + f["quote"] + "” — " + f["publisher"] + ", " + f["locator"])
        .set_index(["element_id", "stage_id"])["cited"]
    )

    def position(side: str) -> list[str]:
        return [
            POSITION_LABELS[status] + (f" · {commitment}" if status == "present" else "")
            for status, commitment in zip(comparison[f"status_{side}"], comparison[f"commitment_{side}"])
        ]

    def quote(side: str) -> list[str]:
        keys = zip(comparison["element_id"], comparison[f"stage_{side}"])
        return [first_quote.get(key, "") for key in keys]

    return pd.DataFrame(
        {
            "element": comparison["name"],
            "domain": comparison["domain"],
            "change": comparison["change_symbol"] + " " + comparison["change"],
            "earlier": position("a"),
            "earlier evidence": quote("a"),
            "later": position("b"),
            "later evidence": quote("b"),
            "element_id": comparison["element_id"],
        }
    ).reset_index(drop=True)


def one_stage_table(package: DataPackage, comparison: pd.DataFrame) -> pd.DataFrame:
    """For a package coded at one stage only: each element's status, commitment and first quote there."""
    table = side_by_side(package, comparison)
    return table[["element", "domain", "later", "later evidence", "element_id"]].rename(
        columns={"later": "at this stage", "later evidence": "evidence"}
    )


def actor_profile(view: pd.DataFrame, actor: str) -> pd.DataFrame:
    """Which elements an actor is in, at which stage, in what role, and how the element changed."""
    rows = view[view["actor"] == actor]
    return (
        rows.pivot_table(index=["element", "domain", "change"], columns="stage", values="role", aggfunc="first")
        .reset_index()
        .rename_axis(columns=None)
    )
