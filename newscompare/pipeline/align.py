"""Group sentences from different articles that state the same fact into claims.

Candidates come from embedding similarity (top-k neighbours per sentence, computed in
blocks so memory stays linear in the story size). Each candidate pair gets a score that
adds to the cosine what the embedding misses: shared named entities (spelling variants
and acronyms included), the same counted concept, the same quote, and subtracts for
figures that count different things ("30 missing" / "30 treated in hospital").

Claims are built at two grains:
- fact claims: one typed fact (a count of one concept, a sum of money, a date, a length
  of time, a quote) linked across articles whose sentences are related, each article's
  best match only (mutual best), so a sentence that states two facts joins two claims;
- event claims: sentences linked as wholes (mutual best between two articles above a
  floor, or a high score on their own), for what no typed value carries.
A sentence no other article states becomes a claim of its own (a "unique" claim).
A sentence whose clause states a fact of its own (", which were cut off over the dispute,",
", and set up an air base") also joins the claim of that fact when two other articles state
it, or forms with other clauses a narrower claim inside a wider one.
A sentence is in a claim through the clause that states the claim's fact (the clause more
similar to the other members than the whole sentence is): it brings that clause's values only,
so a date of its main clause is never compared with a fact its relative clause shares. A
dispute is shown once, in the widest claim that shows it.
Two sentences that share a kind of figure bound apart (same_fact.bound_apart: of different
things or parties; same_fact.of_other_times: of a past event and of this week's news) are
never in one fact claim, neither linked directly nor chained through a third sentence; an
event claim never chains figures of two times (sentences of one event often carry incidental
figures of one kind that count different things: "fifth coach fired this season" / "9-14").
Two sentences that put their events in places the story tells apart (places.places_apart: "checked
into the Harlow Clinic" / "checked into a clinic in Dunmore") are never in one claim, fact or
event, neither linked nor chained, nor joined later as a headline, a supported sentence, a
second fact or a clause.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from . import places
from .compare import compatible
from .same_fact import (
    CONCEPT_CLASSES,
    bound_apart,
    comparable,
    fact_time,
    same_quote,
    times_apart,
)
from .timespan import spans_fit
from .values import HEDGES, acronyms, entity_keys
from .verdict import compare_values

VERSION = "align-13"  # align-13: an event claim takes an article's unclaimed retelling of it

TOP_K = 8
BLOCK = 2048
MUTUAL_FLOOR = 0.55  # sentence link when the pair is each other's best between two articles
MARGIN_FLOOR = 0.45  # ... or above this when it beats both runners-up by MARGIN
MARGIN = 0.15
STANDALONE = 0.80  # sentence link on its own
SECOND_FACT_FLOOR = 0.62  # a two-fact sentence matched again for its other fact
FACT_FLOOR = 0.40  # a shared fact links two sentences this related (mutual best per fact)
CONCEPT_FLOOR = 0.30  # ... or this related when it is a count of a named concept (killed, troops)
DATE_FLOOR = 0.58  # dates are everywhere: a date alone needs the sentences closer
SAME_VALUE_EASING = 0.15  # the same figure in two articles is evidence in itself
CHAIN_FLOOR = 0.35  # every two sentences of one event claim at least this similar (cosine)
FACT_CHAIN_FLOOR = 0.20  # ... of one fact claim (the shared fact already ties them)
RESTATEMENT = 0.60  # a second sentence of one article restating the claim's fact and value
# (this close to some member: its own article's or another outlet's telling of the fact)
ACRONYM_MATCH = 0.15  # "Regional Security Council" in one sentence, "RSC" in the other
LEXICAL_WEIGHT = (
    0.5  # fitted on msrp_dev against cosine alone (best-threshold accuracy 0.738 -> 0.752)
)
LEXICAL_CENTER = 0.3  # overlap up to this (two sentences on one story) adds nothing
QUOTE_ONLY_COSINE = (
    0.65  # tuned on seed-syria-2015 (same result 0.60-0.70; the other stories unchanged)
)
SUPPORTED = 3  # articles of an event claim whose members a sentence links to (ECB+ 1-11)
HEADLINE_RESTATES = 0.50  # a headline restates body sentences this similar (ECB+ topics 1-11)


@dataclass
class Item:
    """One sentence as alignment sees it."""

    article: int
    values: list
    text: str = ""
    headline: bool = False  # a title restates the body's facts; it never stands for its article
    part_of: int | None = None  # a clause of the sentence at this index: it links for that sentence
    span: tuple[int, int] | None = None  # a clause's (start, end) in its sentence's text
    published: dt.date | None = None  # its article's day of writing (None: not known)


@dataclass
class AlignedClaim:
    members: list  # item indices, sorted
    focus: dict = field(default_factory=dict)  # item index -> the values this claim is about
    slot: str = ""  # the fact's key, "" for an event claim
    through: dict = field(default_factory=dict)  # member -> the clause (parts) it is in through


# ------------------------------------------------------------------ what a sentence states

# "this month", "later this week": places the news in its own time, dates no fact of its own.
_CURRENT_PERIOD = re.compile(
    r"^(?:(?:earlier|later)\s+)?this\s+(?:week|month|year)$", re.IGNORECASE
)


def _slot_key(v: dict) -> str | None:
    """The kind of fact a value states: 'number:kille', 'money', 'date', 'duration:hours',
    'span', 'percent', 'quote'; None for what is no fact of its own (names, reporting
    dates)."""
    t = v["type"]
    if (t == "date" and v.get("role") == "start" and not v.get("reporting")) or (
        t == "duration" and v.get("until")
    ):
        # How long something has run, stated by its start ("since March", "talks that began
        # in March") or by its length so far ("eight months of talks", "8 months of talks"):
        # one kind of fact however it is written (issue 12, class 6).
        return "span"
    if t == "number":
        concept = v.get("concept") or ""
        if not concept or (
            concept not in CONCEPT_CLASSES and not v.get("hedge") and v.get("value", 0) < 2
        ):
            return None
        return f"number:{concept[:5]}"
    if t == "duration":
        # An hour-long call and a 32-month freeze are different facts: key by scale.
        seconds = float(v.get("seconds") or 0)
        return "duration:" + (
            "hours" if seconds < 86400 else "days" if seconds < 60 * 86400 else "years"
        )
    if t == "percent" and v.get("counts"):
        # "17 percent of the shares" and "41 percent of the slots" are two facts
        return f"percent:{v['counts'][0][:5]}"
    if t in ("money", "quote", "percent"):
        return t
    if (
        t == "date"
        and not v.get("reporting")
        and not _CURRENT_PERIOD.match(v.get("text", "").strip())
    ):
        return "date"
    return None


def fact_slots(values: list) -> dict[str, list]:
    """The typed facts of a sentence, by slot key (one slot per kind of fact)."""
    slots = {}
    for v in values:
        key = _slot_key(v)
        if key:
            slots.setdefault(key, []).append(v)
    return slots


_STOPWORDS = frozenset(
    (
        "the a an of to in and or for on at by with from that this these those is was were are be"
        " been has have had it its as said says will would not but he she they we his her their"
        " who which also than more about"
    ).split()
)


_WORD = re.compile(r"\w+")


def content_words(text: str) -> frozenset:
    return frozenset(_WORD.findall(text.lower())) - _STOPWORDS


def lexical_overlap(words_a: frozenset, words_b: frozenset) -> float:
    """Jaccard overlap of content words: what a paraphrase keeps that the embedding blurs."""
    if not words_a or not words_b:
        return 0.0
    shared = len(words_a & words_b)
    return shared / (len(words_a) + len(words_b) - shared)  # the union's size, not the union


def pair_score(
    cosine: float, values_a: list, values_b: list, overlap: float | None = None
) -> float:
    """Cosine adjusted by the words both sentences share and by what both name, count and
    quote. `overlap`: lexical_overlap of the two texts, when known."""
    return _score(
        cosine,
        entity_keys(values_a),
        entity_keys(values_b),
        fact_slots(values_a),
        fact_slots(values_b),
        overlap,
        acronyms(values_a),
        acronyms(values_b),
    )


def _score(cosine, ea, eb, sa, sb, overlap, acr_a=(set(), set()), acr_b=(set(), set())) -> float:
    """pair_score on features computed once per sentence (entity keys, fact slots, acronyms)."""
    score = cosine
    if overlap is not None:
        score += LEXICAL_WEIGHT * max(0.0, overlap - LEXICAL_CENTER)
    if ea and eb:
        common = len(ea & eb)
        union = len(ea) + len(eb) - common  # sizes, not the sets (the same integers)
        score += 0.08 * (common / min(len(ea), len(eb)))
        score -= 0.04 * (union - common) / union
    if acr_a[0] & acr_b[1] or acr_a[1] & acr_b[0]:
        # One names an organisation in full, the other by its acronym: the embedding
        # cannot see that they are the same body.
        score += ACRONYM_MATCH
    counts_a = {k for k in sa if k.startswith("number:")}
    counts_b = {k for k in sb if k.startswith("number:")}
    if counts_a & counts_b:
        score += 0.06
    elif counts_a and counts_b:
        score -= 0.08  # both count something, never the same thing: different facts
    for t in ("money", "percent", "duration", "date", "span"):
        if t in sa and t in sb:
            score += 0.03
    qa, qb = sa.get("quote", []), sb.get("quote", [])
    if qa and qb:
        # Two different remarks, even by one speaker on one occasion, are two claims.
        score += 0.12 if any(same_quote(x, y) for x in qa for y in qb) else -0.06
    return score


# ------------------------------------------------------------------ clauses

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


# ------------------------------------------------------------------ candidates


def candidate_pairs(
    vectors: np.ndarray, articles: np.ndarray, k: int = TOP_K
) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for each sentence's k nearest sentences in other articles, i < j, each
    pair once (in the order first found, with the cosine last computed for it). Top-k and
    de-duplication run in numpy, in row blocks of at most 2**26 similarities (memory stays
    linear in the story size)."""
    n = len(vectors)
    if n < 2:
        return []
    k = min(k, n - 1)
    articles = np.asarray(articles)
    block = max(256, 2**26 // n)
    columns = _article_columns(articles)
    out_i, out_j, out_c = [], [], []
    for start in range(0, n, block):
        stop = min(start + block, n)
        sims = vectors[start:stop] @ vectors.T
        _mask_own_article(sims, articles[start:stop], columns)
        top, c = _row_top_k(sims, k)
        i = np.repeat(np.arange(start, stop), k)
        keep = c > 0
        out_i.append(i[keep])
        out_j.append(top[keep])
        out_c.append(c[keep])
        del sims, top, c
    return _unique_pairs(np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c), n)


