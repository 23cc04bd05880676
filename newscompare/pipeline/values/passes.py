"""The loop that runs extraction passes over a sentence.

A pass is a function from the sentence's `Found` state to the values it finds, in order. It
reads `found.free(start, end)` to skip spans an earlier pass (or a date) already took, and
what earlier passes found (`found.values`) when a value's reading depends on them. The loop
appends each value a pass yields and claims its span before the pass looks further, so
passes run in order of precedence: the first to read a span owns it.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .shape import Value

Span = tuple[int, int]


def overlaps(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(not (end <= a or start >= b) for a, b in spans)


@dataclass
class Found:
    """A sentence being read: the spans taken so far and the values found so far."""

    sentence: str
    published: dt.date | dt.datetime | None = None
    claimed: list[Span] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        """No earlier pass (nor a date) took any of [start, end)."""
        return not overlaps(start, end, self.claimed)

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))


Pass = Callable[[Found], Iterator[Value]]


def needs(pattern: re.Pattern) -> Callable[[Pass], Pass]:
    """Mark a pass that can find nothing in a sentence where `pattern` matches nowhere (the
    part of its own pattern that every match contains): run_passes skips it there, one quick
    scan instead of the pass's own."""

    def mark(find: Pass) -> Pass:
        find.needs = pattern
        return find

    return mark


def run_passes(
    passes: Iterable[Pass],
    sentence: str,
    published: dt.date | dt.datetime | None = None,
    claimed: Iterable[Span] = (),
) -> list[Value]:
    """The values the passes find in the sentence, in the order they find them, outside the
    spans already `claimed`."""
    found = Found(sentence, published, list(claimed))
    for find in passes:
        need = getattr(find, "needs", None)
        if need is not None and not need.search(sentence):
            continue
        for value in find(found):
            found.values.append(value)
            found.claim(value["start"], value["end"])
    return found.values
