"""Clauses that state a fact of their own (", which were cut off over the dispute,", ", and
set up an air base"): their spans and items (clause_items, with_clauses), which clause of a
sentence states what other sentences state (ClauseStating), and how clause items link and join
groups of sentences, or form narrower groups inside them."""

import re

import numpy as np

from .clusters import apart_from
from .items import Item
from .links import CHAIN_FLOOR, MUTUAL_FLOOR, mutual_best
from .slots import values_at

# A non-restrictive relative clause (", which were cut off over the dispute,"): a second fact
# about a noun of the sentence, set off by commas.
_RELATIVE_CLAUSE = re.compile(r",\s+((?:which|who|where)\s[^,;:]+)")
# A coordinated clause (", and set up an air base near the port"): the sentence states one fact
# before it and another in it.
_COORDINATED_CLAUSE = re.compile(r",\s+((?:and|but)\s[^;:]+)")


CLAUSE_MIN_WORDS = 5  # shorter asides ("who said so", ", and more") state no fact of their own


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the clauses of a sentence that state a fact of their own: each
    non-restrictive relative clause, and each coordinated clause and what comes before it,
    of at least CLAUSE_MIN_WORDS words."""
    spans = []
    for m in _RELATIVE_CLAUSE.finditer(text):
        start, end = _trimmed(text, *m.span(1))
        if _words(text[start:end]) >= CLAUSE_MIN_WORDS:
            spans.append((start, end))
    for m in _COORDINATED_CLAUSE.finditer(text):
        start, end = _trimmed(text, *m.span(1))
        if (
            _words(text[start:end]) >= CLAUSE_MIN_WORDS
            and _words(text[: m.start()]) >= CLAUSE_MIN_WORDS
        ):
            spans += [(0, m.start()), (start, end)]
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the sentence's closing punctuation and quotation marks."""
    return start, start + len(text[start:end].rstrip(" .!?\"'”’"))


def _words(text: str) -> int:
    return len(text.split())


def clause_items(items: list[Item]) -> list[Item]:
    """One item per fact-stating clause of each sentence (see clause_spans), standing for its
    sentence (part_of) and carrying the names inside the clause (no typed facts: those are
    the sentence's). A sentence that states two facts can then join the claim of its clause
    besides its own. Embed their texts and pass them to align_claims after the sentences."""
    out = []
    for i, it in enumerate(items):
        if it.headline or it.part_of is not None:
            continue
        for start, end in clause_spans(it.text):
            names = [
                v for v in it.values if v["type"] == "entity" and start <= v.get("start", -1) < end
            ]
            out.append(Item(it.article, names, it.text[start:end], part_of=i, span=(start, end)))
    return out


def with_clauses(
    items: list[Item], vectors: np.ndarray, embed_texts
) -> tuple[list[Item], np.ndarray]:
    """What align_claims takes for a story: the sentence items followed by their clause items,
    and the sentence vectors followed by the clauses' vectors from embed_texts(texts)."""
    clauses = clause_items(items)
    if not clauses:
        return items, vectors
    return items + clauses, np.vstack([vectors, embed_texts([c.text for c in clauses])])


class ClauseStating:
    """Which clause of a sentence states what other sentences state: the clause item (see
    clause_items) more similar to them, on average, than the whole sentence is; or the
    whole sentence."""

    def __init__(self, items, vectors):
        self.items, self.vectors, self.clauses = items, vectors, {}
        for k, it in enumerate(items):
            if it.part_of is not None:
                self.clauses.setdefault(it.part_of, []).append(k)
        self.found = {}  # (i, other) -> span: one sentence is asked about one pair many times

    def span(self, i, others) -> tuple[int, int] | None:
        """The (start, end) of the clause of sentence i that states what `others` state; None
        when that is the whole sentence."""
        ks = self.clauses.get(i)
        if not ks or not others:
            return None
        if len(others) > 1:  # a claim's other members: asked once (no key as long as a claim)
            return self._closest(i, ks, others)
        key = (i, others[0])
        if key not in self.found:
            self.found[key] = self._closest(i, ks, others)
        return self.found[key]

    def span_among(self, i, members) -> tuple[int, int] | None:
        """span(i, the members other than i), that list made only for a sentence with
        clauses."""
        if i not in self.clauses:
            return None
        return self.span(i, [j for j in members if j != i])

    def _closest(self, i, ks, others) -> tuple[int, int] | None:
        sims = self.vectors[ks] @ self.vectors[others].T
        best = int(np.argmax(sims.mean(axis=1)))
        whole = float((self.vectors[others] @ self.vectors[i]).mean())
        return self.items[ks[best]].span if float(sims[best].mean()) > whole else None

    def values(self, i, others, values) -> list:
        """The values (of sentence i) in the clause that states what `others` state."""
        return values_at(self.span(i, others), values)

    def values_among(self, i, members, values) -> list:
        """values(i, the members other than i, values)."""
        return values_at(self.span_among(i, members), values)