def _article_columns(articles) -> dict:
    """{article: the indices of its items (an array)}."""
    columns = {}
    for i, article in enumerate(np.asarray(articles).tolist()):
        columns.setdefault(article, []).append(i)
    return {article: np.array(ix) for article, ix in columns.items()}


def _mask_own_article(sims, row_articles, columns):
    """Set to -1.0 the similarity of each row (an item of row_articles) with every column of
    its own article (columns: _article_columns), one article's rows at a time (no
    (rows x columns) mask of the whole block)."""
    rows = {}
    for r, article in enumerate(np.asarray(row_articles).tolist()):
        rows.setdefault(article, []).append(r)
    for article, ix in rows.items():
        sims[np.ix_(ix, columns[article])] = -1.0


# argpartition returns an 8-byte index for every similarity it is given: it is given about
# this many similarities at a time (whole rows), not a whole (block x n) block.
PARTITION_SIZE = 2**22


def _row_top_k(sims, k):
    """(columns, similarities), both flat, row after row: the k largest similarities of each
    row of `sims`, in the order np.argpartition(-sims, k - 1) puts them. Negates `sims` in
    place (no copy of it) and partitions PARTITION_SIZE similarities' rows at a time (no
    index array as large as it, 32 MiB at most on rows of up to 2**22 similarities); each
    row's result is the one a single call over all rows gives."""
    np.negative(sims, out=sims)
    tops, cs = [], []
    rows = max(1, PARTITION_SIZE // max(1, sims.shape[1]))
    for r in range(0, len(sims), rows):
        part = sims[r : r + rows]
        top = np.argpartition(part, k - 1, axis=1)[:, :k]
        tops.append(top.ravel())
        cs.append(np.take_along_axis(part, top, axis=1).ravel())
        del top
    c = np.concatenate(cs)
    np.negative(c, out=c)
    return np.concatenate(tops), c


def _unique_pairs(i, j, c, n):
    """[(a, b, cosine)], a < b, each pair of the parallel arrays i, j once: in the order first
    found, with the cosine last given for it (what a dict assigned pair by pair keeps)."""
    if not len(i):
        return []
    a, b = np.minimum(i, j), np.maximum(i, j)
    keys = a.astype(np.int64) * n + b
    _, first = np.unique(keys, return_index=True)
    _, last_reversed = np.unique(keys[::-1], return_index=True)
    last = len(keys) - 1 - last_reversed
    order = np.argsort(first, kind="stable")
    first, last = first[order], last[order]
    return list(
        zip(a[first].tolist(), b[first].tolist(), c[last].astype(float).tolist(), strict=True)
    )


class _Groups:
    """Union-find over item indices."""

    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self, nodes) -> list[list]:
        out = {}
        for i in nodes:
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


