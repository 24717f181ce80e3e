"""What the sidebar filters mean across partnerships (the atlas, :mod:`pact.atlas`, compares them)."""

from __future__ import annotations

from pact.filters import Filters


def across_partnerships(filters: Filters) -> Filters:
    """The sidebar filters that mean the same in every partnership: actor, domain and search.

    A change type belongs to one package's pair of stages, so it does not carry across.
    """
    return Filters(actors=filters.actors, domains=filters.domains, text=filters.text)
