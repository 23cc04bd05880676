"""Typed values in a sentence: numbers (with hedge and what they count), percentages,
money, dates (resolved against the article's publication date), durations, quotes with
their speaker, and named entities.

Every value is a plain dict of the shape `Value` (shape.py) so it can be stored as JSON on
a claim member:
    {"type": "number", "text": "at least 30", "normalized": "30", "value": 30.0,
     "hedge": "at least", "noun": "people", "concept": "missing"}
Types: number, percent, money, date, duration, quote, entity.

One module per kind of value: dates.py, numbers.py (and the words and hedges of numerals.py,
what a count counts in counted.py), money.py, durations.py, quotes.py, entities.py.
Quantities are read by an ordered list of passes (quantities.QUANTITY_PASSES) run by one
loop (passes.py) that keeps the spans each pass claims; dates are read first and their spans
are claimed before the quantity passes run. Last, clauses.py binds each value to the fact it
belongs to: its clause, predicate, actor and what it counts.

`extract_values` reads one sentence; `extract_article_values` reads an article's sentences
in order, so that a quote's "he said" can borrow its speaker from the sentence before.
"""

import datetime as dt
from functools import lru_cache

from .clauses import bind
from .dates import WEEKDAYS, extract_dates
from .dates import foreign_month as _foreign_month  # noqa: F401  (speed.py clears its cache)
from .entities import acronyms, entity_key, entity_keys, extract_entities, surname
from .numerals import HEDGES, words_to_number
from .quantities import QUANTITY_PASSES, extract_quantities, join_spans, mark_conversions
from .quotes import PRONOUNS, extract_quotes, last_person
from .shape import Value, ValueType

# 9: "In 2019", participles; 10: no aside before a bare speech verb;
# 11: "X was quoted by Y as saying": X speaks; a count of things or places is no toll;
# 12: people counted by their parts ("two women and a man"), an aside before a count's verb;
# 13: a currency word glued to the figure ("euro110 billion", "a 110bn-euro loan")
# 14: measures and populations, increments, shares, places where, people's acts, places and
# bearings, events of dates and lengths, datelines, "over" a length, "more than" no comparison
# 18: a figure told in the present or future ("plans to cut", "will shed") is `present`;
# a weekday after "is to" or a passive infinitive ("to be voted on Thursday") is the next one
# 19: "nine other measures" an increment, a ranking's cut ("the top 10"), a length of its
# noun ("a 2 week trial")
# 20: a part in an aside breaking down a count (`part`), where a crowd was counted (`place`
# of a count of people), no act for a crowd's size put "at" a figure
VERSION = "values-20"

__all__ = [
    "HEDGES",
    "QUANTITY_PASSES",
    "VERSION",
    "WEEKDAYS",
    "Value",
    "ValueType",
    "acronyms",
    "entity_key",
    "entity_keys",
    "surname",
    "extract_article_values",
    "extract_dates",
    "extract_entities",
    "extract_quantities",
    "extract_quotes",
    "extract_values",
    "words_to_number",
]


def extract_values(sentence: str, published: dt.date | dt.datetime | None = None) -> list[Value]:
    """All typed values of one sentence, in text order. `published`: the article's date.

    The values are a function of (sentence, published) and this VERSION alone, so they are
    read once per process and handed out as copies (a caller may change its own)."""
    return [_copy(v) for v in _values_of(sentence, published)]


def _copy(found):
    """A copy of a value as deep as its dicts, lists and tuples."""
    if isinstance(found, dict):
        return {k: _copy(v) for k, v in found.items()}
    if isinstance(found, list):
        return [_copy(v) for v in found]
    if isinstance(found, tuple):
        return tuple(_copy(v) for v in found)
    return found


# Wire copies, an article's corrected versions and the story's earlier texts repeat sentences
# verbatim; about 1 KB a sentence, so the cache holds at most some tens of MB.
@lru_cache(maxsize=32768)
def _values_of(sentence: str, published) -> tuple[Value, ...]:
    dates = extract_dates(sentence, published)
    quantities = extract_quantities(
        sentence, published, skip=[(d["start"], d["end"]) for d in dates]
    )
    quantities = join_spans(sentence, quantities)
    mark_conversions(sentence, quantities)
    quotes = extract_quotes(sentence)
    for q in quotes:
        # The figures a remark holds, so that a figure changed inside one quote shows.
        inside = [v for v in quantities if q["start"] <= v["start"] and v["end"] <= q["end"]]
        if inside:
            q["figures"] = [
                {k: x for k, x in v.items() if k not in ("start", "end")} for v in inside
            ]
    values = dates + quantities + quotes + extract_entities(sentence)
    return tuple(bind(sentence, sorted(values, key=lambda v: (v["start"], v["type"]))))


def extract_article_values(
    sentences: list[str], published: dt.date | dt.datetime | None = None
) -> list[list[Value]]:
    """Values for each sentence of one article, in order. A quote whose speaker is a pronoun
    ('he told residents') takes the speaker of the sentence before, or the person it names."""
    out, previous_speaker = [], ""
    for sentence in sentences:
        vals = extract_values(sentence, published)
        for v in vals:
            if v["type"] == "quote" and v["speaker"].lower() in PRONOUNS and previous_speaker:
                v["speaker"] = previous_speaker
        speakers = [
            v["speaker"]
            for v in vals
            if v["type"] == "quote" and v["speaker"].lower() not in PRONOUNS
        ]
        previous_speaker = (
            speakers[-1] if speakers else (last_person(vals, sentence) or previous_speaker)
        )
        out.append(vals)
    return out