def _mutual_best(edges, articles, with_margin=False):
    """Keep the edges (a, b, s) that are the best of a among b's article and of b among a's
    (articles: each item's article). With `with_margin`, also return by how much each beats
    the runner-up (the smaller of the two sides; the runner-up's score counts as -9.0 when
    there is none among the candidates, so any margin is met)."""
    if not edges:
        return []
    a, b, s = _edge_arrays(edges)
    best, second = _best_two(a, b, s, articles)
    mutual = (best[0::2] == b) & (best[1::2] == a)
    if not with_margin:
        return [edges[e] for e in np.flatnonzero(mutual).tolist()]
    margin = np.minimum(s - second[0::2], s - second[1::2])
    return [
        (*edges[e], m)
        for e, m in zip(np.flatnonzero(mutual).tolist(), margin[mutual].tolist(), strict=True)
    ]


def _edge_arrays(edges):
    """The edges (a, b, s) as three arrays: a and b (integers), s (floats)."""
    table = np.array(edges, dtype=float).reshape(-1, 3)
    return table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2]


def _best_two(a, b, s, articles):
    """For each edge (a, b, s), in turn a's side and b's side (arrays of 2 x len(edges)): the
    best match of a among b's article (the first edge of the highest score) and the score of
    the runner-up there (-9.0 when there is none); then the same for b among a's article."""
    _, article_code = np.unique(np.asarray(articles), return_inverse=True)
    x = np.column_stack((a, b)).ravel()
    y = np.column_stack((b, a)).ravel()
    score = np.repeat(s, 2)
    key = x * (int(article_code.max()) + 1) + article_code[y]
    order = np.lexsort(
        (np.arange(len(key)), -score, key)
    )  # per key: best first, earliest among ties
    key_sorted = key[order]
    new_key = np.r_[True, key_sorted[1:] != key_sorted[:-1]]
    starts = np.flatnonzero(new_key)
    group = np.empty(len(key), dtype=np.int64)
    group[order] = np.cumsum(new_key) - 1
    sizes = np.diff(np.r_[starts, len(key)])
    runner_up = np.where(sizes >= 2, score[order][np.minimum(starts + 1, len(key) - 1)], -9.0)
    return y[order][starts][group], runner_up[group]


# ------------------------------------------------------------------ claims


@dataclass
class _Story:
    """What alignment reads of each item of one story, computed once: the items (a body title
    line marked as a headline), their vectors and articles, the first n rows that are whole
    sentences (clause items follow), which are titles, and each item's fact slots, content
    words, entity keys, acronyms, names and stating clauses."""

    items: list[Item]
    vectors: np.ndarray
    n: int
    titles: list[int]
    articles: np.ndarray
    slots: list[dict]
    words: list[frozenset]
    ents: list
    acrs: list
    names: list[list[str]]
    stated_in: "_ClauseStating"
    places: list[list[frozenset]]  # where each item's event happens (places.event_places)
    geography: places.Geography  # which places the story relates or tells apart
    headlines: list[bool]
    # Computed once per story, when first asked (alignment asks about one value and one item
    # again for each of its pairs): (item, id(value)) -> its fact_time; (item, times_only) ->
    # its slot keys that may be apart (separable_keys).
    times: dict = field(default_factory=dict, repr=False)
    separable: dict = field(default_factory=dict, repr=False)

    def score(self, a: int, b: int, cosine: float) -> float:
        """The adjusted score of items a and b at this cosine (see _score)."""
        return _score(
            cosine,
            self.ents[a],
            self.ents[b],
            self.slots[a],
            self.slots[b],
            lexical_overlap(self.words[a], self.words[b]),
            self.acrs[a],
            self.acrs[b],
        )

    def time_of(self, a: int, x: dict):
        """same_fact.fact_time of value x of item a."""
        key = (a, id(x))
        if key not in self.times:
            self.times[key] = fact_time(x, self.items[a].values, self.items[a].published)
        return self.times[key]

    def values_apart(self, a: int, x: dict, b: int, y: dict, times_only=False) -> bool:
        """Value x of item a and value y of item b are about different facts: bound to
        different things or parties (same_fact.bound_apart; not with `times_only`), or to
        different times (same_fact.of_other_times)."""
        return (not times_only and bound_apart(x, y, self.names[a], self.names[b])) or times_apart(
            self.time_of(a, x), self.time_of(b, y), x["type"]
        )

    def apart(self, a: int, b: int, keys=None, times_only=False) -> bool:
        """Items a and b state different facts of one kind: for some slot key both state (of
        `keys`, a tuple, when given), every value of one is apart from every value of the
        other (values_apart). Two sentences that share a verb and a kind of figure but not
        its party, thing or time are two claims."""
        shared = self.slots[a].keys() & self.slots[b].keys()
        if keys is not None:
            shared &= set(keys)
        shared &= self.separable_keys(a, times_only) & self.separable_keys(b, times_only)
        return any(
            all(
                self.values_apart(a, x, b, y, times_only)
                for x in self.slots[a][k]
                for y in self.slots[b][k]
            )
            for k in shared
        )

    def separable_keys(self, a: int, times_only: bool) -> set:
        """The slot keys of item a whose every value may be apart from another value: it has
        a time (fact_time), or, unless `times_only`, a thing it counts a part of or an actor
        (bound_apart). A value with none of them is apart from no value."""
        if (a, times_only) not in self.separable:
            self.separable[a, times_only] = {
                k
                for k, vs in self.slots[a].items()
                if all(
                    self.time_of(a, x) is not None
                    or (not times_only and (x.get("counts") or x.get("actor")))
                    for x in vs
                )
            }
        return self.separable[a, times_only]

    def other_times(self, a: int, b: int) -> bool:
        """Items a and b state figures of one kind bound to different times (apart)."""
        return self.apart(a, b, times_only=True)

    def other_places(self, a: int, b: int, key: str = "") -> bool:
        """Items a and b put their events in different places (places.places_apart); with a
        slot key, only when both state that fact in their main clause (a figure of a relative
        or subordinate clause is another event's, with a place of its own)."""
        if key and not all(
            v.get("clause_kind", "main") == "main" for i in (a, b) for v in self.slots[i][key]
        ):
            return False
        return places.places_apart(self.places[a], self.places[b], self.geography)

    @cached_property
    def other_events(self) -> "_Apart":
        """other_events(a, b): items a and b tell of different events: figures bound to
        different times, or their events put in different places."""
        return _Apart(self, times_only=True, places=True)

    def body(self, edges) -> list[tuple]:
        """The edges between two body sentences (no headline at either end)."""
        heads = self.headlines
        return [(a, b, s) for a, b, s in edges if not heads[a] and not heads[b]]


