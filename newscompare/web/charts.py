"""Charts at a glance, drawn on the server as SVG: the geometry here, the markup in
templates/_fragments/chart_*.html. No script and no style attributes (the pages run under
a strict Content-Security-Policy): shapes take their colours from classes in app.css, and
every bar and point carries its number and a symbol or word as text, so no chart is read
by colour alone. Plain functions from counts to coordinates; no queries."""

from dataclasses import dataclass

from newscompare.news.verdicts import Verdict
from newscompare.pipeline.timeline import when

VERDICT_SYMBOLS = {Verdict.DIVERGE: "≠", Verdict.AGREE: "=", Verdict.UNIQUE: "★"}
# (verdict, symbol, label) in the order a story shows verdicts.
VERDICT_ORDER = tuple((v, VERDICT_SYMBOLS[v], v.value) for v in Verdict)
BAR_WIDTH = 1000  # viewBox units; the SVG scales to the page's width


@dataclass
class Segment:
    verdict: str
    symbol: str
    label: str
    count: int
    x: float
    width: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def roomy(self) -> bool:
        """Wide enough to print its number inside; narrower ones print it in the legend only."""
        return self.width >= 60


def verdict_bar(counts: dict) -> list[Segment]:
    """One stacked bar: how many claims diverge, agree and are unique."""
    total = sum(counts.get(v, 0) for v, _, _ in VERDICT_ORDER)
    out, x = [], 0.0
    for verdict, symbol, label in VERDICT_ORDER:
        n = counts.get(verdict, 0)
        width = BAR_WIDTH * n / total if total else 0.0
        out.append(Segment(verdict, symbol, label, n, round(x, 1), round(width, 1)))
        x += width
    return out


@dataclass
class CoverageRow:
    label: str
    stated: int
    left_out: int
    y: int
    stated_width: float
    left_out_width: float

    @property
    def left_out_x(self) -> float:
        return self.stated_width

    @property
    def end(self) -> float:
        return self.stated_width + self.left_out_width


COVERAGE_ROW = 26  # viewBox units per outlet
COVERAGE_BAR = 500  # longest bar, in a viewBox 1000 wide (labels left, numbers right)


def coverage(rows: list[tuple[str, int, int]]) -> dict:
    """How each outlet covers the story: rows of (outlet, claims it states, claims two or
    more other outlets carry and it leaves out), as bars on one scale."""
    longest = max((s + o for _, s, o in rows), default=0) or 1
    scale = COVERAGE_BAR / longest
    out = [
        CoverageRow(label, s, o, i * COVERAGE_ROW, round(s * scale, 1), round(o * scale, 1))
        for i, (label, s, o) in enumerate(rows)
    ]
    return {"rows": out, "height": len(out) * COVERAGE_ROW, "bar": COVERAGE_BAR}


@dataclass
class Point:
    x: float
    y: float
    value: str
    number: float
    outlet: str
    external_id: str
    when: str
    change: str
    label_y: float

    @property
    def label_x(self) -> float:
        return self.x + 9

    @property
    def box(self) -> tuple[float, float]:
        """The square a correction is drawn as: (x, y) of its corner."""
        return self.x - 5, self.y - 5


@dataclass
class Tick:
    at: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: the first and last time stay inside the plot


@dataclass
class Link:
    """A line from an article's earlier value to its correction."""

    x1: float
    y1: float
    x2: float
    y2: float


TIMELINE_W, TIMELINE_H = 760, 210
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 60, 250, 20, 36


def timeline_chart(line) -> dict | None:
    """A number claim's values against time (see timeline.ClaimTimeline.charted): one point
    per report, each labelled with its value and outlet, a line from each correction back
    to the value it replaced. None when the claim cannot be drawn."""
    if not line.charted:
        return None
    reports = [r for r in line.reports if r.value]
    times = [r.at.timestamp() for r in reports]
    numbers = [r.number for r in reports]
    t0, t1 = min(times), max(times)
    lo, hi = min(numbers), max(numbers)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    plot_w = TIMELINE_W - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = TIMELINE_H - MARGIN_TOP - MARGIN_BOTTOM

    def x(t):
        return round(MARGIN_LEFT + (plot_w * (t - t0) / (t1 - t0) if t1 > t0 else plot_w / 2), 1)

    def y(n):
        return round(MARGIN_TOP + plot_h * (hi - n) / (hi - lo), 1)

    points, last_of = [], {}
    links = []
    for r, t in zip(reports, times, strict=True):
        p = Point(
            x(t), y(r.number), r.value, r.number, r.outlet, r.external_id, when(r.at), r.change, 0
        )
        if r.article_id in last_of:
            before = last_of[r.article_id]
            links.append(Link(before.x, before.y, p.x, p.y))
        last_of[r.article_id] = p
        points.append(p)
    _spread_labels(points)
    return {
        "width": TIMELINE_W,
        "height": TIMELINE_H,
        "points": points,
        "links": links,
        "y_ticks": [Tick(y(hi), _number(hi)), Tick(y(lo), _number(lo))],
        "x_ticks": _time_ticks(reports, x),
        "plot_left": MARGIN_LEFT,
        "y_tick_x": MARGIN_LEFT - 6,
        "x_tick_y": TIMELINE_H - MARGIN_BOTTOM + 16,
        "plot_right": TIMELINE_W - MARGIN_RIGHT,
        "plot_top": MARGIN_TOP,
        "plot_bottom": TIMELINE_H - MARGIN_BOTTOM,
    }


def _spread_labels(points, gap: float = 13):
    """Labels sit right of their points; one near another's is moved down until none overlaps."""
    placed = []
    for p in sorted(points, key=lambda p: (p.y, p.x)):
        label_y = p.y + 4
        while any(abs(q.x - p.x) < 120 and abs(q.label_y - label_y) < gap for q in placed):
            label_y += gap
        p.label_y = label_y
        placed.append(p)


def _number(n: float) -> str:
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.2f}"


def _time_ticks(reports, x) -> list[Tick]:
    first, last = when(reports[0].at), when(reports[-1].at)
    if first == last:
        return [Tick(x(reports[0].at.timestamp()), first)]
    return [
        Tick(x(reports[0].at.timestamp()), first, "start"),
        Tick(x(reports[-1].at.timestamp()), last, "end"),
    ]
