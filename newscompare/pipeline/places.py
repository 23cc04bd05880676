"""Where a sentence's event happens, and whether two sentences' events happen in different
places: an event is bound to its place as a figure is bound to its time (same_fact.fact_time).

- `event_places`: the names a sentence's main clause puts its event in, at or into, or has it
  leave ("checked into the Harlow Clinic", "walked out of the Harlow Clinic"). A place in a
  subordinate, relative or attribution clause ("after leaving a clinic in Brenton, ...") is
  another event's or the telling's; one inside a phrase of motion ("moved to a prison in
  Arlow") is where something went; one qualifying a noun ("a Vessex rehab centre", "the Ostra
  films") names no place of the event. A headline capitalises every word ("Wins In Six",
  "Accused In Kraft Shooting"), so there only names the story's sentences place things in count.
- `geography`: what the story itself says of its places: what lies inside what ("the Harlow
  Clinic in Brenton, Vessex": the clinic and its town are one place, not two), and which two
  places one sentence names as two ("after leaving a clinic in Brenton, she checked into the
  Harlow Clinic in Arlow").
- A place the event leaves ("walked out of the Harlow Clinic", "left the Harlow Clinic", "left
  a clinic in Dunmore") is a `Left` place: leaving a place and arriving there are two events.
- `places_apart`: both sentences place their event, no place of one is a place of the other
  (nor inside it, nor around it), and the story names two of them as two places. Two sentences
  that tell of the same action at two places are two events. A sentence that names no place is
  apart from none, and neither are two places the story never tells apart (a town and a
  district of it that no sentence relates may be one place). Also apart: one leaves a place
  the other's event is at or goes into, and the two arrive at no one place ("checked out of
  the Harlow Clinic" / "checked into the Harlow Clinic").

A place name is compared by its words (first four letters, so "Calif." meets "California"),
without the words that name a kind of place ("Center", "County", "Hospital"): one place is
the other when the words of one are all words of the other ("the Harlow Clinic" / "Harlow").
Only capitalised names count: "in a clinic", "at the scene" place nothing.
"""

import re
from dataclasses import dataclass, field

from .values.clauses import clauses