def align_claims(items: list[Item], vectors: np.ndarray, nearest=None) -> list[AlignedClaim]:
    """Fact claims, event claims and unique claims over the items of one story. Clause items
    (clause_items, after the sentences) link like sentences; in the claims they join, their
    sentence stands in their place. `nearest` finds the sentence candidates, with
    candidate_pairs' arguments and answer (the runner passes candidates.nearest_pairs, which
    searches in PostgreSQL with pgvector for large stories).

    The steps, each deciding one thing: _story (what each item states), _fact_claims (which
    sentences share a typed fact), _event_claims (which sentences state one event as wholes,
    and which headlines and linked sentences join them), _unique_claims (what one article
    alone states)."""
    story = _story(items, vectors)
    scored = [
        (a, b, story.score(a, b, c))
        for a, b, c in (nearest or candidate_pairs)(vectors[: story.n], story.articles[: story.n])
    ]
    claims, claimed = _fact_claims(story)
    claims, in_claim = _event_claims(story, scored, claims, claimed)
    claims += _unique_claims(story, claimed, in_claim)
    return sorted(claims, key=lambda c: (c.members[0], c.slot))


@dataclass
class _Apart:
    """`apart(a, b)`: items a and b state figures of one kind (of `keys`, when given) that are
    apart (_Story.apart, by time only with `times_only`), or, with `places`, put their events
    in different places (_Story.other_places, for the fact of keys[0] when given). And
    `may(a)`: whether item a may be apart from any item at all (when not, _cluster asks
    nothing of its pairs)."""

    story: _Story
    keys: tuple | None = None
    times_only: bool = False
    places: bool = False
    judged: dict = field(default_factory=dict, repr=False)  # item -> may(item)
    signatures: dict = field(default_factory=dict, repr=False)  # item -> signature(item)
    answers: dict = field(default_factory=dict, repr=False)  # (signature, signature) -> apart

    def __call__(self, a: int, b: int) -> bool:
        # Asked once per pair of signatures: a story's long claims hold many items that read
        # alike to this question (the same kinds of figure, of one time, in one place).
        key = (self.signature(a), self.signature(b))
        if key not in self.answers:
            story = self.story
            self.answers[key] = story.apart(a, b, self.keys, self.times_only) or (
                self.places and story.other_places(a, b, self.keys[0] if self.keys else "")
            )
        return self.answers[key]

    def signature(self, a: int):
        """All that __call__ reads of item a: its separable slots (of `keys`) with each
        value's type, time, and unless `times_only` what it counts a part of and its actors
        (and the item's names, which only an actor is checked against); with `places`, its
        event's places when its fact is stated in the main clause. Two items of one signature
        are apart from the same items."""
        if a not in self.signatures:
            story = self.story
            separable = story.separable_keys(a, self.times_only)
            if self.keys is not None:
                separable = separable.intersection(self.keys)
            slots = tuple(
                (k, tuple(self._value_signature(a, x) for x in story.slots[a][k]))
                for k in sorted(separable)
            )
            actors = not self.times_only and any(
                x.get("actor") for k in separable for x in story.slots[a][k]
            )
            self.signatures[a] = (
                slots,
                tuple(story.names[a]) if actors else None,
                self._places_signature(a) if self.places else None,
            )
        return self.signatures[a]

    def _value_signature(self, a: int, x: dict) -> tuple:
        time = self.story.time_of(a, x)
        if self.times_only:
            return x["type"], time
        return x["type"], time, _frozen(x.get("counts")), _frozen(x.get("actor"))

    def _places_signature(self, a: int):
        """Item a's event places as other_places reads them; None when other_places finds
        it apart from nothing (its fact is stated outside the main clause)."""
        key = self.keys[0] if self.keys else ""
        if key and not all(
            v.get("clause_kind", "main") == "main" for v in self.story.slots[a].get(key, ())
        ):
            return None
        # (with each place's class: a place left equals the same place arrived at, and is not)
        return tuple((type(p), p) for p in self.story.places[a])

    def may(self, a: int) -> bool:
        if a not in self.judged:
            separable = self.story.separable_keys(a, self.times_only)
            self.judged[a] = bool(
                separable if self.keys is None else separable.intersection(self.keys)
            ) or bool(self.places and self.story.places[a])  # (places_apart needs places)
        return self.judged[a]


def _frozen(x):
    """A value's field (a list of words, a string, None) as something hashable."""
    return tuple(x) if isinstance(x, list) else x


def _story(items: list[Item], vectors: np.ndarray) -> _Story:
    """Decides which items are titles (headlines of whole sentences, deck lines, and title
    lines inside the body, which restate facts like the headline does and are kept out of
    body links the same way) and reads each item's slots, words and names once."""
    titles = [i for i, it in enumerate(items) if it.headline and it.part_of is None]
    titles += _decks(items)
    # A title line inside the body (a sub-heading, a "related" link: no closing full stop)
    # restates facts like the headline does, and is kept out of body links the same way.
    items = [
        it
        if it.headline or it.part_of is not None or not _title_line(it.text)
        else replace(it, headline=True)
        for it in items
    ]
    geography = places.geography(it.text for it in items if it.part_of is None)
    return _Story(
        items=items,
        vectors=vectors,
        n=sum(1 for it in items if it.part_of is None),
        titles=titles,
        articles=np.array([it.article for it in items]),
        slots=[fact_slots(it.values) for it in items],
        words=[content_words(it.text) for it in items],
        ents=[entity_keys(it.values) for it in items],
        acrs=[acronyms(it.values) for it in items],
        names=[[v["text"] for v in it.values if v["type"] == "entity"] for it in items],
        stated_in=_ClauseStating(items, vectors),
        places=[places.event_places(it.text, geography) for it in items],
        geography=geography,
        headlines=[it.headline for it in items],
    )


