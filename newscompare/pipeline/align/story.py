"""What alignment reads of one story, once (read_story): which items are titles (headlines,
decks, title lines inside the body), and each item's fact slots, content words, entity keys,
acronyms, names, stating clauses and event places. And whether two items state different
facts of one kind (Story.apart: bound to different things, parties or times) or tell of
different events (Story.other_events, an Apart: other times, or places the story tells
apart)."""

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from .. import places
from ..same_fact import bound_apart, fact_time, times_apart
from ..values import acronyms, entity_keys
from .clauses import ClauseStating
from .items import Item
from .score import content_words, feature_score, lexical_overlap
from .slots import fact_slots


@dataclass
class Story:
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
    stated_in: "ClauseStating"
    places: list[list[frozenset]]  # where each item's event happens (places.event_places)
    geography: places.Geography  # which places the story relates or tells apart
    headlines: list[bool]
    # Computed once per story, when first asked (alignment asks about one value and one item
    # again for each of its pairs): (item, id(value)) -> its fact_time; (item, times_only) ->
    # its slot keys that may be apart (separable_keys).
    times: dict = field(default_factory=dict, repr=False)
    separable: dict = field(default_factory=dict, repr=False)

    def score(self, a: int, b: int, cosine: float) -> float:
        """The adjusted score of items a and b at this cosine (see feature_score)."""
        return feature_score(
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
    def other_events(self) -> "Apart":
        """other_events(a, b): items a and b tell of different events: figures bound to
        different times, or their events put in different places."""
        return Apart(self, times_only=True, places=True)

    def body(self, edges) -> list[tuple]:
        """The edges between two body sentences (no headline at either end)."""
        heads = self.headlines
        return [(a, b, s) for a, b, s in edges if not heads[a] and not heads[b]]


@dataclass
class Apart:
    """`apart(a, b)`: items a and b state figures of one kind (of `keys`, when given) that are
    apart (Story.apart, by time only with `times_only`), or, with `places`, put their events
    in different places (Story.other_places, for the fact of keys[0] when given). And
    `may(a)`: whether item a may be apart from any item at all (when not, cluster asks
    nothing of its pairs)."""

    story: Story
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


def read_story(items: list[Item], vectors: np.ndarray) -> Story:
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
    return Story(
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
        stated_in=ClauseStating(items, vectors),
        places=[places.event_places(it.text, geography) for it in items],
        geography=geography,
        headlines=[it.headline for it in items],
    )


DECK_LINES = 3  # a title line among an article's first lines is a second headline (a deck)
DECK_WORDS = 4  # ... when it has this many words


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


def _title_line(text: str) -> bool:
    return bool(text) and not re.search(r"[.!?][\"'”’)\]]*$", text.strip())
