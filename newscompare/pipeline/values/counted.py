"""What a figure counts: the noun after it ('14 people' -> 'people', '5km' -> 'km') and its
concept, the nearest event word in its clause (killed, missing, evacuated...) or else the
class of its noun (troops, vehicles...). Two figures that count different concepts state
different facts."""

import re

from .numerals import HEDGES, SCALES, UNITS

# Measuring units written after a number ("5km", "5-kilometre", "five-kilometer"): one key per unit.
UNIT_NOUNS = {
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kms": "km",
    "metre": "m",
    "meter": "m",
    "metres": "m",
    "meters": "m",
    "mile": "mile",
    "miles": "mile",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "tonne": "tonne",
    "ton": "tonne",
    "tonnes": "tonne",
    "tons": "tonne",
    "cubic": "cubic",
    "pound": "lb",
    "pounds": "lb",
    "lb": "lb",
    "lbs": "lb",
}

# Areas, in any of their units, are one concept measured in hectares, so that "14,000
# hectares" and "140 square kilometres" are one figure and "14,000 acres" another.
AREA = "area"
_AREA_UNITS = (
    (
        re.compile(r"^[\s-]*(?:square|sq\.?)[\s-]*(?:kilomet(?:re|er)s?|km)\b|^\s*km(?:2|²)", re.I),
        100.0,
    ),
    (re.compile(r"^[\s-]*(?:square|sq\.?)[\s-]*mi(?:les?)?\b", re.I), 258.999),
    (re.compile(r"^[\s-]*(?:square|sq\.?)[\s-]*met(?:re|er)s?\b|^\s*m(?:2|²)", re.I), 0.0001),
    (re.compile(r"^[\s-]*(?:hectares?|ha)\b", re.I), 1.0),
    (re.compile(r"^[\s-]*acres?\b", re.I), 0.404686),
)


def area_unit(after: str) -> tuple[float, int] | None:
    """The area unit right after a figure: how many hectares one of it is, and where it ends
    in `after`; None when no area unit follows."""
    for unit, ha in _AREA_UNITS:
        m = unit.match(after)
        if m:
            return ha, m.end()
    return None


_WORD = re.compile(r"[^\W\d_]+")


def unit_end(after: str) -> int:
    """Where the measuring unit written after a figure ends in `after` ("5km", "1,150
    kilometers", "20-mile", "3 million tonnes"): within its first three words; 0 when none
    of them is a unit."""
    end = 0
    for m in list(_WORD.finditer(after))[:3]:
        if end and after[end : m.start()].strip(" -"):
            break  # the unit is over: "1,150 kilometres (700 miles)"
        if m.group(0).lower() in UNIT_NOUNS:
            end = m.end()  # and on through the next: "cubic metres"
        elif end:
            break
    return end


_STOP_NOUNS = {
    "of",
    "the",
    "a",
    "an",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "from",
    "for",
    "by",
    "with",
    "who",
    "that",
    "which",
    "were",
    "was",
    "are",
    "is",
    "have",
    "had",
    "has",
    "been",
    "more",
    "than",
    "still",
    "now",
    "other",
    "their",
    "its",
    "his",
    "her",
    "new",
    "some",
    "all",
}

