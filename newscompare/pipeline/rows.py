"""One fact, one row: which of a story's judged claims a reader sees as rows, which sit
inside a wider row, and which only repeat a fact another row already shows. It runs after
align and compare, on what they produced, and changes no verdict.

Rules kept:
- claims with the same members, kind and verdict are one claim (the first; their
  explanations are joined, and it is about the values of both);
- a claim whose members all sit inside another claim's (or the same members, judged as
  another kind of fact) narrows it: it is shown nested in the row of the wider claim and
  keeps its own verdict (a nested divergence is still a disputed fact);
- a unique claim whose sentences (with their wire copies) are all in a claim that other
  outlets share repeats that claim when the shared claim already compares its values
  (the claim's focus covers them): it gets no row. One whose values the shared claim
  does not compare, or whose wire copy it leaves out, is kept, nested in the shared
  claim's row: it states a second, unshared fact of that sentence;
- nesting is one level deep: a row's nested claims all hang from the top-level row, the
  one whose members hold theirs (preferring the same kind, then the narrowest).
"""

from dataclasses import dataclass, field

from newscompare.news.verdicts import Verdict

VERSION = "rows-1"

UNIQUE = Verdict.UNIQUE


@dataclass
class Fact:
    """A judged claim as the rows step sees it."""

    # the claim's sentences, each as the caller identifies it: the same text twice in one
    # article (a headline repeated as the lede) is one sentence to a reader
    members: tuple
    kind: str
    verdict: str
    explanation: str = ""
    # sentence -> the values the claim is about in it; a sentence not in it (or None for
    # the whole mapping) means every value of the sentence
    focus: dict | None = None
    payload: object = field(default=None, compare=False)  # the caller's own object
    merged: list = field(default_factory=list, compare=False)  # identical facts merged in


@dataclass
class Row:
    fact: Fact
    narrows: int | None = None  # index, in the returned list, of the row it is nested in


def _value_id(v: dict) -> tuple:
    return (v.get("type"), v.get("text"), v.get("start"), v.get("end"))


def _slot(v: dict) -> tuple:
    """What a value is a value of: its type, and for a number what it counts."""
    return (v.get("type"), v.get("concept") or "")


def _focus(fact: Fact, sentence: int):
    """The values `fact` is about in `sentence`; None for every value (unknown here)."""
    if fact.focus is None or fact.focus.get(sentence) is None:
        return None
    return [v for v in fact.focus[sentence] if isinstance(v, dict)]


def _covers(shared: Fact, unique: Fact) -> bool:
    """Does the shared claim hold every sentence of the unique claim (its wire copies too),
    and already compare every value the unique claim is about? A value is compared when it
    is among the shared claim's values for that sentence and a sentence of the shared claim
    outside the unique one gives a value of the same kind. (A value only the shared row
    shows, with nothing to compare it with, stays a unique claim of its own: dropping those
    lost gold 'unique' verdicts on two dev stories.)"""
    if not set(unique.members) <= set(shared.members):
        return False  # a copy it leaves out still shows the fact only in the unique claim
    common = set(unique.members)
    others = [_focus(shared, i) for i in shared.members if i not in unique.members]
    for sentence in common:
        wanted, have = _focus(unique, sentence), _focus(shared, sentence)
        if have is None:
            continue  # the shared claim is about every value of the sentence
        if wanted is None:
            return False
        have_ids = {_value_id(v) for v in have}
        for v in wanted:
            if _value_id(v) not in have_ids:
                return False
            if not any(o is None or any(_slot(w) == _slot(v) for w in o) for o in others):
                return False  # nothing to compare it with: a fact only this sentence states
    return bool(common)


def merged_explanation(first: str, second: str) -> str:
    """Two explanations of one claim as one: "Only 000 reports this: four million." and
    "Only 000 reports this: 240,000." become "Only 000 reports this: four million; 240,000."."""
    if not second or second == first:
        return first
    head_a, sep_a, tail_a = first.partition(": ")
    head_b, sep_b, tail_b = second.partition(": ")
    if sep_a and sep_b and head_a == head_b:
        return f"{head_a}: {tail_a.rstrip('.')}; {tail_b}"
    return f"{first} {second}"


def _merge_identical(facts: list) -> list:
    kept, first_of = [], {}
    for fact in facts:
        key = (frozenset(fact.members), fact.kind, fact.verdict)
        if key in first_of:
            into = first_of[key]
            into.explanation = merged_explanation(into.explanation, fact.explanation)
            into.merged.append(fact)
            if into.focus is not None and fact.focus is not None:
                for sentence, vals in fact.focus.items():
                    mine = into.focus.get(sentence)
                    into.focus[sentence] = None if mine is None or vals is None else mine + vals
            else:
                into.focus = None
            continue
        first_of[key] = fact
        kept.append(fact)
    return kept


def _repeats(fact: Fact, near: list) -> bool:
    """near: the facts that share a sentence with it."""
    if fact.verdict != UNIQUE:
        return False
    return any(other.verdict != UNIQUE and _covers(other, fact) for other in near)


def _inside(fact: Fact, other: Fact, order: dict) -> bool:
    """Is `fact` nested under `other`: members inside, or the same members and later?"""
    mine, theirs = set(fact.members), set(other.members)
    return mine < theirs or (mine == theirs and order[id(other)] < order[id(fact)])


class _Neighbours:
    """The facts that share a sentence with a fact, or with any of a set of sentences: the
    only ones it can be nested in or repeat (a story of 10,000 articles has thousands of
    facts; comparing every pair cost minutes)."""

    def __init__(self, facts: list):
        self.facts = facts
        self.by_sentence: dict = {}
        for i, f in enumerate(facts):
            for m in f.members:
                self.by_sentence.setdefault(m, []).append(i)

    def of(self, sentences, but=None) -> list:
        """In the facts' order; a fact of no sentence is near every fact."""
        if not sentences:
            return [f for f in self.facts if f is not but]
        found = sorted({i for m in sentences for i in self.by_sentence.get(m, ())})
        return [self.facts[i] for i in found if self.facts[i] is not but]


def one_row_per_fact(facts: list) -> list[Row]:
    """The facts a reader sees, in the given order, each with the row it is nested in."""
    facts = _merge_identical(list(facts))
    near = _Neighbours(facts)
    facts = [f for f in facts if not _repeats(f, near.of(f.members, but=f))]
    near = _Neighbours(facts)
    order = {id(f): i for i, f in enumerate(facts)}

    def nested(f):
        around = near.of(f.members, but=f)
        if any(_inside(f, g, order) for g in around):
            return True
        return f.verdict == UNIQUE and any(g.verdict != UNIQUE for g in around if f.members)

    top = [f for f in facts if not nested(f)]
    top_ids = {id(t) for t in top}
    rows = [Row(f) for f in facts]
    for row in rows:
        f = row.fact
        if id(f) in top_ids:
            continue
        mine = set(f.members)
        # Its sentences, and those of the claims it sits in: a claim nested in a claim that
        # is itself nested hangs from the top-level row the wider one hangs from.
        wider = [g for g in near.of(f.members, but=f) if _inside(f, g, order)]
        reach = mine.union(*(g.members for g in wider))
        parent = max(
            (t for t in near.of(reach) if id(t) in top_ids and set(t.members) & reach),
            key=lambda t: (
                mine <= set(t.members),
                t.kind == f.kind,
                len(mine & set(t.members)),
                -len(t.members),
                -order[id(t)],
            ),
            default=None,
        )
        row.narrows = None if parent is None else order[id(parent)]
    return rows
