"""Colours of every chart, and the contrast arithmetic that keeps their text readable (WCAG 2.1 AA).

The palette is Okabe–Ito (safe for the common colour-vision deficiencies); every encoding by colour
is doubled by a shape, a pattern or a text label. Text drawn on a coloured mark takes whichever of
white or the theme's text colour reads better on it.
"""

from __future__ import annotations

TEXT = "#111418"  # the theme's textColor (.streamlit/config.toml)
BACKGROUND = "#FFFFFF"
AA_TEXT = 4.5  # WCAG 2.1 AA, normal text
AA_GRAPHICS = 3.0  # WCAG 2.1 AA, large text and graphical objects

CHANGE_COLOURS = {
    "strengthened": "#009E73",
    "unchanged": "#0072B2",
    "weakened": "#D55E00",
    "newly_reported": "#56B4E9",
    "added": "#CC79A7",
    "no_longer_reported": "#E69F00",
    "dropped": "#882255",
    "not_in_either": "#BBBBBB",
}
# Stage marks and their labels sit on the white plot: darker shades of the palette's orange, blue,
# green and purple, each at least 4.5:1 on white so the label can be drawn in the line's colour.
STAGE_COLOURS = ("#A35200", "#0072B2", "#007A5A", "#8E4585")
# Follow-up marks on the white plot, each at least 4.5:1 (their shape says the status too). They share
# a chart with the first three stage colours, so none of those hues: purple, near-black and grey.
FOLLOW_UP_COLOURS = {"held": "#8E4585", "launched": "#111418", "announced": "#5F6670"}
ROLE_COLOURS = {
    "Party": "#0072B2",
    "Implementer": "#009E73",
    "Partner": "#56B4E9",
    "Named concern": "#D55E00",
    "Mentioned": "#999999",
}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str = BACKGROUND) -> float:
    """The WCAG contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """White or the theme's text colour, whichever contrasts more with ``fill``."""
    return max(("#FFFFFF", TEXT), key=lambda candidate: contrast(candidate, fill))