# A locative preposition (any case: headlines capitalise it) and the capitalised name after it,
# up to a function word (a headline capitalises those too: "Into Harlow After Leaving ...").
_FUNCTION = frozenset(
    (
        "after before and or but for with without to from as on by over amid following where "
        "while when who that is are was were has have had will in at into near of the a an "
        "this its his her their one two three four five six seven eight nine ten first second "
        "third fourth fifth sixth seventh eighth ninth tenth monday tuesday wednesday thursday "
        "friday saturday sunday january february march april may june july august september "
        "october november december"
    ).split()
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|de\s+|la\s+)?[A-Z][\w.'’-]*)*"
# An event happens in, at or into a place, or leaves it ("from", "out of"). ("near" and
# "outside" place nothing exactly: "near Brenton" may be any town around it.)
_PLACED = re.compile(rf"\b(?i:in|at|into|inside|from|out\s+of)\s+(?:(?i:the)\s+)?({_NAME})")
# A verb of leaving and the name of what it leaves ("left the Harlow Clinic", "Leaves Harlow").
_LEAVING_VERB = (
    r"(?i:left|leaves|leaving|leave|quit|quits|quitting|fled|flees|fleeing|escaped|escapes"
    r"|exited|exits)"
)
_LEAVES = re.compile(rf"\b{_LEAVING_VERB}\s+(?:(?i:from)\s+)?(?:(?i:the)\s+)?({_NAME})")
# What comes just before a name the event leaves: "out of (the)", a verb of leaving, or one and
# the thing left before the name that places it ("left a rehab facility in").
_LEFT_BEFORE = re.compile(
    rf"(?:\b(?i:out\s+of)|\b{_LEAVING_VERB}(?:\s+(?i:from))?"
    r"(?:\s+(?:(?:a|an|the|his|her|their|its)\s+)?(?:[a-z-]+\s+){0,2}(?i:in|at))?)\s+(?:(?i:the)\s+)?$"
)
# A name placing the name before it ("the Harlow Clinic in Brenton", "..., Vessex") shares its
# direction: leaving the clinic in Brenton leaves Brenton.
_PLACES_BEFORE = re.compile(r"^(?:\s*,\s*|\s+(?i:in|near)\s+(?:(?i:the)\s+)?)$")


class Left(frozenset):
    """A place (place_words) the event leaves: equal to the same place, but not arrived at."""


# A name after any preposition of place or motion: the first of a "the X in Y, Z" phrase.
_LEADS = re.compile(
    rf"\b(?i:in|at|into|inside|near|outside|from|to|of|out\s+of)\s+(?:(?i:the)\s+)?({_NAME})"
)
# What lies around a place just named: "..., Vessex" or "... (plant) in Vessex".
# (After a comma only a name the phrase ends with: ", Vessex, said" but not ", Rehires Anna".)
_AROUND = re.compile(  # (matched at the end of a name: no "^")
    rf"(?:,\s+({_NAME})(?=\s*(?:[,.;:)]|$))"
    rf"|(?:\s+[a-z]+){{0,2}}\s+(?i:in|near)\s+(?:(?i:the)\s+)?({_NAME}))"
)
_WORD_AFTER = re.compile(r"\W*(\w*)")
# Words that say what kind of place a name is, not which one.
_KIND_WORDS = frozenset(
    (
        "center centre clinic hospital facility facilities treatment rehab rehabilitation "
        "county city state province region district village town island street road avenue "
        "square park airport station port bay river lake mountain valley beach coast north "
        "south east west northern southern eastern western central new upper lower great "
        "saint san santa los las fort mount university college school church hotel house "
        "court prison jail camp base office building hall stadium arena plant factory mall "
        "northeast northwest southeast southwest ne nw se sw the"
    ).split()
)


# Lowercase words that may follow a place name (the clause goes on): anything else qualified by
# the name is a noun of its own ("California rehab", "the Ostra films").
_FOLLOWS_A_PLACE = frozenset(
    (
        "after before and or but because on in at to for with from by as when while where since "
        "until than that which who whom whose is was were are has have had will would could "
        "said says told last this early late earlier later yesterday today tonight over under "
        "near of the a an it he she they where until amid following during"
    ).split()
)


def place_words(name: str) -> frozenset:
    """The words that tell one place from another: first four letters, kind words left out."""
    words = re.findall(r"[a-z]+", name.lower().replace(".", ""))
    return frozenset(w[:4] for w in words if w not in _KIND_WORDS and len(w) >= 2)


def _names_placed(text: str, pattern=_PLACED) -> list[tuple[str, int]]:
    """(name, end) for each name after a locative preposition (`pattern`), cut at a function
    word (_cut_name); not a name that qualifies the noun after it ("in California schools",
    "in the Ostra films": the noun is what is placed, and it names no place)."""
    out, at = [], 0
    while m := pattern.search(text, at):
        name = _cut_name(m.group(1))
        end = m.start(1) + len(name)
        # (A cut name leaves the rest to be read again: "Out Of X And Into Y" places Y too.)
        at = m.end() if name == m.group(1) else max(end, m.start(1) + 1)
        if not name or not place_words(name):
            continue
        if name == m.group(1):
            after = _WORD_AFTER.match(text, end).group(1)
            if after.islower() and after not in _FOLLOWS_A_PLACE | _KIND_WORDS:
                continue
        out.append((name, end))
    return out


def _cut_name(name: str) -> str:
    """The name up to its first capitalised function word ("Harlow After Leaving" ->
    "Harlow"; "Six" -> "")."""
    end = 0
    for m in re.finditer(r"\S+", name):
        word = m.group()
        lead = re.match(r"[A-Za-z]*", word).group()
        if (
            word[0].isupper()
            and lead.lower() in _FUNCTION
            and not re.match(r"\w", word[len(lead) :])
        ):
            break
        end = m.end()
    return name[:end]


# A place inside a phrase of motion ("moved to a prison in Arlow", "from a clinic in Dunmore")
# is where something went or came from, not where the event happened.
_MOTION_BEFORE = re.compile(
    r"\b(?:to|from|towards?)\s+(?:(?:a|an|the|his|her|their|its)\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?i:in|at|inside)\s+(?:the\s+)?$"
)


def event_places(text: str, geo: "Geography | None" = None) -> list[frozenset]:
    """The places (place_words) a sentence's main clause puts its event in (see the module).
    In a title-case line (a headline), where every word is capitalised, only the names the
    story's own sentences place something in (`geo`) count: "Wins In Six", "Accused In Kraft
    Shooting" name no place."""
    named = sorted(
        {
            (end - len(name), name)
            for name, end in _names_placed(text) + _names_placed(text, _LEAVES)
        }
    )
    if not named:
        return []
    main = [c for c in clauses(text) if c.kind == "main"]
    out, left, prev_end = [], False, -1
    for start, name in named:
        before = text[:start]
        left = bool(_LEFT_BEFORE.search(before)) or (
            left and _PLACES_BEFORE.match(text[prev_end:start]) is not None
        )
        prev_end = start + len(name)
        if any(c.start <= start < c.end for c in main) and not _MOTION_BEFORE.search(before):
            out.append(Left(place_words(name)) if left else place_words(name))
    if title_case(text):
        known = geo.known if geo else set()
        out = [p for p in out if any(p <= k for k in known)]
    return out


def title_case(text: str) -> bool:
    """Most words of four letters or more are capitalised: a headline's style."""
    words = re.findall(r"[A-Za-z]{4,}", text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


@dataclass
class Geography:
    """What a story says of its places: which lies in which (`within`: {place: the places it
    lies in, directly}, from "the X in Y, Z" phrases), and which it names as two places in
    one sentence (`contrasted`: pairs of places neither inside the other)."""

    within: dict = field(default_factory=dict)
    contrasted: list = field(default_factory=list)
    known: set = field(default_factory=set)  # what a sentence (no headline) places things in
    # places_apart's answers, by the two sentences' places: a story has few distinct ones
    answers: dict = field(default_factory=dict)


def geography(texts) -> Geography:
    """The story's Geography, read from its sentences."""
    geo = Geography()
    read = []  # (text, is a headline, its placed names' ends, its lead names): those with any
    for text in texts:
        leads = _names_placed(text, _LEADS)
        if leads:
            placed = _names_placed(text)
            headline = title_case(text)
            read.append((text, headline, {end for _, end in placed}, leads))
            if not headline:
                geo.known |= {place_words(name) for name, _ in placed}
    for text, headline, placed, leads in read:
        heads = []  # the places the sentence puts something in, at or into ("of X": no)
        for name, end in leads:
            inner = place_words(name)
            if end in placed and (not headline or any(inner <= k for k in geo.known)):
                heads.append(inner)
            while m := _AROUND.match(text, end):
                outer = place_words(_cut_name(m.group(1) or m.group(2)))
                if outer and outer != inner and not headline:
                    geo.within.setdefault(inner, set()).add(outer)
                inner, end = outer or inner, m.end(m.lastindex)
        geo.contrasted += [(p, q) for k, p in enumerate(heads) for q in heads[k + 1 :]]
    geo.contrasted = [(p, q) for p, q in geo.contrasted if not _one_place(p, q, geo.within)]
    return geo


def _around(place: frozenset, within: dict) -> set[frozenset]:
    """The place and every place the story puts it in, directly or through others."""
    seen, todo = {place}, [place]
    while todo:
        for outer in within.get(todo.pop(), ()):
            if outer not in seen:
                seen.add(outer)
                todo.append(outer)
    return seen


def _one_place(p: frozenset, q: frozenset, within: dict) -> bool:
    """p and q are one place, or one lies inside the other (by their words or the story's)."""
    return any(x <= q or q <= x for x in _around(p, within)) or any(
        y <= p or p <= y for y in _around(q, within)
    )


def _contrasted(p: frozenset, q: frozenset, geo: Geography) -> bool:
    """The story names p (or a place around it) and q (or one around it) as two places."""
    around_p, around_q = _around(p, geo.within), _around(q, geo.within)
    return any(
        any(x <= a or a <= x for a in around_p) and any(y <= b or b <= y for b in around_q)
        for pair in geo.contrasted
        for x, y in (pair, pair[::-1])
    )


def places_apart(places_a: list, places_b: list, geo: Geography) -> bool:
    """Both sentences place their event (event_places), no place of one is one place with a
    place of the other, and the story names two of them as two places in one sentence (a
    town and a district the story never relates may be one place)."""
    if not places_a or not places_b:
        return False
    key = (
        tuple((p, isinstance(p, Left)) for p in places_a),
        tuple((q, isinstance(q, Left)) for q in places_b),
    )  # (a Left place equals the same place arrived at: the key tells them apart)
    if key not in geo.answers:
        geo.answers[key] = (
            not any(_one_place(p, q, geo.within) for p in places_a for q in places_b)
            and any(_contrasted(p, q, geo) for p in places_a for q in places_b)
        ) or _left_for_other(places_a, places_b, geo.within)
    return geo.answers[key]


def _left_for_other(places_a: list, places_b: list, within: dict) -> bool:
    """One sentence's event leaves a place the other's event is at (or goes into), and the
    two events arrive at no one place: leaving and arriving are two events."""
    at_a = [p for p in places_a if not isinstance(p, Left)]
    at_b = [q for q in places_b if not isinstance(q, Left)]
    left_a = [p for p in places_a if isinstance(p, Left)]
    left_b = [q for q in places_b if isinstance(q, Left)]
    return not any(_one_place(p, q, within) for p in at_a for q in at_b) and (
        any(_one_place(p, q, within) for p in left_a for q in at_b)
        or any(_one_place(p, q, within) for p in at_a for q in left_b)
    )
