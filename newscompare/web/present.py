"""Shaping claims for the dashboard: plain functions from loaded rows to what templates
show (matrix cells, disputed-fact sides, omissions, highlighted text). No queries here;
no HTML either: templates escape everything they print."""

import re
from dataclasses import dataclass, field

from newscompare.lib import claim_values
from newscompare.lib.claim_values import value_key, value_label
from newscompare.news.verdicts import Verdict
from newscompare.pipeline import compare
from newscompare.pipeline.values.numerals import HEDGE_RE

QUESTION = {
    "number": "How many",
    "percent": "What share",
    "money": "How much",
    "date": "When",
    "duration": "How long",
    "quote": "Who said it",
}

# How each cell state reads, so colour is never the only signal.
CELL_LABELS = {
    Verdict.AGREE: ("=", "agrees"),
    Verdict.DIVERGE: ("≠", "differs"),
    "mentions": ("~", "reports, no value"),
    Verdict.UNIQUE: ("★", "only source"),
    "missing": ("—", "not reported"),
}


def outlet_key(article) -> int:
    """Articles of one outlet share a key; those without an outlet are one "unknown"."""
    return article.outlet_id or 0


def typed_values(member, kind: str) -> list[dict]:
    return claim_values.typed_values(member.values, kind)


@dataclass
class Cell:
    state: str
    article: object = None
    values: list = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return CELL_LABELS[self.state][0]

    @property
    def label(self) -> str:
        return CELL_LABELS[self.state][1]

    @property
    def value(self) -> str:
        """Each distinct value once ("on Friday" and "Friday" are one date)."""
        return claim_values.values_label(self.values)


@dataclass
class Row:
    claim: object
    cells: list
    headline: str
    nested: list = field(default_factory=list)  # rows of the claims that narrow this one


def headline(claim) -> str:
    """A readable name for a claim: the first member sentence that carries the claim's
    kind of value (the one a disagreement is about), else the first."""
    members = list(claim.members.all())
    best = next(
        (m for m in members if typed_values(m, claim.kind)), members[0] if members else None
    )
    return best.sentence.text if best else claim.explanation


def matrix_rows(claims, articles, nested: bool = False) -> list[Row]:
    """One row per claim, one cell per article (in `articles` order); with `nested`, each
    row holds the rows of the claims that narrow it (claims loaded by with_nested)."""
    rows = []
    for claim in claims:
        by_article = {}
        for m in claim.members.all():
            by_article.setdefault(m.sentence.article_id, []).append(m)
        cells = []
        for a in articles:
            members = by_article.get(a.id)
            if not members:
                cells.append(Cell("missing", a))
                continue
            vals = [v for m in members for v in typed_values(m, claim.kind)]
            if claim.verdict == Verdict.UNIQUE:
                state = Verdict.UNIQUE
            elif claim.verdict == Verdict.DIVERGE:
                state = Verdict.DIVERGE if vals else "mentions"
            else:
                state = Verdict.AGREE
            cells.append(Cell(state, a, vals))
        inner = matrix_rows(claim.narrower.all(), articles) if nested else []
        rows.append(Row(claim, cells, headline(claim), inner))
    return rows


@dataclass
class Source:
    article: object
    wording: str = ""  # the article's own words for the value, where they differ from it


@dataclass
class Side:
    """One answer to a disputed fact: the value as a value, and the articles that give it,
    each with its own wording where that differs ("80": two outlets write "80", one "as many
    as 80"; "some 14,000 hectares": one outlet writes "140 square kilometres")."""

    value: str = ""
    sources: list = field(default_factory=list)
    first: dict = field(default_factory=dict)  # the first value given for it
    values: list = field(default_factory=list)  # every value given for it
    _words: dict = field(default_factory=dict, repr=False)  # article -> its wordings
    _own: set = field(default_factory=set, repr=False)  # wordings of the side's own figure

    @property
    def articles(self) -> list:
        return [s.article for s in self.sources]

    def add(self, written: str, article, values=(), joined: bool = False) -> None:
        """One more article giving this side's value (`values`), in its own words (`written`);
        `joined`: a figure of another side joined to this one (`join`), which the side's own
        figure outranks as its label among equals."""
        self.values += [v for v in values if v not in self.values]
        if not joined:
            self._own.add(written.casefold())
        if article not in self._words:
            self._words[article] = []
            self.sources.append(Source(article))
        if written not in self._words[article]:
            self._words[article].append(written)
        self._settle()

    def join(self, other: "Side") -> None:
        """Another side's articles, in their own words, on this side."""
        for article, wordings in other._words.items():
            for written in wordings:
                self.add(written, article, other.values, joined=True)

    def _settle(self) -> None:
        """The value reads as the wording most of its articles give; of equals, one of the
        side's own figure (not a joined side's), then an unhedged one ("80"), then the first.
        Each article's own wording is shown where none of its wordings is that."""
        counts, shown = {}, {}
        for wordings in self._words.values():
            for w in wordings:
                counts[w.casefold()] = counts.get(w.casefold(), 0) + 1
                shown.setdefault(w.casefold(), w)
        key = max(
            counts, key=lambda w: (counts[w], w in self._own, not _HEDGE.match(w)), default=""
        )
        self.value = shown.get(key, "")
        for source in self.sources:
            wordings = self._words[source.article]
            same = any(w.casefold() == key for w in wordings)
            source.wording = "" if same else " / ".join(wordings)


