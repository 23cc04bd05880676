"""The verdict, decided in one place: agree, diverge or unique, the kind of a claim, its
explanation and the order claims are shown in.

Conflict rules (`compare_values`): values of one type are matched across two sentences;
what one side leaves out is not a conflict. Two values conflict only when both sides have a
value of the same type about the same thing (same_fact.py) that nothing on the other side is
compatible with (compare.py). With `lone_pairs` (a claim about one fact), the one figure of
a type left on each side is compared even when what it counts is worded differently, and
figures that play the same part in a movement ("rose ... to 1,861.52" / "at 1,863.18") are
one quantity. (Rules that excused figures timed differently — by clock, market moment, date,
first/revised report, a period or a year-ago frame — were retired in issue 12: each fixed only
the dev pair it was written from; benchmarks/QUALITY.md round 7, benchmarks/pair_rules.py.)

Two values of one type conflict only when they state one fact (same_fact.of_other_facts:
not dates of two events, not figures of other places, parts, increments or acts) and one
time: a figure's time is told by its sentence or by the other reports of it in the claim
(`_of_other_times`).

The verdict (`judge_claim`): one independent source (wire copies count once) is `unique`;
any conflict between two independent sources is `diverge`; otherwise `agree`. A card marks
the values of the disputed fact only (`mark_disputed`); a quote whose dispute is a figure
changed inside it that a claim of figures already disputes repeats that dispute
(`repeats_dispute`; story_claims joins the two). Verdicts are
shown disputed first, then by independent sources (`display_key`). The verdict names, their
order are the domain's (news/verdicts.py), the table of kinds lib/claim_values.py.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from newscompare.lib.claim_values import KIND_OF_TYPE
from newscompare.news.verdicts import VERDICT_ORDER, Verdict

from . import compare, same_fact
from .timespan import start_against_length
from .values import HEDGES

# The compare stage's version (compare.py, same_fact.py and this module): change it whenever
# a verdict, kind or explanation may change.
# 9: the best-supported conflict named; other times no conflict; 10: other facts (events,
# places, parts, increments, acts) no conflict, sides' times, cards mark one fact, a quote
# repeating a figure dispute joins it; 11: a figure changed in a remark told by what it counts,
# one count disputed under two concepts is one dispute;
# 12: a ranking's cut no figure, a hedged precise figure near, a scale left out
# 13: a part of a broken-down count and crowds counted in other places told apart; a card
# marks no value bound apart from either side
VERSION = "compare-13"


@dataclass
class Conflict:
    type: str
    a: dict
    b: dict
    span: bool = False  # a start date against a length so far (a and b of different types)
    texts: tuple[str, str] = ("", "")  # the sentences a and b are from (judge_claim sets them)


@dataclass
class PairComparison:
    conflicts: list = field(default_factory=list)
    matches: list = field(default_factory=list)  # (type, a, b) compatible values about one thing
    shared_types: set = field(default_factory=set)

    @property
    def relation(self) -> Verdict:
        return Verdict.DIVERGE if self.conflicts else Verdict.AGREE


def compare_values(
    values_a: list[dict],
    values_b: list[dict],
    lone_pairs: bool = True,
    text_a: str = "",
    text_b: str = "",
) -> PairComparison:
    """Conflicts and matches between two sentences' values. With `lone_pairs`, the one value
    of a type left unmatched on each side is taken to be about the same thing unless their
    concepts plainly differ ("28 people" / "27 victims").

    Per compared type: _matched (which values agree), then _paired_conflicts (which
    comparable values disagree) and _lone_conflicts (which values left alone on each side
    disagree); last, _span_conflicts (a start and a length of one fact that no interval
    satisfies)."""
    result = PairComparison()
    for t in compare.COMPARED:
        xs, ys = same_fact.facts(values_a, t), same_fact.facts(values_b, t)
        if not xs or not ys:
            continue
        result.shared_types.add(t)
        open_x, open_y = _matched(t, xs, ys, result.matches)
        result.conflicts += _paired_conflicts(t, open_x, open_y, text_a, text_b)
        if lone_pairs:
            result.conflicts += _lone_conflicts(t, xs, ys, open_x, open_y, text_a, text_b)
    if lone_pairs and not any(c.type in ("date", "duration") for c in result.conflicts):
        result.conflicts += _span_conflicts(values_a, values_b)
    return result


def _matched(t: str, xs: list, ys: list, matches: list) -> tuple[list, list]:
    """Which values of type t agree: each x with the first comparable, compatible y (added to
    `matches`). Returns the values left open on each side; a y compatible with some x is not
    open."""
    open_x, open_y = list(xs), list(ys)
    for x in xs:
        partner = next(
            (y for y in ys if same_fact.comparable(x, y) and compare.compatible(x, y)), None
        )
        if partner is not None:
            matches.append((t, x, partner))
            open_x.remove(x)
            if partner in open_y:
                open_y.remove(partner)
    for y in list(open_y):
        if any(same_fact.comparable(x, y) and compare.compatible(x, y) for x in xs):
            open_y.remove(y)
    return open_x, open_y


def _paired_conflicts(t: str, open_x: list, open_y: list, text_a: str, text_b: str) -> list:
    """Which open values disagree: each x with a comparable open y (the same actor's first)
    of the same fact (same_fact.of_other_facts). Removes the paired values from the open
    lists."""
    conflicts = []
    for x in list(open_x):
        # The same actor's figure first ("Norland freed 50" / "..., and Norland released 40").
        partner = next(
            (
                y
                for y in sorted(open_y, key=lambda y: not same_fact.same_actor(x, y))
                if same_fact.comparable(x, y) and not same_fact.of_other_facts(x, text_a, y, text_b)
            ),
            None,
        )
        if partner is not None:
            conflicts.append(Conflict(t, x, partner))
            open_x.remove(x)
            open_y.remove(partner)
    return conflicts


def _lone_conflicts(
    t: str, xs: list, ys: list, open_x: list, open_y: list, text_a: str, text_b: str
) -> list:
    """Which values left alone disagree: the one number, percent or sum of money of each side
    (when it is the only one each side states, of no plainly different concept or subject, and
    incompatible), else numeric values of the same role (_same_role_conflicts)."""
    if (
        t in ("number", "percent", "money")
        and len(open_x) == 1
        and len(open_y) == 1
        and len(xs) == 1
        and len(ys) == 1
        and not same_fact.concepts_differ(open_x[0], open_y[0])
        and (t != "money" or same_fact.same_subject(open_x[0], open_y[0]))
        and not compare.compatible(open_x[0], open_y[0])
        and not same_fact.of_other_facts(open_x[0], text_a, open_y[0], text_b)
    ):
        return [Conflict(t, open_x[0], open_y[0])]
    if t in compare.NUMERIC:
        return _same_role_conflicts(t, open_x, open_y, text_a, text_b)
    return []


def _span_conflicts(values_a: list[dict], values_b: list[dict]) -> list:
    """One fact dated by its start on one side ("talks that began in November") and by its
    length so far on the other ("six weeks of talks"), that no one interval satisfies
    (timespan.py). Only within a claim about one fact: in a wider claim, a start and a length
    may be of two things."""
    times_a = same_fact.facts(values_a, "date") + same_fact.facts(values_a, "duration")
    times_b = same_fact.facts(values_b, "date") + same_fact.facts(values_b, "duration")
    pair = start_against_length(times_a, times_b, HEDGES)
    return [Conflict("duration", *pair, span=True)] if pair else []


def _same_role_conflicts(t: str, open_x: list, open_y: list, text_a: str, text_b: str) -> list:
    """Figures that name no counted thing, but play the same part in a movement that each
    sentence gives once ("rose 15.82, or 0.9 percent, to 1,861.52" / "was up 17.48 points,
    or 0.95 percent, at 1,863.18": the two new levels), are one quantity."""

    def by_role(values, text):
        roles = {}
        for v in values:
            roles.setdefault(same_fact.role(text, v), []).append(v)
        return roles

    roles_x, roles_y = by_role(open_x, text_a), by_role(open_y, text_b)
    out = []
    for role, xs in roles_x.items():
        ys = roles_y.get(role, [])
        if not role or len(xs) != 1 or len(ys) != 1:
            continue
        x, y = xs[0], ys[0]
        if (
            not x.get("concept")
            and not y.get("concept")
            and (t != "money" or same_fact.same_subject(x, y))
            and not compare.compatible(x, y)
            and not same_fact.of_other_facts(x, text_a, y, text_b)
        ):
            out.append(Conflict(t, x, y))
    return out


@dataclass
class Member:
    label: str  # how the reader knows the article ("000", or an outlet name)
    source: int  # independent source key: wire copies share one
    values: list  # every value of the sentence
    text: str = ""
    focus: list | None = (
        None  # the values this claim is about (one fact of a sentence that states several)
    )
    published: dt.date | None = None  # the article's day of writing: places its figures in time


@dataclass
class ClaimJudgement:
    verdict: Verdict
    kind: str
    explanation: str
    independent_sources: int
    conflict: Conflict | None = None  # the disagreement a DIVERGE verdict names


def _member_values(m: Member) -> list[dict]:
    return m.focus if m.focus is not None else m.values


def judge_claim(members: list[Member], one_fact: bool = False) -> ClaimJudgement:
    """Verdict, kind, explanation and independent sources of one claim. `one_fact`: the
    members' focus values are all reports of one fact (a fact claim), so a lone figure on
    each side is compared even when what it counts is worded differently."""
    sources = {m.source for m in members}
    conflicts, matches, shared = [], [], set()
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.source == b.source:
                continue
            # A focused claim is about one fact: its values are the same slot by construction.
            cmp = compare_values(
                _member_values(a),
                _member_values(b),
                lone_pairs=one_fact,
                text_a=a.text,
                text_b=b.text,
            )
            shared |= cmp.shared_types
            for c in cmp.conflicts:
                c.texts = (a.text, b.text)
            conflicts += [(a, b, c) for c in cmp.conflicts]
            matches += [(a, b, t, x, y) for t, x, y in cmp.matches]
    reports = _Reports(members)
    conflicts = [
        (a, b, c)
        for a, b, c in conflicts
        if not _bounds_one_figure_meets(c, members) and not _of_other_times(reports, a, b, c)
    ]
    conflicts = _best_supported_first(conflicts, reports)
    kind = _claim_kind(members, conflicts, shared)
    labels = ", ".join(sorted({m.label for m in members}))
    if len(sources) < 2:
        labels_set = sorted({m.label for m in members})
        who = (
            f"{labels_set[0]} reports"
            if len(labels_set) == 1
            else f"{', '.join(labels_set)} report"
        )
        extra = " (wire copies of one text)" if len(labels_set) > 1 else ""
        stated = [compare.describe(v) for v in (members[0].focus or []) if v["type"] != "entity"]
        what = f": {'; '.join(stated[:3])}" if one_fact and stated else ""
        return ClaimJudgement(Verdict.UNIQUE, kind, f"Only {who} this{extra}{what}.", len(sources))
    if conflicts:
        c = conflicts[0][2]
        text = _dispute(members, *conflicts[0], one_fact)
        return ClaimJudgement(
            Verdict.DIVERGE, KIND_OF_TYPE.get(c.type, kind), text, len(sources), conflict=c
        )
    return ClaimJudgement(Verdict.AGREE, kind, _agreement(labels, matches), len(sources))


def _of_other_times(reports: "_Reports", a: Member, b: Member, c: Conflict) -> bool:
    """The two figures are bound to different times (same_fact.of_other_times): a previous
    event's toll beside this week's is two facts, not a dispute. Each figure's time is told
    by its own sentence, or else by the other reports of it in the claim: "It killed 612
    people" is dated by "In February, a quake ... killing 612 people". The sides are apart
    when each has a dated report and every dated report of one is apart from every dated
    report of the other."""
    if same_fact.of_other_times(c.a, a.values, a.published, c.b, b.values, b.published):
        return True
    times = [
        [same_fact.fact_time(v, m.values, m.published) for m, v in side]
        for side in reports.sides(c)
    ]
    known_a, known_b = ([t for t in side if t is not None] for side in times)
    return bool(known_a and known_b) and all(
        same_fact.times_apart(ta, tb, c.type) for ta in known_a for tb in known_b
    )


_BOUND_SIDE = {"min": "up", "gt": "up", "max": "down", "lt": "down"}


def _bounds_one_figure_meets(c: Conflict, members: list[Member]) -> bool:
    """Two bounds the same way ("more than two dozen" / "more than thirty") are two estimates
    of one figure, and disagree when nothing else is known (compare.py); when another report
    in the claim gives a figure both bounds hold ("34"), they are rougher reports of it."""
    side_a = _BOUND_SIDE.get(HEDGES.get(c.a.get("hedge") or ""))
    side_b = _BOUND_SIDE.get(HEDGES.get(c.b.get("hedge") or ""))
    if c.type not in compare.NUMERIC or not side_a or side_a != side_b:
        return False
    return any(
        v is not c.a
        and v is not c.b
        and v["type"] == c.type
        and same_fact.comparable(v, c.a)
        and compare.compatible(v, c.a)
        and compare.compatible(v, c.b)
        for m in members
        for v in _member_values(m)
    )


def repeats_dispute(quote: ClaimJudgement, figures: ClaimJudgement) -> bool:
    """A quote's dispute is a figure changed inside it ("... for 48 hours" / "... for 72
    hours") that `figures`, a dispute between figures, already names: one dispute, told by
    two claims."""
    q, f = quote.conflict, figures.conflict
    if q is None or f is None or q.type != "quote" or f.type == "quote" or q.span or f.span:
        return False
    if compare.quote_difference(q.a, q.b).split(":")[0] != "changed figure":
        return False
    x, y = compare.changed_figures(q.a, q.b)
    if x["type"] != f.type:
        return False
    return (compare.compatible(x, f.a) and compare.compatible(y, f.b)) or (
        compare.compatible(x, f.b) and compare.compatible(y, f.a)
    )


def disputes_one_figure(x: ClaimJudgement, y: ClaimJudgement) -> bool:
    """Two disputes between figures of one fact (the same concept, neither bound to another
    fact) that share a figure ("70 vs 80 injured" and "80 vs about 50 injured"): one fact,
    disputed by two claims, which a reader should see on one card with every figure."""
    p, q = x.conflict, y.conflict
    if (
        p is None
        or q is None
        or p.span
        or q.span
        or p.type != q.type
        or p.type not in compare.NUMERIC
    ):
        return False
    figures = (p.a, p.b, q.a, q.b)
    if any(
        not same_fact.comparable(f, g) or same_fact.bound_to_other_fact(f, g)
        for f in figures
        for g in figures
        if f is not g
    ):
        return False
    return any(compare.compatible(f, g) for f in (p.a, p.b) for g in (q.a, q.b))


def disputes_one_count(x: ClaimJudgement, y: ClaimJudgement) -> bool:
    """Two disputes between the same two counts of one thing, told under two concepts
    ("homes in five villages were damaged" / "buildings in seven villages were destroyed",
    and "five villages were badly hit" / "seven villages were hardest hit"): each figure of
    one is a figure of the other, and all four count the same noun. One dispute, which a
    reader should see once."""
    p, q = x.conflict, y.conflict
    if p is None or q is None or p.span or q.span or p.type != q.type or p.type != "number":
        return False
    nouns = {(f.get("noun") or "")[:4] for f in (p.a, p.b, q.a, q.b)}
    if len(nouns) != 1 or len(next(iter(nouns))) < 3:
        return False
    return any(
        compare.compatible(p.a, f) and compare.compatible(p.b, g)
        for f, g in ((q.a, q.b), (q.b, q.a))
    )


def mark_disputed(
    values: list[dict], c: Conflict, focus: list[dict] | None = None, text: str = ""
) -> list[dict]:
    """A member's values with ``about`` set on those of the disputed fact's types: true for a
    report of the disputed fact, false for another value of the sentence. A report is one
    side's value, or a value of the same fact as a side's (comparable with it, or one of the
    member's focus values, the values its claim compared, of no other concept) that is no
    date of the saying and not bound to another fact (same_fact.of_other_facts: another
    place, event, part or increment; `text`: the member's sentence), nor, for a figure, told
    of another fact than the two sides state (same_fact.told_of_another_fact). Copies: the
    sentence's own values stay unmarked. A reader's card then shows that fact's values only, and "no
    value given" for a member whose sentence states other figures but not this one."""
    refs = list(zip((c.a, c.b), c.texts, strict=True))
    sides = (c.a, c.b)
    types = {ref["type"] for ref, _ in refs} | {f["type"] for f in focus or []}
    focused = focus or []

    def reports(v: dict, ref: dict, ref_text: str) -> bool:
        if v == ref:
            return True
        if v["type"] != ref["type"] or v.get("reporting") or v.get("conversion"):
            return False
        related = same_fact.comparable(v, ref) or (
            any(v == f for f in focused) and not same_fact.concepts_differ(v, ref)
        )
        return related and not same_fact.of_other_facts(v, text, ref, ref_text)

    # The disputed fact is the one both sides state: a figure told of another is no report of
    # it ("100,000 nationwide" on a card of "20,000 in Dorvik" vs "30,000").
    marked = [
        dict(
            v,
            about=any(reports(v, ref, t) for ref, t in refs)
            and not (v["type"] in compare.NUMERIC and same_fact.told_of_another_fact(v, sides)),
        )
        if v["type"] in types
        else v
        for v in values
    ]
    return marked if c.span else _once_per_sentence(marked, c, text)


def _once_per_sentence(values: list[dict], c: Conflict, text: str = "") -> list[dict]:
    """A sentence states the disputed fact once. When it states one side's value, its other
    values of that type, which fit neither side, are of other facts ("which started on
    Sunday, had burned 9,000 hectares by Wednesday": Wednesday is no start date). When it
    states neither, a whole that its figure is a part of is another fact ("will shed 2,600 of
    its 4,600 employees": the workforce is no count of the cuts)."""

    def states_a_side(v: dict) -> bool:
        return v["type"] == c.type and any(compare.compatible(v, ref) for ref in (c.a, c.b))

    reports = [v for v in values if v.get("about") and v["type"] == c.type]
    if any(states_a_side(v) for v in reports):
        other = [v for v in reports if not states_a_side(v)]
    else:
        other = [v for v in reports if any(_whole_of(v, part, text) for part in reports)]
    return [dict(v, about=False) if any(v is o for o in other) else v for v in values]


_OF_THE_WHOLE = re.compile(r"\s*(?:[\w-]+\s+){0,2}?of\s+(?:its|their|the|his|her)\s+")


def _whole_of(v: dict, part: dict, text: str) -> bool:
    """Is `v` the whole that `part` is told as a part of ("2,600 of its 4,600")?"""
    start, end = v.get("start"), part.get("end")
    if v is part or start is None or end is None or end > start:
        return False
    return bool(_OF_THE_WHOLE.fullmatch(text[end:start]))


def _dispute(members: list[Member], a: Member, b: Member, c: Conflict, one_fact: bool) -> str:
    """The explanation of a divergence: who says what, or what differs in one remark."""
    difference = compare.quote_difference(c.a, c.b) if c.type == "quote" else ""
    if difference == "different speaker":
        return (
            f"{a.label} and {b.label} give the same words to different speakers: "
            f"{c.a.get('speaker')} vs {c.b.get('speaker')}"
        )
    if difference:
        who = c.a.get("speaker")
        what = f"quote {who}" if who else "give one remark"
        return f"{a.label} and {b.label} {what} with a {difference}"
    if one_fact and not c.span:
        return _sides(members, c)
    return f"{a.label} says {compare.describe(c.a)}; {b.label} says {compare.describe(c.b)}"


def _best_supported_first(conflicts: list[tuple], reports: "_Reports") -> list[tuple]:
    """The conflicts of a claim, the one whose two sides have the most independent sources
    first (the weaker side's count, then both together); ties keep their order. A claim
    names one conflict: among a figure seven outlets give, a figure one outlet gives and a
    stray figure of another thing, the reader should see the first two."""

    def support(conflict: tuple) -> tuple[int, int]:
        counts = [len({m.source for m, _ in side}) for side in reports.sides(conflict[2])]
        return -min(counts), -sum(counts)

    return sorted(conflicts, key=support)


class _Reports:
    """The reports of each figure in a claim (`_report`), worked out once per distinct figure:
    a claim of many members has a conflict per pair of members but few distinct figures, and
    asking every member about every conflict cost the cube of the claim's size."""

    def __init__(self, members: list[Member]):
        self.members = members
        self._of: dict[tuple, list[tuple[int, Member, dict]]] = {}

    def of(self, ref: dict, type_: str) -> list[tuple[int, Member, dict]]:
        """(index, member, its report) for every member that reports the figure."""
        key = (type_, json.dumps(ref, sort_keys=True, default=str))
        if key not in self._of:
            found = ((i, m, _report(m, ref, type_)) for i, m in enumerate(self.members))
            self._of[key] = [(i, m, r) for i, m, r in found if r is not None]
        return self._of[key]

    def sides(self, c: Conflict) -> tuple[list, list]:
        """(member, report) on each side of a conflict: the first side that fits, so a member
        counts once."""
        first = self.of(c.a, c.type)
        taken = {i for i, _, _ in first}
        second = [(m, r) for i, m, r in self.of(c.b, c.type) if i not in taken]
        return [(m, r) for _, m, r in first], second


def _report(m: Member, ref: dict, type_: str) -> dict | None:
    """The member's first value of this type that is the figure or a report of it."""
    return next(
        (v for v in _member_values(m) if v["type"] == type_ and _reports_figure(v, ref)),
        None,
    )


def _reports_figure(v: dict, ref: dict) -> bool:
    """`v` is the figure `ref` or a report of it: of the same fact (comparable, not bound to
    another, same_fact.bound_to_other_fact) and compatible with it."""
    return v is ref or (
        same_fact.comparable(v, ref)
        and compare.compatible(v, ref)
        and not same_fact.bound_to_other_fact(v, ref)
    )


def _sides(members: list[Member], c: Conflict) -> str:
    """'a1, a2 say 14 (killed); a3, a4, a5 say 17 (killed)': every outlet that states a figure
    of the fact which fits one side and not the other. "At least 50", which fits both 70 and
    80, puts its outlet on neither: it says neither."""
    parts = []
    for ref, other in ((c.a, c.b), (c.b, c.a)):
        labels = sorted({m.label for m in members if _states(m, ref, other)})
        verb = "says" if len(labels) == 1 else "say"
        shown = compare.describe(ref)
        concept = ref.get("concept", "") if ref["type"] == "number" else ""
        # "12 million cubic metres" names what it measures: no "(cubic)" after it.
        named = f" ({concept})" if concept and concept[:4].lower() not in shown.lower() else ""
        parts.append(f"{', '.join(labels)} {verb} {shown}{named}")
    return "; ".join(parts)


def _states(m: Member, ref: dict, other: dict) -> bool:
    """Does the member give a figure of the fact `ref` reports that fits `ref` and not
    `other`?"""
    return any(
        v is ref
        or (
            v["type"] == ref["type"]
            and _reports_figure(v, ref)
            and not compare.compatible(v, other)
        )
        for v in _member_values(m)
    )


def _agreement(labels: str, matches: list) -> str:
    quotes = [(a, b, x, y) for a, b, t, x, y in matches if t == "quote"]
    if quotes:
        a, b, x, y = quotes[0]
        relation = compare.quote_relation(x, y)
        return f"{labels} agree: the same quote ({relation} in {a.label} and {b.label})."
    forms = []
    for _, _, _, x, y in matches:
        for v in (x, y):
            if compare.describe(v) not in forms:
                forms.append(compare.describe(v))
    return f"{labels} agree" + (f": {' / '.join(forms[:4])}." if forms else ".")


def _claim_kind(members, conflicts, shared) -> str:
    if conflicts:
        return KIND_OF_TYPE.get(conflicts[0][2].type, "other")
    focus_types = {v["type"] for m in members if m.focus for v in m.focus}
    if focus_types and all(m.focus is not None for m in members):
        compared = shared or focus_types
        return next(
            (
                KIND_OF_TYPE[t]
                for t in ("quote", "number", "percent", "money", "duration", "date")
                if t in focus_types and t in compared
            ),
            "event",
        )
    for t in ("quote", "number", "percent", "money", "duration", "date"):
        if t in shared:
            return KIND_OF_TYPE[t]
    types = {v["type"] for m in members for v in m.values}
    return "event" if "entity" in types else "other"


def display_key(j: ClaimJudgement) -> tuple[int, int]:
    """Disputed facts first, then agreements, then unique claims; more sources first."""
    return VERDICT_ORDER[j.verdict], -j.independent_sources