# What a count counts, as general news concepts: the event word nearest the number decides
# ("killing 240,000 people and displacing four million"). Stems, matched at word starts.
_EVENT_CONCEPTS = {
    "killed": (
        "kill",
        "toll",
        "dead",
        "died",
        "die",
        "dying",
        "death",
        "fatalit",
        "lives",
        "bodies",
        "perish",
        "slain",
    ),
    "injured": ("injur", "wound", "hurt", "hospital", "treated"),
    "missing": ("missing", "unaccounted"),
    "displaced": (
        "evacuat",
        "displac",
        "homeless",
        "fled",
        "flee",
        "uproot",
        "relocat",
        "moved out",
        "forced from",
        "from their homes",
        "refugee",
    ),
    "arrested": ("arrest", "detain", "jailed", "custody"),
    "destroyed": ("destroy", "damag", "swept away", "flattened", "uninhabitable"),
}
# Counts an unfolding event adds to while it is reported: its victims, the people it drove
# out or had arrested, the damage it did, the ground a fire or flood covered. Two outlets that
# give a higher figure later may be reporting a later stage; a fixed quantity (a fleet, a
# capacity, a share, a distance, a crowd, the troops a deal names) does not move in days.
RUNNING_TALLIES = frozenset(_EVENT_CONCEPTS) | {AREA}
_NOUN_CONCEPTS = {
    "troops": (
        "troop",
        "soldier",
        "personnel",
        "servicem",
        "marine",
        "infantry",
        "forces",
        "fighter",
    ),
    "vehicles": ("vehicle", "tank", "armour", "armor"),
    "buildings": ("home", "house", "building", "dwelling"),
    "aircraft": ("aircraft", "jet", "plane", "helicopter", "drone"),
    "flights": ("flight",),
    # A workforce counted in any of its words: "1,900 of its 4,600 jobs" / "2,600 of its
    # 4,600 employees" / "1,900 staff face the axe".
    "jobs": ("job", "post", "position", "employee", "worker", "staff", "workforce"),
    "people": ("people", "person", "resident", "villager", "civilian", "citizen", "inhabitant"),
}
_CONCEPT_WINDOW = 10  # words either side; far enough for "the death toll from ... rose to 17"


def _stem(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def noun_after(sentence: str, end: int) -> str:
    """The word a number counts: the next content word ('14 people' -> 'people'); a
    participle before another word is its modifier ('12 water-bombing aircraft', 'two
    neighbouring countries')."""
    found = re.findall(r"[A-Za-z][A-Za-z'’-]*\.?", sentence[end : end + 60])[:5]
    for k, w in enumerate(found):
        lw = w.lower().rstrip(".")
        if lw in _STOP_NOUNS or lw in UNITS or lw in SCALES or lw in HEDGES:
            continue
        if w[0].isupper() and lw not in UNIT_NOUNS:
            continue  # a name before the noun: "38,000 OGE Energy Corp. customers"
        first = lw.split("-")[0]
        if first in UNIT_NOUNS:
            return UNIT_NOUNS[first]
        if re.fullmatch(_ADJECTIVES, lw) and k + 1 < len(found) and _modified(found[k + 1]):
            continue  # adjectives: the noun comes next ("four strong aftershocks")
        if _PARTICIPLE.fullmatch(lw) and k + 1 < len(found) and _modified(found[k + 1]):
            continue
        if re.search(r"['’]s?$", lw) and k + 1 < len(found):
            continue  # an owner: "1,870 of the airline's 4,600 posts" counts posts
        return _stem(lw)
    return ""


_PARTICIPLE = re.compile(r"[a-z'-]{2,}(?:ing|ed)")
_ADJECTIVES = (
    r"armou?red|unarmed|armed|naval|military|strong|powerful|major|minor|small|large|big|"
    r"heavy|severe|fresh|separate|additional|extra|further"
)


def _modified(word: str) -> bool:
    """A word a participle before it may modify: a lowercase noun, no function word."""
    lw = word.lower().rstrip(".")
    return word[0].islower() and lw not in _STOP_NOUNS and not _PARTICIPLE.fullmatch(lw)


def verb_before(sentence: str, start: int) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence[max(0, start - 40) : start])
    return words[-1].lower() if words else ""


def _clause_words(text: str, backwards: bool) -> list[str]:
    """Words next to a number, nearest first, up to the clause edge (a comma or semicolon)
    or another number, whose own context that is. After the number, an aside set off by
    commas between its noun and its verb is passed over ("Three people, one of them a
    nurse, were killed")."""
    tokens = re.findall(r"[a-z]+|\d[\d,.]*|[,;:()]", text.lower())
    if backwards:
        tokens.reverse()
    else:
        tokens = _without_aside(tokens)
    words = []
    for t in tokens[:_CONCEPT_WINDOW]:
        if t in ",;:()" or t[0].isdigit():
            break
        words.append(t)
    return words