def _fact_edges(story: _Story) -> dict[str, list[tuple]]:
    """Per slot key, the related sentence pairs that both state that fact, with their score:
    a value links only through the clause the two sentences share, the same quote links with
    a bonus, and the same figure eases the floor."""
    slots, stated_in = story.slots, story.stated_in
    by_slot = {key: [] for key in {k for sl in slots for k in sl}}
    for key, pairs in _slot_candidates(slots, story.vectors, story.articles).items():
        for a, b, cosine in pairs:
            # A value links only through the clause the two sentences share: a date in one's
            # main clause is no date of the fact its relative clause shares with the other.
            va = stated_in.values(a, [b], slots[a][key])
            vb = stated_in.values(b, [a], slots[b][key])
            if not va or not vb:
                continue
            s = story.score(a, b, cosine)
            # (The cheap tests first: a pair below the floor even with the easing is no
            # edge, whatever its values.)
            floor = -np.inf if key == "quote" else _fact_floor(key, va + vb)
            if s + SAME_VALUE_EASING < floor or all(
                story.values_apart(a, x, b, y) for x in va for y in vb
            ):
                continue
            if key == "quote":
                if any(same_quote(x, y) for x in va for y in vb):
                    by_slot[key].append((a, b, s + 1.0))
            else:
                # The same figure in two articles is evidence in itself: it counts towards
                # the floor and towards which sentence is an article's best match.
                # (Not for two dates that are each their paper's own day: in a story,
                # most sentences happened "on Friday".)
                if _same_value(va, vb) and not (
                    key == "date" and _on_publication_day(va) and _on_publication_day(vb)
                ):
                    s += SAME_VALUE_EASING
                if s >= floor:
                    by_slot[key].append((a, b, s))
    return by_slot


def _fact_claims(story: _Story) -> tuple[list[AlignedClaim], dict]:
    """Fact claims: per slot key, each article's best match among the sentences that state
    that fact (mutual best), clustered; a member whose stating clause holds no such value
    leaves, a claim of one article is none, and an article's restatements join. Returns the
    claims and (item, slot key) -> the members of the fact claim it is in."""
    items, slots, stated_in = story.items, story.slots, story.stated_in
    stating = {}  # (article, slot key) -> the items of that article stating such a fact
    for i, sl in enumerate(slots):
        for key in sl:
            stating.setdefault((items[i].article, key), []).append(i)
    claims = []
    claimed = {}  # (item, slot key) -> members of the fact claim it is in
    for key, edges in sorted(_fact_edges(story).items()):
        body = story.body(edges)
        for members in _cluster(
            _mutual_best(body, story.articles),
            items,
            story.vectors,
            FACT_CHAIN_FLOOR,
            _Apart(story, (key,), places=True),
        ):
            # A sentence whose clause that states the claim's fact holds no such value is in
            # it by a value of another clause: it leaves.
            members = [i for i in members if stated_in.values_among(i, members, slots[i][key])]
            if len({items[i].article for i in members}) < 2:
                continue
            members = _with_restatements(members, key, stating, story)
            claims.append(AlignedClaim(members, {i: slots[i][key] for i in members}, key))
            claimed.update({(i, key): set(members) for i in members})
    return claims, claimed


def _event_links(story: _Story, body: list[tuple], claims: list[AlignedClaim]) -> list[tuple]:
    """Which body sentence pairs link as wholes: mutual best between two articles above a
    floor (or a lower floor with a margin over both runners-up), or a high score on its own;
    a pair that shares a quote's claim links only when close beyond the quote."""
    links = [
        (a, b, s)
        for a, b, s, margin in _mutual_best(body, story.articles, with_margin=True)
        if s >= MUTUAL_FLOOR or (s >= MARGIN_FLOOR and margin >= MARGIN)
    ]
    links += [(a, b, s) for a, b, s in body if s >= STANDALONE]
    # Two sentences that share a quote, and little else, are compared in the quote's claim:
    # linking them again as wholes lets a sentence close to the rest of one of them chain
    # onto the other ("spoke for the first time" + "... said they 'talked about areas'").
    quotes_of = {}  # sentence -> the quote claims it is in
    for n, c in enumerate(claims):
        if c.slot == "quote":
            for i in c.members:
                quotes_of.setdefault(i, set()).add(n)
    vectors = story.vectors
    return [
        (a, b, s)
        for a, b, s in links
        if not (a < b and a in quotes_of and b in quotes_of and quotes_of[a] & quotes_of[b])
        or float(vectors[a] @ vectors[b]) >= QUOTE_ONLY_COSINE
    ]


def _event_groups(story: _Story, scored: list[tuple], claims: list[AlignedClaim]) -> list:
    """The event groups: linked sentences clustered, two-fact sentences matched again for
    their other fact, clauses joined to the groups their sentence's clause links to, and
    narrower groups of clauses inside wider ones."""
    items, vectors = story.items, story.vectors
    body = story.body(scored)
    clause_scored = [
        (a, b, story.score(a, b, c))
        for a, b, c in _clause_candidates(vectors, story.articles, story.n)
    ]
    groups = _cluster(
        _event_links(story, body, claims), items, vectors, CHAIN_FLOOR, story.other_events
    )
    apart = story.other_events
    groups = _add_second_facts(groups, _second_facts(body, items, claims), items, vectors, apart)
    clause_links = _clause_links(body + clause_scored, items)
    groups = _add_clauses(groups, clause_links, items, vectors, apart)
    return groups + _narrower_groups(
        groups, _cluster(clause_links, items, vectors, CHAIN_FLOOR, apart), items
    )


def _event_claims(
    story: _Story, scored: list[tuple], claims: list[AlignedClaim], claimed: dict
) -> tuple[list[AlignedClaim], set]:
    """Adds the event claims to the fact claims: each event group that is not a fact claim
    again (same sentences, same articles), each member in through its stating clause; then a
    dispute is shown only in its widest claim, sentences linked to enough of a claim's
    articles join it, and headlines join the claims they restate. Returns the claims and the
    items that are in a claim."""
    items, stated_in = story.items, story.stated_in
    groups = _event_groups(story, scored, claims)
    fact_sets = [set(c.members) for c in claims]
    in_claim = set().union(*fact_sets) if fact_sets else set()
    facts_of = {}  # sentence -> the fact claims' members sets it is in
    for fs in fact_sets:
        for i in fs:
            facts_of.setdefault(i, []).append(fs)
    for members, through in _sentences_of(groups, items):
        # The same sentences as a fact claim (give or take a headline) add nothing; fewer
        # articles than the fact claim is a narrower claim of its own.
        arts = {items[i].article for i in members}
        if not any(
            set(members) <= fs and arts == {items[i].article for i in fs}
            for fs in facts_of.get(members[0], ())
        ):
            through.update(
                {i: stated_in.span_among(i, members) for i in members if i not in through}
            )
            claims.append(
                AlignedClaim(
                    members,
                    _event_focus(members, through, items, claimed),
                    through={i: parts for i, parts in through.items() if parts},
                )
            )
            in_claim |= set(members)
    claims = _without_disputes_shown_wider(claims, items)
    _with_supported(
        claims,
        story.body(scored),
        items,
        story.vectors,
        lambda c, x: _event_focus(
            c.members, {x: stated_in.span_among(x, c.members)}, items, claimed
        )[x],
        story.other_events,
    )
    _with_retellings(
        claims,
        story,
        lambda c, x: _event_focus(
            c.members, {x: stated_in.span(x, [i for i in c.members if i != x])}, items, claimed
        )[x],
    )
    claims += _with_headlines(
        claims, story.titles, items, story.vectors, story.score, story.other_events
    )
    in_claim |= {i for c in claims for i in c.members}
    return claims, in_claim


