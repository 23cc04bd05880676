"""Site furniture (boilerplate) found by the shape of a line, in any language.

A news page wraps its report in furniture: mastheads and section labels, timestamps, bylines and
credits, "read next" links, photo captions, appeals to support or subscribe to the outlet, promos
for an edition in another language, share bars, cookie banners. A report is made of sentences;
furniture is made of fields, labels and calls to the reader. Each rule below names the class it
covers and looks at structure first:

- `is_field_line`   masthead, section label, share bar: short fields split by separators
                    ("OUTLET | World | 12 March 2024", "Share on X | Email").
- `is_timestamp`    a date or clock time with a few words around it ("Updated 5/5/2010 1:41 PM").
- `is_link_label`   "<one to three words>: <a title with no closing stop>" after the article's
                    title: "read next" links, captions with a credit. The title itself may have
                    that shape ("Lawyer: X checks into rehab") and is kept.
- `is_loose_fragment` a piece with no closing stop of at most FRAGMENT_MAX_WORDS words once the
                    report has begun: a promo or caption line, a label split off a sentence
                    ("Map of the region: A tremor shook ..." keeps the sentence, drops the label).
- `is_other_language` a short line in another language than the article's: a promo or a link
                    to another edition ("Auch interessant: ...").
- `is_credit`       a line wholly in brackets: a wire credit or a correction note
                    ("(Saskia Lind reported from Vessen; edited by ...)").
- `is_bare_attribution` a line with no closing stop that is all source and no report: an
                    attribution clause with nothing it attributes ("According to local radio
                    and the Harbour Times"); the clause is read by values.clauses.
- `names_outlet`, `addresses_reader`  in the header (before the report's first sentence), a line
                    other than the title that names the outlet or where the site speaks to the
                    reader: a masthead, a distribution credit, a consent banner.
- `is_outlet_credit` a short sentence made mostly of the outlet's name ("Distributed by X Wire.").
- `is_site_voice`   in any line, a sentence in which the site, not the report, speaks: to the
                    reader ("you", a question) or for itself ("we", "our", "this story"), with
                    nobody it reports ("said", "told", "according to") and outside any quote
                    ("You have 3 free articles left", "We will update this story", "Have a tip?"),
                    or offers it a price in the imperative ("Enjoy full access for $2 a month").
- `is_appeal`       the line speaks to the reader or for the outlet (second person, the outlet's
                    own name, a question outside quotes) about support or subscription; the only
                    word list here is SUPPORT_WORDS, the last resort for appeals that have no
                    other mark.

Across a story, `repeated_furniture`: a line an outlet prints on two or more of its articles
(different texts) with no closing stop, other than the article's title: a section label, a
promo, a sourcing line, a sign-off. A background sentence the outlet repeats is reporting and
is kept.

Last resort, `is_boilerplate`: phrase lists for cookie banners, wire credits, bylines and promos
whose shape is a sentence's, and bare headings (under four words).
Quoted words never count: a source quoted saying "you" or asking a question is reporting.
"""

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from newscompare.lib.language import detect_language, language_probability

from .values.clauses import clauses, is_common_verb, reports_something

# A field line: at least two fields, each at most this many words (a masthead's outlet name,
# section and date; tuned on nothing: the longest field in the dev mastheads is 5 words).
FIELD_MAX_WORDS = 6
# A loose fragment (no closing stop, after the report began): at most this many words. Longer
# lines without a stop are sentences with a lost full stop (ECB+ has several).
FRAGMENT_MAX_WORDS = 8
# Other-language lines: only short ones (a promo, a link), with enough letters to tell the
# language, and only when the identifier gives the article's own language at most this
# probability (not "is sure of another": English lines full of names come out as Nigerian Pidgin
# at 0.90 but keep 0.09 for English; the German and Portuguese promos keep below 0.0002).
OTHER_LANGUAGE_MAX_WORDS = 20
OTHER_LANGUAGE_MIN_LETTERS = 25
OTHER_LANGUAGE_MAX_OWN = 0.001
# A bare attribution line may keep this many words outside its attribution clause (a leading
# "Reports:" or "BREAKING -" is no fact of its own).
BARE_REST_MAX_WORDS = 3
# A sentence of the report: this many words and a closing stop. The first one ends the header
# (title, standfirst, masthead, byline).
BODY_MIN_WORDS = 8