# A hedge leading a wording ("as many as 80", "some 14,000 hectares").
_HEDGE = re.compile(rf"(?:{HEDGE_RE})\s", re.IGNORECASE)


@dataclass
class Dispute:
    claim: object
    question: str
    context: str
    sides: list
    silent: list
    time_note: str = ""  # the order in time, when the values moved one way (pipeline.timeline)


def shorten(text: str, width: int) -> str:
    """Cut to width characters at most, with an ellipsis; at the last space when there is
    one in the last third, so that no word is cut in two ("Posted o…")."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if text[width - 1] != " " and space >= (width - 1) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def cloze(text: str, blank: str, width: int = 180) -> str:
    """The sentence with `blank` replaced by ___, cut to a window around it. The blank is the
    figure standing as a word of its own where it does ("1,500 kilometres" rather than the
    "1,500" of "a 1,500-square-kilometre island")."""
    alone = re.search(rf"(?<![\w.,-]){re.escape(blank)}(?![\w-])", text) if blank else None
    at = alone.start() if alone else (text.find(blank) if blank else -1)
    if at < 0:
        return shorten(text, width)
    out = text[:at] + "___" + text[at + len(blank) :]
    if len(out) <= width:
        return out
    start = max(0, at - width // 2)
    end = start + width
    # Whole words only: the window opens after a space and closes before one.
    if start and out[start - 1] != " ":
        space = out.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(out) and out[end] != " ":
        space = out.rfind(" ", at + 3, end)
        end = space if space >= 0 else end
    snippet = out[start:end]
    return ("…" if start else "") + snippet.strip() + ("…" if end < len(out) else "")


def _side_label(vals: list[dict]) -> str:
    """One side's values; a quote whose speaker is not named answers "Who said it?" with
    that, not with its words (which every side shares)."""
    if all(v.get("type") == "quote" and len(v.get("speaker") or "") <= 3 for v in vals):
        return "speaker not named"
    return "; ".join(dict.fromkeys(value_label(v) for v in vals))


def dispute(claim, articles_by_id) -> Dispute:
    """A diverging claim as a question with each side's value and the articles behind it."""
    sides, silent, first_value, first_sentence = {}, [], None, None
    for m in claim.members.all():
        article = articles_by_id[m.sentence.article_id]
        vals = typed_values(m, claim.kind)
        if not vals:
            if article not in silent:
                silent.append(article)
            continue
        if first_value is None:
            first_value, first_sentence = vals[0], m.sentence.text
        sides.setdefault(_side_key(vals, sides), Side(first=vals[0])).add(
            _side_label(vals), article, vals
        )
    silent = [a for a in silent if not any(a in s.articles for s in sides.values())]
    sides = _joined_to_the_side_they_fit(sides)
    if first_value is None:
        question, context = "What differs?", headline(claim)
    else:
        question = QUESTION.get(first_value.get("type"), "What") + "?"
        blank = "" if first_value.get("type") == "quote" else value_label(first_value)
        context = cloze(first_sentence, blank)
    return Dispute(claim, question, context, sides, silent)


def _joined_to_the_side_they_fit(sides: dict) -> list[Side]:
    """The sides, a side of one figure joined to the one other side it fits, when it fits
    exactly one ("1,870" to "about 1,900" rather than beside "2,600"; "more than four
    thousand" to "some 4,100"): one fact told as two figures on one side, each outlet's
    wording beside it: it fits every value of that side ("70" fits "as many as 80" but not
    "80"). The side with more articles stays, the earlier of equals. A figure that fits both
    sides ("at least 50" beside 70 and 80) stays a side of its own."""
    keys = sorted(sides, key=lambda k: -len(sides[k].sources))  # stable: earlier first
    kept = []
    for key in keys:
        side = sides[key]
        fits = [
            k
            for k in kept
            if len(key) == len(k) == 1 and all(_fits(side.first, v) for v in sides[k].values)
        ]
        if len(fits) == 1:
            sides[fits[0]].join(side)
        else:
            kept.append(key)
    return [side for key, side in sides.items() if key in kept]