def sentences_of(groups, items) -> list[tuple[list[int], dict]]:
    """The groups with each clause item replaced by its sentence, each with {sentence: the
    span of the clause it is in the group through} for the sentences that are in it through a
    clause only (a group that only repeats another once clauses are replaced is dropped)."""
    out, seen = [], set()
    for g in groups:
        members = tuple(_sentence_ids(g, items))
        if len(members) >= 2 and members not in seen:
            seen.add(members)
            whole = {i for i in g if items[i].part_of is None}
            through = {
                items[i].part_of: items[i].span
                for i in g
                if items[i].part_of is not None and items[i].part_of not in whole
            }
            out.append((list(members), through))
    return out


def _sentence_ids(group, items) -> list[int]:
    """The sentences of a group: each clause item replaced by its sentence."""
    return sorted({i if items[i].part_of is None else items[i].part_of for i in group})


def link_clauses(edges, items) -> list[tuple]:
    """Links of clause items: each pair, one of them a clause, that is the mutual best between
    their two articles (each sentence with clauses set aside: it is matched as a whole in
    the sentence links already) above MUTUAL_FLOOR."""
    whole = {it.part_of for it in items if it.part_of is not None}
    edges = [
        (a, b, s)
        for a, b, s in edges
        if not ({a, b} & whole) and not items[a].headline and not items[b].headline
    ]
    return [
        (a, b, s)
        for a, b, s in mutual_best(edges, [it.article for it in items])
        if s >= MUTUAL_FLOOR and (items[a].part_of is not None or items[b].part_of is not None)
    ]


def add_clauses(groups, links, items, vectors, apart=None) -> list[list[int]]:
    """Put a clause item into a group of sentences that states its fact: it is linked
    (link_clauses) to members of at least two other articles of the group, its article is
    not yet in it, and it is at least loosely related to every member (CHAIN_FLOOR)."""
    linked = {}
    for a, b, _ in links:
        if (items[a].part_of is None) != (items[b].part_of is None):
            part, other = (a, b) if items[a].part_of is not None else (b, a)
            linked.setdefault(part, set()).add(other)
    groups = [list(g) for g in groups]
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    for part, others in sorted(linked.items()):
        for n in sorted({group_of[o] for o in others if o in group_of}):
            g = groups[n]
            if (
                items[part].article in {items[i].article for i in g}
                or len({items[i].article for i in others & set(g)}) < 2
            ):
                continue
            if float((vectors[g] @ vectors[part]).min()) >= CHAIN_FLOOR and not apart_from(
                part, g, apart
            ):
                g.append(part)
                break
    return [sorted(g) for g in groups]


def narrower_groups(groups, clause_groups, items) -> list[list[int]]:
    """The clause groups whose sentences are some, not all, of the sentences of one group: a
    narrower claim inside a wider one (three outlets report a buildup, two of them also in a
    clause that it includes an air base). Clause groups reaching outside every group are
    dropped: on their own, clauses too easily resemble some sentence."""
    wholes = [set(_sentence_ids(g, items)) for g in groups]
    narrower = []
    for cg in clause_groups:
        sentences = set(_sentence_ids(cg, items))
        if any(sentences < w for w in wholes):
            narrower.append(cg)
    return narrower
