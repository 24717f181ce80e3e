"""Render data text as text: escape what Markdown or Plotly would otherwise interpret."""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# GitHub-flavoured Markdown turns bare URLs, "www." and e-mail addresses into links after escapes are
# resolved, so a backslash does not stop it; a word joiner (zero width, invisible) inside the pattern does.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(?=://)|(?<=\bwww)(?=\.)|(?=@)")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown (and HTML-significant) characters and defuse autolinks, so data shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


def plotly_text(text) -> str:
    """Escape a data string for Plotly, which reads <b>, <a href>, <br> … in any text it draws."""
    return html.escape(str(text), quote=False)


def link_target(url) -> str | None:
    """The URL if a table may offer it as a link (http or https only), else None: no javascript:, data: …"""
    if isinstance(url, str) and re.match(r"(?i)https?://[^\s]+$", url.strip()):
        return url.strip()
    return None
