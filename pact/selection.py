"""Chart clicks in analysts' terms: which domain, actor or element a chart selection picked.

Streamlit reports a Plotly selection as a list of points (with ``x``, ``y`` and ``customdata``) and
a Vega-Lite selection as a mapping from the selection's name to the picked data fields; these
functions read the value a filter needs from either, keeping the order of the clicks and only
values the filter accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pact.text import plotly_text

DOMAIN_PICK = "domain_pick"
ACTOR_PICK = "actor_pick"


def _kept(values: Iterable, allowed: Iterable[str] | Mapping[str, str]) -> list[str]:
    """Picked values the filter accepts; ``allowed`` may map a value as drawn to the value it stands for."""
    lookup = allowed if isinstance(allowed, Mapping) else {value: value for value in allowed}
    kept: list[str] = []
    for value in values:
        if isinstance(value, str) and value in lookup and lookup[value] not in kept:
            kept.append(lookup[value])
    return kept


def drawn_as_plotly(values: Iterable[str]) -> dict[str, str]:
    """Each value as a Plotly chart carries it (escaped, see :func:`pact.text.plotly_text`) -> the value."""
    return {plotly_text(value): value for value in values}


def plotly_values(selection: Mapping, axis: str, allowed: Iterable[str] | Mapping[str, str]) -> list[str]:
    """Values on ``axis`` ("x", "y", or "customdata" for a point's first custom datum) of the picked points."""
    points = selection.get("points", []) if selection else []
    if axis == "customdata":
        raw = [(p.get("customdata") or [None])[0] if isinstance(p.get("customdata"), list) else p.get("customdata")
               for p in points]
    else:
        raw = [p.get(axis) for p in points]
    return _kept(raw, allowed)


def vega_values(selection: Mapping, name: str, field: str, allowed: Iterable[str]) -> list[str]:
    """The ``field`` of each datum picked by the Vega-Lite selection parameter ``name``."""
    picked = (selection or {}).get(name) or []
    return _kept((datum.get(field) for datum in picked if isinstance(datum, Mapping)), allowed)