_ASIDE_WORDS = 8  # an aside longer than this is a clause of its own
_VERB_AFTER_ASIDE = re.compile(r"(?:were|was|are|is|have|has|had|died|die)$")


def _without_aside(tokens: list[str]) -> list[str]:
    """The tokens after a number without an aside right after its noun: ", ... ," of at most
    _ASIDE_WORDS words, with no number in it, followed by the noun's verb; or without the
    comma that closes an aside the number stands in."""
    if len(tokens) >= 2 and tokens[0] == "," and _VERB_AFTER_ASIDE.match(tokens[1]):
        return tokens[1:]  # the count is itself the aside: "The crew, two men, were ..."
    if len(tokens) < 3 or tokens[1] != ",":
        return tokens
    close = next((k for k in range(2, min(len(tokens), _ASIDE_WORDS + 3)) if tokens[k] == ","), 0)
    aside = tokens[2:close]
    if (
        close
        and close + 1 < len(tokens)
        and _VERB_AFTER_ASIDE.match(tokens[close + 1])
        and not any(t[0].isdigit() or t in ";:()" for t in aside)
    ):
        return tokens[:1] + tokens[close + 1 :]
    return tokens


# What a figure measures when a measure word follows it ("a 6.1-magnitude quake", "a 5.9
# magnitude quake", "a 6.7-strength quake"): no count of the event. One led by a measure word
# ("magnitude-5.9") counts no event either, but keeps its noun's class as its concept: made a
# magnitude, it moved ECB+ alignment (QUALITY.md round 9).
_MEASURES = {"magnitude": "magnitude", "strength": "magnitude"}
_MEASURE_BEFORE = re.compile(r"\b(?:magnitude|strength)(?:\s+of)?[\s-]*$", re.IGNORECASE)
# The people a place holds: "home to 120,000 people", "a population of 100,000", "a city of
# 500,000": what the figure counts is the place's population, whatever happens nearby.
POPULATION = "population"
_POPULATION_BEFORE = re.compile(
    r"\b(?:population\s+of|home\s+to|(?:city|town|village|island|country|nation|region|"
    r"province|district)\s+of)\s*$",
    re.IGNORECASE,
)
_POPULATION_NOUNS = {"", "people", "person", "resident", "inhabitant", "soul"}


def _measured(sentence: str, start: int, end: int, noun: str) -> str:
    """The measure or population a figure states by the words joined to it (see _MEASURES,
    _POPULATION_BEFORE); '' for a figure that is neither. A noun joined by a hyphen ("a
    6.7-strength quake", "a 3-storey block") is what the figure measures: never a toll."""
    before = re.sub(rf"(?:\b(?:{_HEDGE_WORDS})\s+)+$", "", sentence[:start], flags=re.I)
    if noun in _MEASURES:
        return _MEASURES[noun]
    if _POPULATION_BEFORE.search(before) and noun in _POPULATION_NOUNS:
        return POPULATION
    joined = re.match(r"-([a-z]+)\b", sentence[end:])
    if not joined or joined.group(1) in _NOT_MEASURED or _stem(joined.group(1)) in _NOT_MEASURED:
        return ""  # "a 1,200-strong crowd" counts people; "110-billion" is a scale
    return _stem(joined.group(1))


# Words joined to a figure that say how much, not what it measures: a scale, a unit of time
# (a length or an age), a currency, "strong" (a crowd's count); and a dash read as a hyphen
# before a word that is no noun ("two women and a man-were killed").
_NOT_MEASURED = set(SCALES) | {"strong", "second", "minute", "hour", "day", "week", "month"}
_NOT_MEASURED |= {"year", "decade", "century", "euro", "dollar", "pound", "yen", "franc"}
_NOT_MEASURED |= _STOP_NOUNS | {"be", "being", "will", "would", "could", "can", "may", "did"}


_HEDGE_WORDS = "about|some|around|nearly|almost|roughly|approximately|more than|over|at least"