_SEPARATORS = re.compile(r"\s*[|\u00b7\u2022\u25aa\u25ba\u00bb]\s*|\s+[/\u2013\u2014]\s+")
_CLOSING_STOP = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]\u00bb]*\s*$")
_QUOTED = re.compile(
    r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u201e[^\u201c\u201d]*[\u201c\u201d]|\u00ab[^\u00bb]*\u00bb"
    r"|(?<!\w)'[^']*'(?!\w)|\u2018[^\u2019]*\u2019"
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}\s?[:h]\s?\d\d(?!\d)|\d{1,2}\s?[ap]\.?m\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")
_LABEL = re.compile(
    r"^\s*([^\s:\"\u201c\u201d\u201e\u00ab]+(?:\s+[^\s:\"\u201c\u201d\u201e\u00ab]+){0,2})\s*:\s+(\S.*)$"
)
_QUOTE_START = re.compile(r"^[\"'\u201c\u201e\u2018\u00ab]")
# Reader address outside quotes: the second person of the languages news sites mostly use.
_READER = re.compile(
    r"\b(?:you|your|yours|vous|votre|vos|usted|ustedes|você|vocês)\b|\b(?:Sie|Ihr|Ihre|Ihren)\b",
)
# The outlet speaking for itself, outside quotes ("our coverage", "members get our briefing").
_OUTLET_VOICE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
# The last resort: words that name support or subscription (appeals, subscription prompts).
SUPPORT_WORDS = re.compile(
    r"\b(?:subscri\w*|supporter\w*|support|donat\w*|contribution|membership|abonn\w*|suscri\w*|assinant\w*"
    r"|assinatura\w*|abbonat\w*|abbonament\w*|unterstütz\w*|soutenez|soutien)\b",
    re.IGNORECASE,
)
# Words of an outlet's name that do not identify it.
_GENERIC_NAME_WORDS = {
    "the", "of", "and", "news", "service", "services", "english", "international", "daily",
    "online", "via", "media", "press", "agency", "world", "de", "del", "la", "le", "el", "der",
    "die", "das",
}  # fmt: skip


# Lines and sentences that are site furniture, not reporting. Patterns describe kinds of
# furniture seen across news sites, not the wording of any one story.
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bcookies?\b.*\b(use|uses|using|accept|agree|consent|continu\w*|brows\w*|experience)\b",
        r"\b(use|uses|using|accept|agree|consent)\b.*\bcookies?\b",
        r"\b(find out|learn|read) more\b.*\bclick",
        r"\bclick(ing)? (here|this link)\b",
        r"\bnewsletter\b",
        r"\b(delivered|sent|straight|directly) (to|into) your inbox\b",
        r"\b(sign up|subscribe)\b.*\b(inbox|updates|alerts|email)\b",
        r"^before it'?s here, it'?s on the\b",
        r"^(learn more|read more|see also|related|advertisement|sponsored|share this|follow us)\b",
        r"^(read more|read also|see also|related|most read|most popular|top stories|trending|"
        r"more from|also read|watch|listen|lea también|lire aussi|mehr zum thema)\s*:",
        r"^\(?(additional )?(reporting|writing|editing|compiled|translated) by\b",  # wire credits
        r"\b(reader|subscriber)-(supported|funded)\b|\bsubscribe (now|today|for)\b"
        r"|\bsubscribers only\b",
        r"^(sign up|subscribe|register)\b.{0,60}$",
        r"^share (this|on)\b|\b(share on (facebook|x|twitter))\b",
        r"^.{0,60}\s/\s\w+ desk$",
        r"^(last )?(updated?|güncelleme tarihi|aktualisiert|mis à jour|actualizado|aggiornato)\b"
        r".{0,40}\d",
        r"^(published|posted|yayınlanma tarihi)\s*:?.{0,40}\d{4}",
        r"\bnews desk\b",
        r"^©|\ball rights reserved\b|\bcopyright\b",
    )
]
# These need case to tell a credit or byline from prose.
_CASED_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^\(?[A-Z]{2,}(\s*/\s*[A-Z]{2,})*\)?\.?$",  # wire credit: "(AP/DPA)"
        r"^By [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}(\s*(\||in|,)\s*.*)?$",  # byline
    )
]
_WORD_RUN = re.compile(r"\w+")
# Both lists as one pattern each, searched once per sentence (a sentence matches the
# alternation exactly when it matches one of the patterns).
_ANY_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in _BOILERPLATE), re.IGNORECASE)
_ANY_CASED_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in _CASED_BOILERPLATE))


