"""Charts drawn on the server as inline SVG: nothing loaded from elsewhere.

Each chart is an image with a text alternative; the numbers are in the table under it.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from console.stats import Table

COLOURS = ("#1f5fa8", "#2e7d32", "#b3261e", "#6a4c93")
BAR_HEIGHT = 22
LABEL_WIDTH = 210
WIDTH = 640


def _numeric_columns(table: Table) -> list[int]:
    if not table.rows:
        return []
    return [
        i
        for i in range(1, len(table.headers))
        if all(isinstance(row[i], (int, float)) for row in table.rows)
    ]


def bars(table: Table) -> Markup:
    """Horizontal bars, one group per row, one bar per numeric column."""
    columns = _numeric_columns(table)
    if not columns:
        return Markup("")
    top = max((row[i] for row in table.rows for i in columns), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    group = BAR_HEIGHT * len(columns) + 8
    height = group * len(table.rows) + (24 if len(columns) > 1 else 0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(table.title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for r, row in enumerate(table.rows):
        y0 = r * group
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y0 + group / 2}" text-anchor="end" '
            f'dominant-baseline="middle" class="chart-label">{escape(str(row[0]))[:40]}</text>'
        )
        for c, column in enumerate(columns):
            value = row[column]
            y = y0 + c * BAR_HEIGHT
            length = span * value / top
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT - 4}" fill="{COLOURS[c % len(COLOURS)]}"></rect>'
                f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT / 2}" '
                f'dominant-baseline="middle" class="chart-value">{value}</text>'
            )
    if len(columns) > 1:
        x = LABEL_WIDTH
        for c, column in enumerate(columns):
            parts.append(
                f'<rect x="{x}" y="{height - 18}" width="12" height="12" '
                f'fill="{COLOURS[c % len(COLOURS)]}"></rect>'
                f'<text x="{x + 16}" y="{height - 8}" class="chart-label">'
                f"{escape(table.headers[column])}</text>"
            )
            x += 130
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(table: Table) -> Markup:
    """Vertical columns over time (one per day), labelled every few days."""
    if not table.rows:
        return Markup("")
    height, bottom, left = 220, 30, 30
    top = max(row[1] for row in table.rows) or 1
    step = (WIDTH - left) / len(table.rows)
    every = 1 if len(table.rows) <= 10 else 5
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(table.title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(table.rows):
        bar = (height - bottom - 20) * value / top
        x = left + i * step
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{height - bottom - bar:.1f}" '
            f'width="{step * 0.7:.1f}" height="{bar:.1f}" fill="{COLOURS[0]}">'
            f"<title>{escape(str(label))}: {value}</title></rect>"
        )
        if value:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom - bar - 4:.1f}" '
                f'text-anchor="middle" class="chart-value">{value}</text>'
            )
        if i % every == 0 or i == len(table.rows) - 1:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 10}" text-anchor="middle" '
                f'class="chart-label">{escape(str(label))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def chart(table: Table) -> Markup:
    if table.chart == "columns":
        return columns(table)
    if table.chart == "bars":
        return bars(table)
    return Markup("")
