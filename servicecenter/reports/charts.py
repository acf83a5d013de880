"""Charts as inline SVG drawn on the server: no JavaScript, no CDN, printable.

Each function returns safe markup; every label is escaped. Colours are SVG
presentation attributes, so the CSP's style rules do not apply.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

AGE_COLOURS = ("#4c9a5f", "#d9a21b", "#e0702a", "#b42318")
BLUE, RED, GREY = "#1f5fa8", "#b42318", "#c9ced6"


def _svg(width, height, title, body) -> str:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'{"".join(body)}</svg>')


def _text(x, y, text, anchor="start", fill="#222", size=12):
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
            f'font-size="{size}">{escape(text)}</text>')


def stacked_bars(title, rows, series, colours=AGE_COLOURS, width=560, label_w=90):
    """Horizontal bars, one per row (label, [values…]), stacked by series."""
    bar_h, gap, top = 22, 10, 28
    height = top + len(rows) * (bar_h + gap) + 8
    biggest = max([sum(v) for _, v in rows] + [1])
    scale = (width - label_w - 50) / biggest
    body, x = [], label_w
    for i, name in enumerate(series):  # the legend
        body.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colours[i]}"/>')
        body.append(_text(x + 16, 16, name))
        x += 26 + 13 * len(name)
    for r, (label, values) in enumerate(rows):
        y = top + r * (bar_h + gap)
        body.append(_text(label_w - 8, y + 15, label, "end"))
        x = label_w
        for i, v in enumerate(values):
            w = v * scale
            if w:
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" '
                            f'height="{bar_h}" fill="{colours[i]}"><title>'
                            f'{escape(label)} {escape(series[i])}'
                            f'：{v}</title></rect>')
            x += w
        body.append(_text(x + 6, y + 15, str(sum(values))))
    return _svg(width, height, title, body)


def hbars(title, rows, colour=RED, width=420, label_w=110, empty="无"):
    """Horizontal bars (label, value), largest first as given."""
    bar_h, gap = 18, 8
    if not rows:
        return _svg(width, 30, title, [_text(8, 20, empty, fill="#666")])
    height = len(rows) * (bar_h + gap) + 6
    scale = (width - label_w - 40) / max(v for _, v in rows)
    body = []
    for r, (label, value) in enumerate(rows):
        y = 4 + r * (bar_h + gap)
        body.append(_text(label_w - 8, y + 13, label, "end"))
        body.append(f'<rect x="{label_w}" y="{y}" width="{value * scale:.1f}" '
                    f'height="{bar_h}" fill="{colour}"/>')
        body.append(_text(label_w + value * scale + 5, y + 13, str(value)))
    return _svg(width, height, title, body)


def _axes(width, height, left, bottom, top, ticks, y_of):
    body = []
    for value, label in ticks:
        y = y_of(value)
        body.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#e3e6ea"/>')
        body.append(_text(left - 6, y + 4, label, "end", "#555", 11))
    body.append(f'<line x1="{left}" x2="{width - 8}" y1="{height - bottom}" '
                f'y2="{height - bottom}" stroke="#888"/>')
    return body


def trend(title, points, *, lo, hi, ticks, kind="column", unit="", width=560,
          height=200, colour=BLUE):
    """Twelve months: columns (rates) or a line (averages). points = [(label,
    value or None, note)]; a month with no data leaves a gap."""
    left, bottom, top = 40, 36, 14
    plot_h = height - bottom - top
    step = (width - left - 8) / max(len(points), 1)

    def y_of(v):
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    body = _axes(width, height, left, bottom, top, ticks, y_of)
    line = []
    for i, (label, value, note) in enumerate(points):
        cx = left + step * (i + 0.5)
        body.append(_text(cx, height - bottom + 15, label, "middle", "#555", 11))
        if value is None:
            continue
        tip = f"<title>{escape(label)}：{value}{unit}（{escape(note)}）</title>"
        if kind == "column":
            y = y_of(value)
            body.append(f'<rect x="{cx - step * 0.3:.1f}" y="{y:.1f}" '
                        f'width="{step * 0.6:.1f}" height="{height - bottom - y:.1f}" '
                        f'fill="{colour}">{tip}</rect>')
        else:
            line.append((cx, y_of(value)))
            body.append(f'<circle cx="{cx:.1f}" cy="{y_of(value):.1f}" r="4" '
                        f'fill="{colour}">{tip}</circle>')
        body.append(_text(cx, y_of(value) - 6, f"{value:g}", "middle", "#222", 10))
    if len(line) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        body.insert(0, f'<polyline points="{path}" fill="none" stroke="{colour}" '
                       f'stroke-width="2"/>')
    body.append(_text(left, height - 6, note_line(points), "start", "#777", 10))
    return _svg(width, height, title, body)


def note_line(points) -> str:
    missing = sum(1 for _, v, _ in points if v is None)
    return f"无数据的月份留空（{missing} 个月）" if missing else ""
