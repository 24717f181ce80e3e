"""Render data text as text: escape what Markdown or Plotly would otherwise interpret."""

from __future__ import annotations

import html
import re

import pandas as pd

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


def plural(count: int, one: str, many: str | None = None, *, counted: bool = True) -> str:
    """The word agreeing with ``count``, after the number unless ``counted`` is False.

    ``plural(1, "element")`` is "1 element", ``plural(0, "element")`` "0 elements" (English counts zero
    as plural); ``plural(n, "has", "have", counted=False)`` picks the verb alone.
    """
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{count} {word}" if counted else word


# Sources whose headline could not be retrieved carry a bracketed marker and then our description
# ("[Headline not retrieved] AFP report: …"). The marker is for curators; readers need to see the
# description as a description, not as the publisher's headline.
_NOT_RETRIEVED = re.compile(r"^\s*\[(headline|title) not retrieved\]\s*", re.IGNORECASE)
OUR_DESCRIPTION = "our description; {what} not retrieved"
KIND_WORDS = {"news_report": "News report", "press_release": "Press release", "official_text": "Official text",
              "analysis": "Analysis"}


def title_is_ours(title) -> bool:
    """Whether a source title is our own description (its headline was not retrieved)."""
    return isinstance(title, str) and bool(_NOT_RETRIEVED.match(title))


def source_title(title, publisher: str = "", kind: str = "", published=None) -> str:
    """A source's title as readers see it: a retrieved title unchanged; ours marked as ours.

    "[Headline not retrieved] AFP report on the pact" reads "AFP report on the pact (our description;
    headline not retrieved)"; a bare marker gets a description built from the kind, publisher and date.
    """
    if not isinstance(title, str) or not title.strip():
        title = "[Title not retrieved]"
    found = _NOT_RETRIEVED.match(title)
    if not found:
        return title
    what = found.group(1).lower()
    description = title[found.end():].strip()
    if not description:
        words = [KIND_WORDS.get(kind, "Source") if isinstance(kind, str) else "Source"]
        if isinstance(publisher, str) and publisher.strip():
            words.append(f"by {publisher.strip()}")
        when = _day(published)
        if when:
            words.append(f"of {when}")
        description = " ".join(words)
    return f"{description} ({OUR_DESCRIPTION.format(what=what)})"


def source_titles(sources: pd.DataFrame) -> pd.Series:
    """:func:`source_title` for every row of a sources table (title, publisher, kind, published)."""
    column = {name: sources[name] if name in sources else pd.Series("", index=sources.index)
              for name in ("title", "publisher", "kind", "published")}
    return pd.Series(
        [source_title(*values) for values in zip(column["title"], column["publisher"], column["kind"],
                                                  column["published"])],
        index=sources.index, dtype=object,
    )


def _day(value) -> str:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return ""
    return "" if pd.isna(stamp) else f"{stamp:%-d %B %Y}"


def readable_cells(frame: pd.DataFrame, missing: str = "—") -> pd.DataFrame:
    """A table for people: no cell shows Streamlit's "None" for a missing value.

    Text columns get an empty cell (in a link column, an empty link draws as no link); numbers and
    dates with gaps become text with ``missing`` in the gaps, and flags with gaps "yes"/"no"/empty,
    since a typed column cannot hold a word. Columns without gaps keep their type.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        gaps = values.isna()
        if not gaps.any():
            continue
        known = values.dropna()
        if pd.api.types.is_bool_dtype(values) or (len(known) and known.map(type).eq(bool).all()):
            shown = ["" if gap else ("yes" if value else "no") for value, gap in zip(values, gaps)]
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            # Text stays text; anything else in an object column (dates) becomes text, as Arrow wants one type.
            shown = ["" if gap else value if isinstance(value, str) else _cell(value) for value, gap in zip(values, gaps)]
        else:
            shown = [missing if gap else _cell(value) for value, gap in zip(values, gaps)]
        out[column] = pd.Series(shown, index=values.index, dtype=object)
    return out


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
    return str(value)