def is_boilerplate(sentence: str, line: str) -> bool:
    """Site furniture by the phrase lists and the line's length: cookie banners, promos,
    bylines, update footers, bare headings (the rules that need no other line of the article)."""
    return is_furniture_line(line) or is_furniture_sentence(sentence)


# The rules asked of each line or sentence are pure functions of it (and of the page's outlet
# words): memoised, since a story's wire copies and rewrites repeat most of their lines verbatim
# (the 1,000-article benchmark story: 18,964 sentences, 3,861 distinct).
LINE_MEMO = 65536


@lru_cache(maxsize=LINE_MEMO)
def is_furniture_sentence(sentence: str) -> bool:
    s = sentence.strip()
    return bool(_ANY_BOILERPLATE.search(s) or _ANY_CASED_BOILERPLATE.search(s))


def is_furniture_line(line: str) -> bool:
    """A short line with a "|" is a masthead or label; under four words, a bare heading.
    (Asked once per line: counting words costs up to the line's length.)"""
    words = sum(1 for _ in itertools.islice(_WORD_RUN.finditer(line), 9))
    return (words <= 8 and "|" in line) or words < 4


def outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def has_closing_stop(text: str) -> bool:
    return bool(_CLOSING_STOP.search(text.strip()))


def is_field_line(line: str) -> bool:
    """Masthead, section label or share bar: two or more short fields between separators."""
    fields = [f for f in _SEPARATORS.split(line.strip())]
    if len(fields) < 2:
        return False
    filled = [f for f in fields if f.strip()]
    return bool(filled) and all(
        len(f.split()) <= FIELD_MAX_WORDS and not has_closing_stop(f) for f in filled
    )


@lru_cache(maxsize=LINE_MEMO)
def is_timestamp(line: str) -> bool:
    """A date or a clock time with a few words around it, and no sentence."""
    text = line.strip()
    if not (_YEAR.search(text) or _CLOCK.search(text) or _NUMERIC_DATE.search(text)):
        return False
    figures = len(re.findall(r"\d+", text))
    # With a closing stop the line may be a short sentence ("He died in 2006."): fewer words.
    extra = 1 if has_closing_stop(text) else 3
    return len(text.split()) <= 14 and len(words(text)) <= figures + extra


def label_and_rest(line: str) -> tuple[str, str] | None:
    """("Read more", "Title of another article") for a "label: rest" line; None otherwise. A
    quotation after the colon is a speaker's words, not a label's."""
    match = _LABEL.match(line)
    if not match or _QUOTE_START.match(match.group(2)) or re.search(r"\d", match.group(1)):
        return None
    return match.group(1), match.group(2)


def is_link_label(line: str) -> bool:
    """ "Most read: <title>", "Photo: <credit>": a short label and a rest with no closing stop."""
    parts = label_and_rest(line)
    return bool(parts) and not has_closing_stop(parts[1])


def is_loose_fragment(piece: str) -> bool:
    """A short piece with no closing stop (a caption, a promo, a label split off a sentence).
    A line that ends in a colon leads into the next one ("The minister told reporters:")."""
    text = piece.strip()
    return (
        not has_closing_stop(text)
        and not text.endswith(":")
        and len(text.split()) <= FRAGMENT_MAX_WORDS
    )


def is_credit(line: str) -> bool:
    """A line wholly in brackets, such as a wire credit at the end of a report."""
    text = line.strip()
    inner = text[1:-1].strip()
    return (
        text.startswith("(")
        and text.endswith(")")
        and text.count("(") == 1
        and not has_closing_stop(inner)  # "(Also, he said so.)" is an aside of the report
    )


def is_bare_attribution(line: str) -> bool:
    """A sourcing line: no closing stop, and every clause of it attributes ("According to state
    radio and two news agencies"); a sentence that attributes something ("According to police,
    two died") has a clause of its own. A line that ends in a colon leads into the next one."""
    text = line.strip()
    if not text or has_closing_stop(text) or text.endswith(":"):
        return False
    parts = clauses(text)
    sourced = sum(c.end - c.start for c in parts if c.kind == "attribution")
    rest = " ".join(text[c.start : c.end] for c in parts if c.kind != "attribution")
    return sourced > 0 and len(words(rest)) < BARE_REST_MAX_WORDS and not reports_something(text)


