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


# Characters XML 1.0 forbids: Word refuses a document holding one, and vl-convert aborts its process.
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What stands in for each: visible, so a reader sees that something was there, and the same in every file.
REPLACEMENT = "\ufffd"


def xml_text(text) -> str:
    """Text every XML document (the Word brief, the HTML brief's SVG, a chart spec) can hold.

    Every character XML allows is kept (bidi controls, zero-width and private-use characters
    included); each forbidden one becomes U+FFFD REPLACEMENT CHARACTER.
    """
    return XML_FORBIDDEN.sub(REPLACEMENT, str(text))


def link_target(url) -> str | None:
    """The URL if a table may offer it as a link (http or https only), else None: no javascript:, data: …"""
    if isinstance(url, str) and re.match(r"(?i)https?://[^\s]+$", url.strip()):
        return url.strip()
    return None