def _with_retellings(claims, story: _Story, focus) -> None:
    """An event claim takes in a body sentence that is in no claim yet and tells its event
    again in an article already in it: close (RESTATEMENT) to that article's member and to the
    members of other articles, SUPPORTED articles in all, and apart from no member. An article
    tells its event more than once ("has died" / "died early Thursday in her sleep"), and each
    telling has its echoes in other outlets. (A sentence already in a claim stays where the
    links put it: taken in again, it chained other events' sentences on tune.) The sentence is
    judged on `focus(claim, sentence)`, as _with_supported's."""
    items, vectors = story.items, story.vectors
    taken = {i for c in claims for i in c.members}
    free = {}  # article -> its body sentences in no claim
    for i in range(story.n):
        if i not in taken and not story.headlines[i]:
            free.setdefault(items[i].article, []).append(i)
    for c in claims:
        members = [i for i in c.members if i < story.n and not story.headlines[i]]
        arts = {items[i].article for i in members}
        if c.slot or len(arts) < 2:
            continue
        candidates = [x for a in sorted(arts) for x in free.get(a, ()) if x not in c.members]
        if not candidates:
            continue
        sims = (vectors[candidates] @ vectors[members].T).tolist()
        added = []
        for x, row in zip(candidates, sims, strict=True):
            close = {
                items[m].article for m, s in zip(members, row, strict=True) if s >= RESTATEMENT
            }
            if (
                items[x].article in close
                and len(close) >= SUPPORTED
                and not _apart_from(x, c.members, story.other_events)
            ):
                added.append(x)
        c.members = sorted(c.members + added)
        for x in added:
            c.focus[x] = focus(c, x)


def _unique_claims(story: _Story, claimed: dict, in_claim: set) -> list[AlignedClaim]:
    """What only one article states: each fact no other article shares is a claim of its
    own (so "only 002 gives a troop count" shows even when its sentence is in a wider
    claim), and so is each sentence in no claim at all."""
    out = []
    in_claim = set(in_claim)
    for i in range(story.n):
        for key, vals in story.slots[i].items():
            if (i, key) not in claimed and (len(story.slots[i]) > 1 or i in in_claim):
                out.append(AlignedClaim([i], {i: vals}, key))
                in_claim.add(i)
    return out + [AlignedClaim([i]) for i in range(story.n) if i not in in_claim]


def _clause_candidates(vectors, articles, n, k: int = TOP_K):
    """(i, j, cosine), i < j, for each clause item (rows from n on) and its k most similar
    sentences or clauses in other articles, each pair once."""
    total = len(vectors)
    if total <= n or n < 2:
        return []
    k = min(k, n - 1)
    block = max(256, 2**26 // total)  # row blocks keep memory linear in the story size
    columns = _article_columns(articles)
    out_i, out_j, out_c = [], [], []
    for start in range(n, total, block):
        stop = min(start + block, total)
        sims = vectors[start:stop] @ vectors.T
        _mask_own_article(sims, articles[start:stop], columns)
        top, c = _row_top_k(sims, k)
        keep = c > 0
        out_i.append(np.repeat(np.arange(start, stop), k)[keep])
        out_j.append(top[keep])
        out_c.append(c[keep])
        del sims, top, c
    return _unique_pairs(np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c), total)


def _clause_links(edges, items) -> list[tuple]:
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
        for a, b, s in _mutual_best(edges, [it.article for it in items])
        if s >= MUTUAL_FLOOR and (items[a].part_of is not None or items[b].part_of is not None)
    ]