def concept(sentence: str, start: int, end: int, noun: str) -> str:
    """What the number at [start, end) counts: a measure or population joined to it
    (`_measured`), else the nearest event word (killed, missing, evacuated...) in its
    clause, else the class of its noun (troops, vehicles...). A figure led by a measure word
    ("a magnitude-6.0 quake can cause severe damage") counts no event: its noun's class."""
    measured = _measured(sentence, start, end, noun)
    if measured:
        return _noun_class(measured)
    if _MEASURE_BEFORE.search(sentence[:start]):
        return _noun_class(noun)
    best, best_distance = "", _CONCEPT_WINDOW + 1
    # The words after a number win ties: "17 killed, and 32 are still missing". A hedge is part
    # of its figure: "killing at least three and injuring others" counts the killed.
    after = _clause_words(sentence[end:], False)
    before = _clause_words(_unhedged(sentence[:start]), True)
    if _OWN_VERB.intersection(after[:2]) and _JOINED.intersection(before):
        # The figure is the subject of a clause of its own: "Three were killed and 12 people
        # were injured": what the clause before it says counts the other figure.
        before = before[: min(before.index(w) for w in _JOINED.intersection(before))]
    for words in (after, before):
        for d, word in enumerate(words):
            if d >= best_distance:
                break
            pair = " ".join(words[d : d + 3]) if words is not None else word
            hit = next(
                (
                    c
                    for c, stems in _EVENT_CONCEPTS.items()
                    if any(word.startswith(st) or (" " in st and st in pair) for st in stems)
                ),
                None,
            )
            if hit:
                best, best_distance = hit, d
                break
    if best and not (best in _PEOPLE_EVENTS and _counts_a_thing(sentence[end:], noun)):
        return best
    return _noun_class(noun)


# The verb right after a figure (or its noun) that makes it the subject of its clause, and
# the words that join that clause to the one before.
_OWN_VERB = {"are", "were", "is", "was", "have", "has", "had", "remain", "remained", "died"}
_JOINED = {"and", "but", "while", "whereas", "although", "though"}


def _noun_class(noun: str) -> str:
    """The class of a counted noun (_NOUN_CONCEPTS: 'soldiers' -> 'troops'), else the noun."""
    return next((c for c, sts in _NOUN_CONCEPTS.items() if noun and noun.startswith(sts)), noun)


# What happens to people only: a count of villages or helicopters is never a toll
# ("flattening seven villages and killing 10 people"; "two helicopters moved the injured").
_PEOPLE_EVENTS = {"killed", "injured", "missing", "displaced", "arrested"}
_THING_CLASSES = ("vehicles", "buildings", "aircraft", "flights")
# Places and things that carry, shelter or serve people, as the singular noun a count takes
# (whole words: a "villager" is a person, "homeless" people are people).
_THING_NOUNS = {"village", "town", "city", "district", "region", "province", "island"}
_THING_NOUNS |= {"country", "boat", "ship", "vessel", "truck", "lorry", "car", "bus", "farm"}
_THING_NOUNS |= {"ambulance", "school", "hospital", "bridge", "road", "mosque", "church"}
_THING_NOUNS |= {"shop", "factory"} | {st for c in _THING_CLASSES for st in _NOUN_CONCEPTS[c]}


# An increment: "two more victims", "another five people", "a further 20,000": a count added
# to one told before, not the total; "nine other measures" counts others than those told.
_ADDED_AFTER = re.compile(r"^\s*(?:more|additional|extra|further|other)\b", re.IGNORECASE)
_ADDED_BEFORE = re.compile(r"\b(?:another|a\s+further|an\s+additional|an\s+extra)\s*$", re.I)


def added_to_earlier(sentence: str, start: int, end: int) -> bool:
    """The figure at [start, end) counts more of something told before (see _ADDED_AFTER)."""
    before = _unhedged(sentence[:start])
    return bool(_ADDED_AFTER.match(sentence[end:]) or _ADDED_BEFORE.search(before))


def _unhedged(before: str) -> str:
    """The words before a figure without the hedge that leads it ("killing at least ")."""
    return re.sub(rf"(?:\b(?:{_HEDGE_WORDS})\s+)+$", "", before, flags=re.I)


