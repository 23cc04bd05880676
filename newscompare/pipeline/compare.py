"""Compare the values of sentences that state the same fact: agree, diverge or unique.

Values of one type are matched across two sentences; what one side leaves out is not a
conflict. Values conflict only when both sides have a value of the same type (and, for
counts, about the same thing) that nothing on the other side is compatible with.
"""
from dataclasses import dataclass, field

from .values import HEDGES, entity_key

VERSION = "compare-1"

NUMERIC = ("number", "percent", "money")
COMPARED = ("number", "percent", "money", "date", "duration", "quote")
# Exact figures that end in zeros are often rounded by one outlet and precise in another.
ROUNDING = 0.05
APPROX = 0.10


@dataclass
class Conflict:
    type: str
    a: dict
    b: dict


@dataclass
class PairComparison:
    conflicts: list = field(default_factory=list)
    shared_types: set = field(default_factory=set)

    @property
    def relation(self):
        return "diverge" if self.conflicts else "agree"


def _interval(v: dict):
    x = float(v.get("value", v.get("seconds", 0.0)))
    kind = HEDGES.get(v.get("hedge") or "")
    if kind == "min":
        return x, float("inf")
    if kind == "max":
        return 0.0, x
    if kind == "approx":
        return x * (1 - APPROX), x * (1 + APPROX)
    if kind == "approx_below":
        return x * (1 - 2 * APPROX), x
    tolerance = ROUNDING if _looks_rounded(x) else 0.0
    return x * (1 - tolerance), x * (1 + tolerance)


def _looks_rounded(x: float) -> bool:
    return x >= 100 and float(x).is_integer() and int(x) % 100 == 0


def _same_subject(a: dict, b: dict) -> bool:
    """Two counts are about the same thing when their counted nouns (or verbs) match."""
    if a["type"] == "money":
        return not a.get("currency") or not b.get("currency") or a["currency"] == b["currency"]
    na, nb = a.get("noun", ""), b.get("noun", "")
    if na and nb and na[:4] == nb[:4]:
        return True
    va, vb = a.get("verb", ""), b.get("verb", "")
    return bool(va and vb and va[:4] == vb[:4])


def compatible(a: dict, b: dict) -> bool:
    t = a["type"]
    if t in NUMERIC or t == "duration":
        lo_a, hi_a = _interval(a)
        lo_b, hi_b = _interval(b)
        return lo_a <= hi_b and lo_b <= hi_a
    if t == "date":
        x, y = a["normalized"], b["normalized"]
        return x.startswith(y) or y.startswith(x)
    if t == "quote":
        return True
    return a.get("normalized") == b.get("normalized")


def comparable(a: dict, b: dict) -> bool:
    """Could these two values be two reports of one quantity?"""
    if a["type"] != b["type"]:
        return False
    if a["type"] in NUMERIC:
        return _same_subject(a, b)
    return True


def compare_values(values_a: list[dict], values_b: list[dict]) -> PairComparison:
    result = PairComparison()
    for t in COMPARED:
        xs = [v for v in values_a if v["type"] == t]
        ys = [v for v in values_b if v["type"] == t]
        if not xs or not ys:
            continue
        result.shared_types.add(t)
        if t == "quote":
            conflict = _quote_conflict(xs, ys)
            if conflict:
                result.conflicts.append(conflict)
            continue
        open_x = [x for x in xs if not any(comparable(x, y) and compatible(x, y) for y in ys)]
        open_y = [y for y in ys if not any(comparable(x, y) and compatible(x, y) for x in xs)]
        for x in open_x:
            partner = next((y for y in open_y if comparable(x, y)), None)
            if partner is not None:
                result.conflicts.append(Conflict(t, x, partner))
                open_y.remove(partner)
    return result


def _quote_conflict(xs, ys):
    """The same words put in different mouths."""
    for x in xs:
        for y in ys:
            sx, sy = x.get("speaker", ""), y.get("speaker", "")
            if not sx or not sy or sx.lower() in ("he", "she", "they") or sy.lower() in ("he", "she", "they"):
                continue
            if _words_overlap(x["normalized"], y["normalized"]) >= 0.6 and \
                    entity_key(sx.split()[-1]) != entity_key(sy.split()[-1]):
                return Conflict("quote", x, y)
    return None


def _words_overlap(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


# ------------------------------------------------------------------ claims

@dataclass
class Member:
    label: str          # how the reader knows the article ("000", or an outlet name)
    source: int         # independent source key: wire copies share one
    values: list


@dataclass
class ClaimJudgement:
    verdict: str
    kind: str
    explanation: str
    independent_sources: int


_KIND_OF_TYPE = {"number": "number", "percent": "number", "money": "number", "date": "date",
                 "duration": "duration", "quote": "quote"}


def describe(v: dict) -> str:
    if v["type"] == "quote":
        return f"“{v['text']}” ({v.get('speaker') or 'unattributed'})"
    return v.get("text") or v.get("normalized", "")


def judge_claim(members: list[Member]) -> ClaimJudgement:
    sources = {m.source for m in members}
    conflicts, shared = [], set()
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a.source == b.source:
                continue
            cmp = compare_values(a.values, b.values)
            shared |= cmp.shared_types
            conflicts += [(a, b, c) for c in cmp.conflicts]
    kind = _claim_kind(members, conflicts, shared)
    if len(sources) < 2:
        labels = ", ".join(sorted({m.label for m in members}))
        extra = " (wire copies of one text)" if len(members) > 1 else ""
        return ClaimJudgement("unique", kind, f"Only {labels} reports this{extra}.", len(sources))
    if conflicts:
        a, b, c = conflicts[0]
        return ClaimJudgement("diverge", _KIND_OF_TYPE.get(c.type, kind),
                              f"{a.label} says {describe(c.a)}; {b.label} says {describe(c.b)}", len(sources))
    labels = ", ".join(sorted({m.label for m in members}))
    return ClaimJudgement("agree", kind, f"{labels} agree.", len(sources))


def _claim_kind(members, conflicts, shared) -> str:
    if conflicts:
        return _KIND_OF_TYPE.get(conflicts[0][2].type, "other")
    for t in ("quote", "number", "percent", "money", "duration", "date"):
        if t in shared:
            return _KIND_OF_TYPE[t]
    types = {v["type"] for m in members for v in m.values}
    for t in ("quote", "number", "percent", "money", "duration", "date"):
        if t in types:
            return _KIND_OF_TYPE[t]
    return "event" if "entity" in types else "other"
