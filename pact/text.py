"""Render data text as text: escape what Markdown would otherwise interpret."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and HTML-significant) characters so data shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def is_http_url(value) -> bool:
    """True only for an absolute http(s) URL: the only links the product ever offers."""
    return isinstance(value, str) and re.match(r"https?://[^\s/]+", value.strip(), re.IGNORECASE) is not None
