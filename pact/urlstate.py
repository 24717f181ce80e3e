"""Filter state <-> URL query string, so a filtered view is a shareable link.

Parsing is defensive: the query string is user input. Unknown keys, unknown values, empty values
and oversized values are dropped, and each drop is reported as a notice for the page to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_VALUE_CHARS = 200
MAX_VALUES = 50

# Session-state key -> URL parameter. `actor` is a stable, documented parameter name.
PARAMS = {
    "actors": "actor",
    "domains": "domain",
    "changes": "change",
    "search": "q",
    "stage_a": "from",
    "stage_b": "to",
}
MULTI = ("actors", "domains", "changes")
# Names the bundled partnership shown (a package's name); read by ui.state before the filters,
# because the filters' allowed values depend on the package.
PARTNERSHIP_PARAM = "partnership"


@dataclass
class FilterState:
    actors: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    search: str = ""
    stage_a: str = ""
    stage_b: str = ""


@dataclass(frozen=True)
class Options:
    """The values each filter may take for the active package."""

    actors: tuple[str, ...]
    domains: tuple[str, ...]
    changes: tuple[str, ...]
    stages: tuple[str, ...]


def shorten(value: str, limit: int = 40) -> str:
    """A value as it may appear in a notice: single line, bounded length."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_query(params: dict[str, list[str]], options: Options, defaults: FilterState) -> tuple[FilterState, list[str]]:
    """Filter state from query parameters (each key mapping to all its values), with notices."""
    state = FilterState(stage_a=defaults.stage_a, stage_b=defaults.stage_b)
    notices: list[str] = []
    known = {param: key for key, param in PARAMS.items()}
    allowed = {"actors": options.actors, "domains": options.domains, "changes": options.changes}

    for param, values in params.items():
        if param == PARTNERSHIP_PARAM:
            continue
        key = known.get(param)
        if key is None:
            notices.append(f"Ignored unknown URL parameter “{shorten(param)}”.")
            continue
        values = list(values)
        if len(values) > MAX_VALUES:
            notices.append(f"Only the first {MAX_VALUES} values of “{param}” were read.")
            values = values[:MAX_VALUES]
        kept = []
        for value in values:
            if not value.strip():
                notices.append(f"Ignored an empty “{param}” value.")
            elif len(value) > MAX_VALUE_CHARS:
                notices.append(f"Ignored a “{param}” value of {len(value):,} characters.")
            elif key in allowed and value not in allowed[key]:
                notices.append(f"Ignored unknown {param} “{shorten(value)}”.")
            elif key in ("stage_a", "stage_b") and value not in options.stages:
                notices.append(f"Ignored unknown stage “{shorten(value)}”.")
            elif value not in kept:
                kept.append(value)
        if not kept:
            continue
        if key in MULTI:
            setattr(state, key, kept)
        else:
            if len(kept) > 1:
                notices.append(f"“{param}” was given {len(kept)} times; the first value is used.")
            setattr(state, key, kept[0])

    # A package with one stage (a final known only from its list of areas) has nothing to compare.
    if state.stage_a == state.stage_b and len(set(options.stages)) > 1:
        notices.append("The two stages compared must differ; the default pair is shown.")
        state.stage_a, state.stage_b = defaults.stage_a, defaults.stage_b
    return state, notices


def to_query(state: FilterState, defaults: FilterState, partnership: str | None = None) -> dict[str, list[str] | str]:
    """Query parameters for a state; defaults are left out to keep links short."""
    query: dict[str, list[str] | str] = {PARTNERSHIP_PARAM: partnership} if partnership else {}
    for key, param in PARAMS.items():
        value = getattr(state, key)
        if key in MULTI:
            if value:
                query[param] = list(value)
        elif value and value != getattr(defaults, key):
            query[param] = value
    return query