# A length joined to the noun it measures ("a 2 week trial", "a six-month inquiry", "the
# 30-year bond"): its unit is singular and a content word follows.
_LENGTH_OF_NOUN = re.compile(r"[\s-]+([a-z][a-z'-]*)")
_NOT_LENGTH_NOUNS = _STOP_NOUNS | {"ago", "later", "earlier", "after", "before", "old", "long"}


def noun_of_length(sentence: str, v: dict) -> str:
    """The noun a length is joined to ("followed a 2 1/2 week trial" -> "trial"): the length
    is that thing's, whatever its clause's subject. "" for any other value."""
    if v["type"] != "duration" or (v.get("text") or "").endswith("s"):
        return ""
    m = _LENGTH_OF_NOUN.match(sentence, v["end"])
    return m.group(1) if m and m.group(1) not in _NOT_LENGTH_NOUNS else ""


# A ranking's cut ("among the top 10 exporters", "the bottom five states"): how far down a
# list the writer looked, not a quantity measured.
_CUT_BEFORE = re.compile(r"\b(?:top|bottom)[\s-]*$", re.IGNORECASE)


def ranking_cut(sentence: str, start: int) -> bool:
    """The figure starting at `start` is the size of a ranking's cut (_CUT_BEFORE)."""
    return bool(_CUT_BEFORE.search(sentence[:start]))


# Someone's share of a whole ("the country's share of the bailout, $28 billion"): a part.
_SHARE_BEFORE = re.compile(r"\b(?:share|part|portion)\s+of\b[^,;.!?]{0,40},?\s*$", re.IGNORECASE)
# Places counted where something else happened ("homes in five villages were damaged"), not
# what happened to them ("the flood swept away five villages").
_PLACES = {"village", "town", "city", "district", "region", "province", "island", "country"}
_IN_PLACES = re.compile(
    r"\b(?:in|across|at|throughout)\s+(?:(?:the|some|about|around|nearly|at least)\s+)*$", re.I
)


# A count broken down into parts in an aside right after it, set off by dashes or brackets:
# "Five people - two with burns, three with cuts - were treated", "Nine crew (six sailors and
# three officers) were rescued". The figures inside count parts of the count before them.
_NUMBER = rf"(?:\d[\d,.]*|(?:{'|'.join(UNITS)})\b)"
_BREAKDOWN = re.compile(
    rf"\b{_NUMBER}\s+[A-Za-z]+\s*[-–—(]\s*(?P<aside>{_NUMBER}[^-–—()]*?)\s*[-–—)]",
    re.IGNORECASE,
)


def in_breakdown(sentence: str, start: int) -> bool:
    """The figure starting at `start` is a part in an aside that breaks down the count before
    it (_BREAKDOWN) into two or more parts: one figure in brackets restates the count in
    another unit ("50 degrees (120 Fahrenheit)")."""
    return any(
        m.start("aside") <= start < m.end("aside")
        and len(re.findall(_NUMBER, m.group("aside"), re.IGNORECASE)) >= 2
        for m in _BREAKDOWN.finditer(sentence)
    )


def share_of_whole(sentence: str, start: int) -> bool:
    """The figure starting at `start` is told as a share of something (_SHARE_BEFORE)."""
    return bool(_SHARE_BEFORE.search(sentence[:start]))


def places_where(sentence: str, start: int, noun: str) -> bool:
    """The figure starting at `start` counts places where something else happened
    (_IN_PLACES)."""
    return noun in _PLACES and bool(_IN_PLACES.search(sentence[:start]))


def _counts_a_thing(after: str, noun: str) -> bool:
    """The number's own noun, the word right after it ("seven villages", "38 aircraft"), is a
    thing or a place, not people. A noun further on ("forcing 1,200 from their homes") is
    not what the number counts."""
    words = re.findall(r"[\w'-]+", after[:40].lower())
    own = bool(words) and words[0].lstrip("-").startswith(noun[:4])  # "36-aircraft fleet"
    return own and (noun in _THING_NOUNS or noun.removesuffix("s") in _THING_NOUNS)
