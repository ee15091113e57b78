"""The compass: a server-rendered SVG radar, a spoke per theme, the scale's lowest score at the
centre and its highest at the rim (1 and 7 on the adults' scale, 1 and 3 on the children's).

Series differ in colour (Okabe-Ito, safe for colour-blind readers) AND in dash pattern and
marker shape, so they still read apart in black-and-white print; past six series the marker and
dash shift, so no two of up to 36 series look the same.

Each spoke carries its theme's name (class "name") and its number (class "num", hidden unless a
stylesheet shows it): on a phone the page's CSS swaps the names for numbers big enough to read and
lists the names under the chart. The drawing is always laid out left to right (direction="ltr"),
so an Arabic page anchors the labels outside the plot, as the PNG does.
"""

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from app.results.stats import Points

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00"]
DASHES = ["", "9 5", "2 4", "12 4 2 4", "6 3", "1 3"]
MARKERS = ["circle", "square", "triangle", "diamond", "cross", "star"]
W, H, CX, CY, R = 720, 600, 360, 280, 190
LEGEND_ROW = 34  # room per legend line, also for the larger phone font (site.css)
WRAP = 20  # a name longer than this is set on two lines
STANDARD = Points(1, 7)  # the Place Standard's scale, for a caller without its survey at hand


@dataclass
class Series:
    """One line on the compass: a label and a value per theme (None: nothing to show)."""

    label: str
    values: list[float | None]


def _point(i: int, count: int, score: float, points: Points) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / count
    r = R * (score - points.low) / (points.high - points.low)
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    s = 5.5
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s - 1:.1f}" fill="{colour}"/>'
    if shape == "square":
        side = 2 * s - 2
        return (f'<rect x="{x - s + 1:.1f}" y="{y - s + 1:.1f}" width="{side:.1f}" height="{side:.1f}" '
                f'fill="{colour}"/>')
    if shape == "triangle":
        pts = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y + s - 1:.1f} {x - s:.1f},{y + s - 1:.1f}"
    elif shape == "diamond":
        pts = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
    elif shape == "cross":
        return (f'<path d="M{x - s:.1f} {y - s:.1f}L{x + s:.1f} {y + s:.1f}M{x + s:.1f} {y - s:.1f}'
                f'L{x - s:.1f} {y + s:.1f}" stroke="{colour}" stroke-width="2.5"/>')
    else:
        pts = " ".join(f"{x + (s if k % 2 == 0 else s / 2) * math.cos(-math.pi / 2 + k * math.pi / 5):.1f},"
                       f"{y + (s if k % 2 == 0 else s / 2) * math.sin(-math.pi / 2 + k * math.pi / 5):.1f}"
                       for k in range(10))
    return f'<polygon points="{pts}" fill="{colour}"/>'


def _lines(text: str) -> list[str]:
    """A long name split at the space nearest its middle."""
    if len(text) <= WRAP or " " not in text:
        return [text]
    middle = len(text) // 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1:]]


def _label(i: int, count: int, text: str) -> str:
    angle = -math.pi / 2 + 2 * math.pi * i / count
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = CX + (R + 14) * cos, CY + (R + 14) * sin
    anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
    lines = _lines(text)
    top = y + (-4 - 15 * (len(lines) - 1) if sin < -0.9 else 12 if sin > 0.9 else 4 - 7 * (len(lines) - 1))
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if k == 0 else 1.15}em">{escape(line)}</tspan>'
                    for k, line in enumerate(lines))
    nx, ny = CX + (R + 22) * cos, CY + (R + 22) * sin + 10 + 8 * sin
    return (f'<text class="name" x="{x:.1f}" y="{top:.1f}" text-anchor="{anchor}">{spans}</text>'
            f'<text class="num" display="none" x="{nx:.1f}" y="{ny:.1f}" text-anchor="{anchor}" '
            f'font-size="31" font-weight="700">{i + 1}</text>')


def style(k: int) -> tuple[str, str, str]:
    """Colour, dash pattern and marker of the k-th series; unique for the first 36."""
    return PALETTE[k % 6], DASHES[(k + 2 * (k // 6)) % 6], MARKERS[(k + k // 6) % 6]


def render(themes: list[str], series: list[Series], title: str, width: int = W,
           points: Points = STANDARD, title_id: str = "compass-title") -> str:
    """The compass as a standalone SVG document (also fit to inline in HTML), on the survey's scale."""
    low, high = points.low, points.high
    n = len(themes)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H - 66 + LEGEND_ROW * len(series)}" '
           f'width="{width}" role="img" aria-labelledby="{title_id}" font-family="sans-serif" '
           f'font-size="13" fill="#1a1a1a" direction="ltr"><title id="{title_id}">{escape(title)}</title>'
           f'<rect width="100%" height="100%" fill="#fff"/><g fill="none" stroke="#bbb">']
    for score in range(low + 1, high + 1):
        pts = " ".join("{:.1f},{:.1f}".format(*_point(i, n, score, points)) for i in range(n))
        out.append(f'<polygon points="{pts}"/>')
    for i in range(n):
        x, y = _point(i, n, high, points)
        out.append(f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}"/>')
    out.append("</g>")
    for score in sorted({low, (low + high) // 2, high}):
        out.append(f'<text x="{CX + 3}" y="{CY - R * (score - low) / (high - low) - 3:.1f}" font-size="11" '
                   f'fill="#555">{score}</text>')
    out.extend(_label(i, n, t) for i, t in enumerate(themes))
    for k, s in enumerate(series):
        colour, dash, shape = style(k)
        path, pen = [], "M"
        values = [(i, v) for i, v in enumerate(s.values)]
        for i, v in values + values[:1]:
            if v is None:
                pen = "M"
                continue
            x, y = _point(i, n, v, points)
            path.append(f"{pen}{x:.1f} {y:.1f}")
            pen = "L"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"'
                   f'{dash_attr}/>')
        out.extend(_marker(shape, *_point(i, n, v, points), colour) for i, v in values if v is not None)
        ly = H - 56 + LEGEND_ROW * k
        out.append(f'<g class="legend"><line x1="40" y1="{ly - 5}" x2="100" y2="{ly - 5}" stroke="{colour}" '
                   f'stroke-width="2.5"{dash_attr}/>{_marker(shape, 70, ly - 5, colour)}'
                   f'<text x="112" y="{ly}" font-size="16">{escape(s.label)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def to_png(svg: str) -> bytes:
    """The same compass as PNG, rendered on the server (CairoSVG, no browser)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode(), output_width=1440)  # type: ignore[no-any-return]
