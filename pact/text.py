"""Render data text as text: escape what Markdown would otherwise interpret."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and HTML-significant) characters so data shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