def outlet_words(*names: str) -> frozenset[str]:
    """The words of an outlet's names that identify it ("Klaxon" of "The Morning Klaxon")."""
    out = set()
    for name in names:
        for word in words(name or ""):
            if len(word) > 2 and word.lower() not in _GENERIC_NAME_WORDS:
                out.add(word.lower())
    return frozenset(out)


def names_outlet(text: str, outlet: frozenset[str]) -> bool:
    return any(w[0].isupper() and w.lower() in outlet for w in words(text))


@lru_cache(maxsize=LINE_MEMO)
def is_outlet_credit(sentence: str, outlet: frozenset[str]) -> bool:
    """A short sentence whose capitalised words are mostly the outlet's name: a distribution or
    photo credit ("Distributed by Kestrel Wire.")."""
    capitalised = [w for w in words(outside_quotes(sentence)) if w[0].isupper()]
    own = [w for w in capitalised if w.lower() in outlet]
    return len(sentence.split()) <= FRAGMENT_MAX_WORDS and len(own) * 2 > len(capitalised)


# The outlet's own voice: what "we" make and offer (a speaker's "we" is anything else), and the
# page naming itself.
_OWN_VOICE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|us)\b(?:\s+\w+){0,2}?\s+(?:newsroom|newsletters?|app|apps|website|site"
    r"|reporting|journalism|coverage|journalists|reporters|editors|team|podcasts?|readers"
    r"|subscribers|updates?|briefing|edition|archive|stories|story|articles?)\b"
)
_TO_READER = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ours)\b")
_THE_PAGE_ITSELF = re.compile(r"\bthis (?:article|story|page|post)\b", re.IGNORECASE)
# A sentence that reports someone: what "we" or "you" says in it is theirs.
_REPORTS_SOMEONE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|reported|reports|according|quoted|quoting"
    r"|added|adds|stated|states|announced|asked|wrote|writes|urged|warned)\b",
    re.IGNORECASE,
)


# "Have a tip?", "You have 3 free articles left this month.": a prompt is short; a longer
# sentence that speaks to "you" is a writer's aside, which reports something.
_PROMPT_MAX_WORDS = 10


@lru_cache(maxsize=LINE_MEMO)
def is_site_voice(sentence: str, in_quote: bool = False) -> bool:
    """The site speaking in its own voice, to the reader or for itself, where a report
    speaks of others: what "we" make or offer ("our newsletter", "we will update this
    story"), the page naming itself, a short prompt ("you", a question) or an offer
    (`is_offer`), outside quotes, in a sentence that reports nobody. `in_quote`: the
    sentence continues a quote opened before it ("This is the least we can do."), so its
    "we" is the speaker's; so does one that opens a quote it does not close."""
    text = outside_quotes(sentence)
    if in_quote or opens_quote(text) or _REPORTS_SOMEONE.search(text):
        return False
    short = len(text.split()) <= _PROMPT_MAX_WORDS
    return bool(
        _OWN_VOICE.search(text)
        or _THE_PAGE_ITSELF.search(text)
        or is_offer(text)
        or (short and (_TO_READER.search(text) or text.rstrip().endswith("?")))
    )


# A price per period offered ("for just $1 a week", "from 9 crowns a month", "for €4.99/month").
_PRICE_PER_PERIOD = re.compile(
    r"\b(?:for|from)\s+(?:(?:just|only|as\s+little\s+as)\s+)?(?:[$€£¥]\s?\d|\d[\d.,]*\s+[^\W\d_]+)[\d.,]*\s*(?:a|an|per|each|/)\s*(?:day|week|month|year)\b",
    re.IGNORECASE,
)
# Words that show a sentence has a subject (first) or a tense (anywhere), which an imperative
# has not.
_SUBJECT_FIRST = re.compile(
    r"^(?:the|a|an|this|that|these|those|it|they|he|she|we|i|you|there|its|their|his|her|our)$",
    re.IGNORECASE,
)
_TENSE = re.compile(r"^(?:is|are|was|were|has|have|had|will|would|can|could|did|does)$", re.I)


def is_offer(text: str) -> bool:
    """An offer to the reader: an imperative (a first word that is no subject, plural, third
    person or participle, and no verb after it: "Enjoy unlimited access ...") that
    offers a price per period ("for just $1 a week"). A report of a price has a subject and a
    tense ("Tickets cost $5 a day", "The fine was $500 a day")."""
    first, *rest = words(text) or [""]
    return bool(
        _PRICE_PER_PERIOD.search(text)
        and first[:1].isupper()
        and not first.endswith(("s", "ed"))
        and not _SUBJECT_FIRST.match(first)
        and not any(_TENSE.match(w) or is_common_verb(w) for w in rest)
    )