def _fits(a: dict, b: dict) -> bool:
    """Two figures, dates or lengths that one report of a fact could both be."""
    return (
        a.get("type") == b.get("type")
        and a.get("type") in (*compare.NUMERIC, "date", "duration")
        and compare.compatible(a, b)
    )


def _side_key(vals: list[dict], sides: dict) -> tuple:
    """The side a member's values go to: their value keys, or for a quote the side of the
    same speaker under another spelling ("Ruslan Vazhdayev" / "Ruslan Vazhdaev")."""
    key = tuple(sorted({value_key(v) for v in vals}))
    if key in sides or not _named_speaker(vals[0]):
        return key
    return next(
        (
            k
            for k, side in sides.items()
            if _named_speaker(side.first) and not compare.speakers_differ(vals[0], side.first)
        ),
        key,
    )


def _named_speaker(v: dict) -> bool:
    return v.get("type") == "quote" and len(v.get("speaker") or "") > 3


@dataclass
class Omission:
    label: str
    articles: list
    count: int
    claims: list  # the first few claim ids


def omission_map(articles, memberships, shown: int = 3, min_others: int = 2) -> list[Omission]:
    """For each outlet, the claims that `min_others` or more other outlets carry and it
    does not. Outlets that only run one wire text count once: a claim that two outlets
    copy from one agency is one source's choice, not something the others left out.
    `memberships` is (claim id, article id) in claim order."""
    column_of = {a.id: outlet_key(a) for a in articles}
    source_of = {a.id: a.wire_group if a.wire_group is not None else -a.id for a in articles}
    outlets = {}
    for a in articles:
        outlets.setdefault(column_of[a.id], []).append(a)
    carried = {}
    for claim_id, article_id in memberships:
        if article_id in column_of:
            keys, sources = carried.setdefault(claim_id, (set(), set()))
            keys.add(column_of[article_id])
            sources.add(source_of[article_id])
    wide = [
        (cid, keys)
        for cid, (keys, sources) in carried.items()
        if len(keys) >= min_others and len(sources) >= min_others
    ]
    # An outlet misses every wide claim it is not one of the carriers of.
    inside = dict.fromkeys(outlets, 0)
    for _, keys in wide:
        for key in keys:
            inside[key] += 1
    counts = {key: len(wide) - inside[key] for key in outlets}
    firsts = {key: [] for key in outlets}
    open_keys = {key for key in outlets if counts[key]}
    for claim_id, keys in wide:
        if not open_keys:
            break
        for key in list(open_keys):
            if key not in keys:
                firsts[key].append(claim_id)
                if len(firsts[key]) >= min(shown, counts[key]):
                    open_keys.discard(key)
    out = [
        Omission(arts[0].outlet_name, arts, counts[key], firsts[key])
        for key, arts in outlets.items()
    ]
    out.sort(key=lambda o: (-o.count, o.label.casefold()))
    return out


def outlet_coverage(articles, memberships, omissions) -> list[tuple[str, int, int]]:
    """(outlet, claims it states, claims it leaves out) per outlet, in omission_map's order;
    `memberships` is (claim id, article id), `omissions` omission_map's result."""
    column_of = {a.id: outlet_key(a) for a in articles}
    stated = {}
    for claim_id, article_id in memberships:
        if article_id in column_of:
            stated.setdefault(column_of[article_id], set()).add(claim_id)
    return [(o.label, len(stated.get(outlet_key(o.articles[0]), ())), o.count) for o in omissions]


@dataclass
class Piece:
    text: str
    mark: str = ""  # "" plain, or a CSS class for highlighted text
    claim: object = None


def highlight(text: str, needles: list[tuple[str, str]]) -> list[Piece]:
    """Split text into pieces, marking the first occurrence of each (needle, class)."""
    spans = []
    for needle, cls in needles:
        if not needle:
            continue
        at = text.find(needle)
        if at >= 0 and not any(s < at + len(needle) and at < e for s, e, _ in spans):
            spans.append((at, at + len(needle), cls))
    spans.sort()
    pieces, pos = [], 0
    for start, end, cls in spans:
        if start > pos:
            pieces.append(Piece(text[pos:start]))
        pieces.append(Piece(text[start:end], cls))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    return pieces


def member_needles(member, claim) -> list[tuple[str, str]]:
    """Values to highlight in a member's sentence: the disputed ones, the values its card
    shows (`typed_values`), stand out; "two" killed in a headline is no differing area."""
    values = [v for v in member.values or [] if isinstance(v, dict)]
    disputed = typed_values(member, claim.kind) if claim.verdict == Verdict.DIVERGE else []
    out = []
    for v in values:
        if v.get("type") != "entity" and v.get("text"):
            written = str(v.get("with_unit") or v["text"])
            out.append((written, "differs" if any(v is d for d in disputed) else "value"))
    return out