def _add_clauses(groups, links, items, vectors, apart=None) -> list[list[int]]:
    """Put a clause item into a group of sentences that states its fact: it is linked
    (_clause_links) to members of at least two other articles of the group, its article is
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
            if float((vectors[g] @ vectors[part]).min()) >= CHAIN_FLOOR and not _apart_from(
                part, g, apart
            ):
                g.append(part)
                break
    return [sorted(g) for g in groups]


def _narrower_groups(groups, clause_groups, items) -> list[list[int]]:
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


def _sentence_ids(group, items) -> list[int]:
    """The sentences of a group: each clause item replaced by its sentence."""
    return sorted({i if items[i].part_of is None else items[i].part_of for i in group})


DECK_LINES = 3  # a title line among an article's first lines is a second headline (a deck)
DECK_WORDS = 4  # ... when it has this many words


def _body(members, items) -> list[int]:
    """The members that are no headline (a headline is compared with what it restates)."""
    return [i for i in members if not items[i].headline] or list(members)


def _decks(items) -> list[int]:
    """The title lines (no closing full stop) among each article's first DECK_LINES lines,
    after its headline, that read as a second headline: DECK_WORDS words or more and no
    date (a dateline or a time stamp is no headline)."""
    out, seen = [], {}
    for i, it in enumerate(items):
        if it.part_of is not None:
            continue
        seen[it.article] = seen.get(it.article, 0) + 1
        if (
            seen[it.article] <= DECK_LINES
            and not it.headline
            and _title_line(it.text)
            and len(it.text.split()) >= DECK_WORDS
            and not any(v["type"] == "date" for v in it.values)
        ):
            out.append(i)
    return out


def _with_headlines(claims, titles, items, vectors, score, apart=None) -> list[AlignedClaim]:
    """A headline restates its article's body. It joins the claims of the body sentences of its
    article it is similar to (at least HEADLINE_RESTATES, and at least loosely related to every
    member of the claim), judged on nothing of its own (its figures are its body's).
    Headlines that join no claim so are linked with each other as sentences are (mutual best
    between two articles above MUTUAL_FLOOR); returns the claims those links make."""
    wide = [c for c in claims if len({items[i].article for i in c.members}) > 1]
    body = {}
    for i, it in enumerate(items):
        if not it.headline and it.part_of is None:
            body.setdefault(it.article, []).append(i)
    claims_of = {}  # sentence -> the wide claims it is in
    for n, c in enumerate(wide):
        for i in c.members:
            claims_of.setdefault(i, []).append(n)
    alone = []
    for h in titles:
        own = body.get(items[h].article, [])
        sims = vectors[own] @ vectors[h] if own else np.array([])
        restated = [i for i, x in zip(own, sims.tolist(), strict=True) if x >= HEADLINE_RESTATES]
        joined = False
        for n in sorted({n for i in restated for n in claims_of.get(i, ())}):
            c = wide[n]
            if (
                h not in c.members
                and float((vectors[_body(c.members, items)] @ vectors[h]).min()) >= CHAIN_FLOOR
                and not _apart_from(h, c.members, apart)
            ):
                c.members = sorted(c.members + [h])
                c.focus[h] = []
                joined = True
        if not joined:
            alone.append(h)
    edges = []
    if len(alone) >= 2:
        arts = np.array([items[h].article for h in alone])
        edges = [
            (alone[a], alone[b], score(alone[a], alone[b], cosine))
            for a, b, cosine in candidate_pairs(vectors[alone], arts)
        ]
    links = [
        (a, b, s)
        for a, b, s in _mutual_best(edges, [it.article for it in items])
        if s >= MUTUAL_FLOOR
    ]
    return [
        AlignedClaim(g, {i: list(items[i].values) for i in g})
        for g in _cluster(links, items, vectors, CHAIN_FLOOR, apart)
    ]


def _with_supported(claims, edges, items, vectors, focus, apart=None) -> None:
    """An event claim takes in a sentence of an article it does not have yet that links
    (MUTUAL_FLOOR) to its members of at least SUPPORTED articles and is at least loosely
    related to every member (CHAIN_FLOOR): several outlets' sentences of the claim are each
    the match of that one (each sentence links to at most one per article, so wider claims
    otherwise split). Repeated while a claim grows; one sentence per article, the closest.
    It is judged on `focus(claim, sentence)`: the values of its clause that states the claim's
    fact."""
    linked = {}
    for a, b, s in edges:
        if s >= MUTUAL_FLOOR:
            linked.setdefault(a, set()).add(b)
            linked.setdefault(b, set()).add(a)
    for c in claims:
        if c.slot or len({items[i].article for i in c.members}) < 2:
            continue
        while True:
            members, arts = set(c.members), {items[i].article for i in c.members}
            best = {}  # article -> (mean similarity to the members, sentence)
            for x in {x for i in c.members for x in linked.get(i, ())} - members:
                if items[x].article in arts:
                    continue
                # (A member in the claim through a clause supports no sentence as a whole.)
                support = {items[i].article for i in linked[x] & members if i not in c.through}
                sims = vectors[c.members] @ vectors[x]
                if (
                    len(support) >= SUPPORTED
                    and float(sims.min()) >= CHAIN_FLOOR
                    and not _apart_from(x, c.members, apart)
                ):
                    best[items[x].article] = max(
                        best.get(items[x].article, (-1.0, x)), (float(sims.mean()), x)
                    )
            if not best:
                break
            for _, x in best.values():
                c.members = sorted(c.members + [x])
            for _, x in best.values():
                c.focus[x] = focus(c, x)


def values_in(values: list, span: tuple[int, int]) -> list:
    """The values (of a sentence) inside one of its clauses (an item's span)."""
    return [v for v in values if _inside(v, span)]


def _inside(v: dict, span: tuple[int, int]) -> bool:
    return span[0] <= v.get("start", -1) < span[1]


class _ClauseStating:
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
        return _values_at(self.span(i, others), values)

    def values_among(self, i, members, values) -> list:
        """values(i, the members other than i, values)."""
        return _values_at(self.span_among(i, members), values)


def _values_at(span, values) -> list:
    """The values inside a span of their sentence (a clause's); all of them when no span."""
    return values if span is None else values_in(values, span)


def _sentences_of(groups, items) -> list[tuple[list[int], dict]]:
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


def _event_focus(members, through, items, claimed) -> dict:
    """{member: the values an event claim judges of it}. A sentence that is in the claim
    through one of its clauses brings only that clause's values (its main clause's date is
    no date of the clause's fact). And an event claim is judged on what its sentences state
    beyond the fact claims that reach outside it (a troop count compared across other
    sentences has its own claim and verdict; one compared only among these sentences is
    this one's)."""
    inside = set(members)

    def own(i, v):
        if through.get(i) and not _inside(v, through[i]):
            return False
        key = _slot_key(v)
        return key is None or not claimed.get((i, key), set()) - inside

    return {i: [v for v in items[i].values if own(i, v)] for i in members}


def _without_disputes_shown_wider(claims, items) -> list[AlignedClaim]:
    """Without the fact claims whose dispute an event claim already shows: all the fact
    claim's sentences are in the event claim, which judges the same values of them and finds
    a conflict between two of them (a date two outlets give differently is disputed once, in
    the widest claim that states it). Fact claims that agree or stand alone stay: they say
    something the wider claim does not."""
    events = [c for c in claims if not c.slot and len(c.members) >= 2]
    events_of = {}  # sentence -> the event claims it is in
    for e in events:
        for i in e.members:
            events_of.setdefault(i, []).append(e)

    def shown_wider(fact):
        for e in events_of.get(fact.members[0], ()):
            if not set(fact.members) <= set(e.members) or not all(
                all(any(v is w for w in e.focus.get(i, ())) for v in fact.focus[i])
                for i in fact.members
            ):
                continue
            # compare_values without lone pairs compares each type of value on its own: a
            # conflict about the fact's values is of their types, so only those are compared.
            types = {v["type"] for i in fact.members for v in fact.focus[i]}
            focus = {i: [v for v in e.focus[i] if v["type"] in types] for i in fact.members}
            for x, a in enumerate(fact.members):
                ids_a = {id(v) for v in fact.focus[a]}
                for b in fact.members[x + 1 :]:
                    cmp = compare_values(focus[a], focus[b], False, items[a].text, items[b].text)
                    if any(id(c.a) in ids_a for c in cmp.conflicts):
                        return True
        return False

    return [c for c in claims if not (c.slot and len(c.members) >= 2 and shown_wider(c))]


def _title_line(text: str) -> bool:
    return bool(text) and not re.search(r"[.!?][\"'”’)\]]*$", text.strip())


def _on_publication_day(dates) -> bool:
    return all(d.get("publication_day") for d in dates)


def _same_value(xs, ys) -> bool:
    return all(any(_agree(x, y) for y in ys) for x in xs)


def _agree(x: dict, y: dict) -> bool:
    """The same value, or a start date and a length so far that one run satisfies."""
    if x["type"] != y["type"]:
        return spans_fit(x, y, HEDGES)
    return comparable(x, y) and compatible(x, y)


def _fact_floor(key: str, values=()) -> float:
    # (Two starts of a run, "since October" / "since October 23", are dates like any other;
    # a start against a length so far is a fact like a length.)
    if key == "date" or (key == "span" and all(v["type"] == "date" for v in values)):
        return DATE_FLOOR
    if key.startswith("number:") and key[7:] in {c[:5] for c in CONCEPT_CLASSES}:
        return CONCEPT_FLOOR  # "killed", "missing", "troops": the concept itself is strong evidence
    return FACT_FLOOR


def _slot_candidates(slots, vectors, articles, k: int = 3):
    """{slot key: [(i, j, cosine)]}: for each sentence, its k most similar sentences in other
    articles among those that state a fact of the same kind. Quadratic only within one
    slot's sentences, and done in numpy."""
    by_key = {}
    for i, sl in enumerate(slots):
        for key in sl:
            by_key.setdefault(key, []).append(i)
    out = {}
    for key, idx in by_key.items():
        if len(idx) < 2:
            continue
        idx = np.array(idx)
        kk = min(k, len(idx) - 1)
        out_i, out_j, out_c = [], [], []
        for start in range(0, len(idx), BLOCK):  # blocks keep memory linear in the slot's size
            rows = idx[start : start + BLOCK]
            sims = vectors[rows] @ vectors[idx].T
            sims[articles[rows][:, None] == articles[idx][None, :]] = -1.0
            top, c = _row_top_k(sims, kk)
            keep = c > -1.0
            out_i.append(np.repeat(rows, kk)[keep])
            out_j.append(idx[top[keep]])
            out_c.append(c[keep])
        out[key] = _unique_pairs(
            np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c), len(vectors)
        )
    return out


def _with_restatements(members, key, stating, story: _Story) -> list[int]:
    """Add the other sentences of the claim's articles that restate its fact with the same
    value: the headline, or a later sentence repeating the figure and close (RESTATEMENT) to
    some member. Not only to its own article's member: an article tells a toll twice in other
    words ("a firebomb attack killed three people" / "police said two women and one man
    died"), and the second telling is often the one another outlet's sentence echoes."""
    items, slots, vectors = story.items, story.slots, story.vectors
    inside = set(members)
    same = {  # the article's other sentences stating the claim's value: headlines join at once
        i
        for rep in members
        for i in stating.get((items[rep].article, key), ())
        if i not in inside and _same_value(slots[i][key], slots[rep][key])
    }
    out = [i for i in same if items[i].headline]
    rest = sorted(same - set(out)) if key != "date" else []
    if rest:  # (one product: a claim of a large story has many members)
        closest = (vectors[rest] @ vectors[members].T).max(axis=1)
        out += [i for i, c in zip(rest, closest.tolist(), strict=True) if c >= RESTATEMENT]
    return sorted(set(members) | set(out))


def _second_facts(edges, items, fact_claims) -> list:
    """Links for the other fact of a sentence stating two: b is a's best match in b's
    article, but b's own best match there is a sentence it already shares a fact claim
    with, so b can be matched again ("troops sent, and a state of emergency declared")."""
    if not edges:
        return []
    best = _best_two(*_edge_arrays(edges), [it.article for it in items])[0].tolist()
    claims_of = {}  # sentence -> the fact claims it is in (their positions)
    for n, c in enumerate(fact_claims):
        for i in c.members:
            claims_of.setdefault(i, set()).add(n)

    def together(i, j):  # two sentences of one fact claim (no set of every claim's pairs)
        return i != j and not claims_of.get(i, set()).isdisjoint(claims_of.get(j, ()))

    out = []
    for e, (a, b, s) in enumerate(edges):
        if s < SECOND_FACT_FLOOR:
            continue
        a_best, b_best = best[2 * e], best[2 * e + 1]  # a's best in b's article, b's in a's
        for x, y, x_best, y_best in ((a, b, a_best, b_best), (b, a, b_best, a_best)):
            if x_best == y and y_best != x and together(y, y_best):
                out.append((x, y))  # y states two facts; x matches its other one
                break
    return out


def _add_second_facts(groups, pairs, items, vectors, apart=None) -> list[list[int]]:
    """Put each two-fact sentence y also into the group of the sentence x that matches its
    other fact (a sentence may be in several claims; groups otherwise stay disjoint)."""
    groups = [list(g) for g in groups]
    group_of = {i: g for g in groups for i in g}
    for x, y in pairs:
        g = group_of.get(x)
        if g is None:
            g = [x]
            groups.append(g)
            group_of[x] = g
        if y in g or items[y].article in {items[i].article for i in g}:
            continue
        if float((vectors[g] @ vectors[y]).min()) >= CHAIN_FLOOR and not _apart_from(y, g, apart):
            g.append(y)
    return [sorted(g) for g in groups if len(g) >= 2]


def _apart_from(x: int, members, apart) -> bool:
    """Item x tells of another event than some member (`apart(x, member)`, when given: an
    _Apart, which asks nothing of an item that may be apart from none)."""
    return apart is not None and apart.may(x) and any(apart(x, i) for i in members if apart.may(i))


def _cluster(links, items, vectors, chain_floor, apart=None) -> list[list[int]]:
    """Groups (of two or more articles) from scored links, strongest first. Two groups join
    only when they share no article (one sentence per article, so a shared neighbour cannot
    chain two facts), every cross pair is at least loosely related (CHAIN_FLOOR), and no
    cross pair states different facts (`apart`, when given: an _Apart; a sentence linked to
    two others cannot chain a previous event's toll onto this one's)."""
    group = {}  # item -> (members, their articles, {signature: a member that may be apart})

    def alone(i):
        return [i], {items[i].article}, {apart.signature(i): i} if apart and apart.may(i) else {}

    for a, b, _ in sorted(links, key=lambda t: -t[2]):
        ga = group.get(a) or alone(a)
        gb = group.get(b) or alone(b)
        if ga is gb or ga[1] & gb[1]:
            continue
        if float((vectors[ga[0]] @ vectors[gb[0]].T).min()) < chain_floor:
            continue
        if any(apart(i, j) for i in ga[2].values() for j in gb[2].values()):
            continue
        if len(ga[0]) < len(gb[0]):
            ga, gb = gb, ga  # the smaller group joins the larger: each item moves O(log n) times
        ga[0].extend(gb[0])
        ga[1].update(gb[1])
        ga[2].update(gb[2])  # (members of one signature are apart from the same items)
        for i in (a, b, *gb[0]):
            group[i] = ga
    groups = {id(g): g[0] for g in group.values()}
    return sorted(sorted(g) for g in groups.values())