def opens_quote(text: str) -> bool:
    """Does `text` (a line up to a sentence) leave a quote open?"""
    curly = text.count("\u201c") > text.count("\u201d")
    return curly or text.count('"') % 2 == 1


@lru_cache(maxsize=LINE_MEMO)
def is_appeal(line: str, outlet: frozenset[str]) -> bool:
    """An appeal to support or subscribe to the outlet, or a call to the reader in its name."""
    text = outside_quotes(line)
    names = names_outlet(text, outlet)
    reader = bool(_READER.search(text))
    question = "?" in text
    if SUPPORT_WORDS.search(text):
        return names or reader or question or bool(_OUTLET_VOICE.search(text))
    return names and (question or reader)


def addresses_reader(line: str) -> bool:
    """The site speaking to the reader outside quotes, "we" to "you": in the header, a consent
    banner ("Cookies help us ... manage your choices"). A columnist's "your" alone is not it."""
    text = outside_quotes(line)
    return bool(_READER.search(text)) and bool(_OUTLET_VOICE.search(text))


@lru_cache(maxsize=LINE_MEMO)
def is_other_language(line: str, language: str) -> bool:
    """A short line that the identifier is sure is not in the article's language."""
    if not language or len(line.split()) > OTHER_LANGUAGE_MAX_WORDS:
        return False
    if sum(ch.isalpha() for ch in line) < OTHER_LANGUAGE_MIN_LETTERS:
        return False
    own = language_probability(line, language)
    return own is not None and own <= OTHER_LANGUAGE_MAX_OWN


def is_body_sentence(line: str) -> bool:
    return has_closing_stop(line) and len(line.split()) >= BODY_MIN_WORDS


@dataclass
class Page:
    """What the line rules need to know about the whole article."""

    lines: list[str]
    outlet: frozenset[str] = frozenset()
    language: str = ""
    title: int | None = None  # index of the title line
    body_start: int = 0  # index of the first sentence of the report
    furniture: set[int] = field(default_factory=set)  # line indices that are furniture whole


def read_page(lines: list[str], outlet: str = "", language: str | None = None) -> Page:
    """The page's title, where its report begins and which lines are furniture whole. The
    outlet's name comes from the article's record and from its own masthead (the first field of
    a field line before the report)."""
    page = Page(lines=lines)
    names = [outlet]
    for i, line in enumerate(lines):
        if (
            is_body_sentence(line)
            and not is_field_line(line)
            and not is_boilerplate(line, line)
            and not addresses_reader(line)
        ):
            page.body_start = i
            break
        if is_field_line(line):
            names.append(_SEPARATORS.split(line.strip())[0])
    else:
        page.body_start = len(lines)
    page.outlet = outlet_words(*names)
    page.language = detect_language(" ".join(lines)) if language is None else language
    for i, line in enumerate(lines):
        if is_field_line(line) or is_timestamp(line):
            page.furniture.add(i)
        elif page.title is None:
            page.title = i
        elif (
            is_link_label(line)
            or is_credit(line)
            or is_bare_attribution(line)
            or is_appeal(line, page.outlet)
        ):
            page.furniture.add(i)
        elif i < page.body_start and (
            names_outlet(outside_quotes(line), page.outlet) or addresses_reader(line)
        ):
            page.furniture.add(i)
        elif i >= page.body_start and is_other_language(line, page.language):
            page.furniture.add(i)
    return page


def repeated_furniture(articles: list[tuple[str, list[str]]]) -> list[set[int]]:
    """For each article (its outlet's name, its sentences in order), the positions of the
    sentences that are furniture because the outlet prints them on another of its articles
    too: not the title, and with no closing stop (see the module's docstring). Articles with no
    outlet name, or the same text, do not count as one outlet's two articles."""
    seen: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for outlet, sentences in articles:
        if outlet.strip():
            for text in set(sentences[1:]):
                seen.setdefault((outlet, _line_key(text)), set()).add(tuple(sentences))
    out = []
    for outlet, sentences in articles:
        out.append(
            {
                i
                for i, text in enumerate(sentences)
                if i > 0
                and not has_closing_stop(text)
                and len(seen.get((outlet, _line_key(text)), ())) > 1
            }
        )
    return out


def _line_key(text: str) -> str:
    return " ".join(text.lower().split())