def article_pieces(text: str, claim_spans) -> list[Piece]:
    """The article text cut at claim sentences; `claim_spans` is (start, end, claim info)
    in text order. A sentence in two claims links to the first."""
    pieces, pos = [], 0
    for start, end, info in claim_spans:
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            pieces.append(Piece(text[pos:start]))
        pieces.append(Piece(text[start:end], "claim", info))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:]))
    return pieces


def wire_copies(articles) -> list[list]:
    """Groups of two or more articles that are wire copies of one text."""
    groups = {}
    for a in articles:
        if a.wire_group is not None:
            groups.setdefault(a.wire_group, []).append(a)
    return [g for g in groups.values() if len(g) > 1]


@dataclass
class Line:
    sentence: object
    member: object = None  # the claim member, when this sentence is one
    pieces: list = field(default_factory=list)


@dataclass
class Reading:
    article: object
    passages: list  # lists of Lines: member sentences with a sentence either side
    values: list
    first_position: int = 0  # the first member sentence, to link into the article page
    earlier: list = field(default_factory=list)  # timeline.EarlierWording of its sentences


def readings(claim, members, around, articles_by_id, reach: int = 1) -> list[Reading]:
    """What each article says for the claim: its member sentences in context, one card
    per article, with overlapping contexts merged into one passage."""
    by_article = {}
    for m in members:
        by_article.setdefault(m.sentence.article_id, []).append(m)
    out = []
    for article_id, ms in by_article.items():
        member_at = {m.sentence.position: m for m in ms}
        windows = []
        for p in sorted(member_at):
            lo, hi = max(0, p - reach), p + reach
            if windows and lo <= windows[-1][1] + 1:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        passages = []
        for lo, hi in windows:
            lines = []
            for p in range(lo, hi + 1):
                m = member_at.get(p)
                sentence = m.sentence if m else around.get((article_id, p))
                if sentence is None or (m is None and sentence.is_boilerplate):
                    continue
                pieces = highlight(sentence.text, member_needles(m, claim)) if m else []
                lines.append(Line(sentence, m, pieces))
            passages.append(lines)
        values = {
            (v.get("type"), str(v.get("text"))): v
            for m in ms
            for v in m.values or []
            if isinstance(v, dict) and v.get("type") != "entity"
        }
        out.append(
            Reading(articles_by_id[article_id], passages, list(values.values()), min(member_at))
        )
    return out


def article_labels(articles) -> dict[str, str]:
    """How a reader knows each article in an explanation: its outlet's name, with the
    article's id after it when the story holds several articles of that outlet; an article
    without an outlet keeps its id."""
    per_outlet = {}
    for a in articles:
        if a.outlet_id:
            per_outlet[a.outlet_id] = per_outlet.get(a.outlet_id, 0) + 1
    labels = {}
    for a in articles:
        if not a.external_id:
            continue
        if not a.outlet_id:
            labels[a.external_id] = a.external_id
        elif per_outlet[a.outlet_id] == 1:
            labels[a.external_id] = a.outlet_name
        else:
            labels[a.external_id] = f"{a.outlet_name} {a.external_id}"
    return labels


# Where the pipeline puts article ids in an explanation: a list of them ("a, b and c")
# opening the text, a "; " part or "Only ...", or after "in" ("the same quote (shortened
# in a and b)"), and followed by its verb or the closing bracket. A value that happens
# to read like an id stays as it is.
_LABEL_BEFORE = r"(^|; |\bOnly |\bin )"
_LABEL_AFTER = r"(?= (?:says|say|agree|agrees|report|reports|give|gives|quote|quotes)\b|\)|$)"


def named(explanation: str, labels: dict[str, str]) -> str:
    """The explanation with each article id in its lists of articles replaced by the
    article's label (article_labels, which maps every article of the story)."""
    if not explanation or not labels:
        return explanation or ""
    one = "|".join(re.escape(i) for i in sorted(labels, key=len, reverse=True))
    ids = rf"(?:{one})(?:(?:, | and )(?:{one}))*"
    pattern = re.compile(_LABEL_BEFORE + rf"({ids})" + _LABEL_AFTER)
    token = re.compile(rf"(?<![\w-])({one})(?![\w-])")

    def swap(match: re.Match) -> str:
        return match.group(1) + token.sub(lambda t: labels[t.group(1)], match.group(2))

    return pattern.sub(swap, explanation)
