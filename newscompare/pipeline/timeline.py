"""Who reported which value of a claim when, and how the story moved.

Rules kept:
- an article's report of a claim is what its member sentences say in the current text
  (the one compared). The same sentence in an earlier version of the article (see
  versions.counterpart) moves the article's first report back to that version's time; a
  different value there is the outlet's own correction, shown in order, never a dispute;
- a report's time is its version's: the publication time for a first version, else when
  the version appeared (Article.reported_at, ArticleVersion.published_at);
- between outlets the verdict stays what compare said from the statements as published:
  a later, higher toll from another outlet still diverges. The timeline only adds the
  order in time, and a note when a number moved one way over time ("rose from 14 to 17
  between ... and ...: likely an update"), so a reader tells a moving story from a dispute.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Prefetch

from newscompare.lib.claim_values import (
    NUMERIC_TYPES,
    figure_digits,
    mid_sentence,
    typed_values,
    values_key,
    values_label,
)
from newscompare.news import selectors
from newscompare.news.models import ArticleVersion, Claim, ClaimMember

from . import versions
from .values.counted import RUNNING_TALLIES


@dataclass(frozen=True)
class Report:
    """One article's statement of a claim's value at one time."""

    article_id: int
    outlet: str
    external_id: str
    at: dt.datetime | None
    version: int
    value: str  # as a reader sees it; "" when the sentence carries no value of the kind
    key: tuple = field(compare=False)
    number: float | None  # the one number it states, for charts; None otherwise
    sentence: str
    change: str  # "first": the article's first report; "correction": it changed its value
    replaced: str = ""  # for a correction, the value it replaced
    concepts: frozenset = frozenset()  # what its figures count (values.counted.concept)


@dataclass
class ClaimTimeline:
    claim_id: int
    kind: str
    reports: list  # of Report, in time order
    note: str = ""

    @property
    def corrections(self) -> list:
        return [r for r in self.reports if r.change == "correction"]

    @property
    def moved(self) -> bool:
        """Did the claim's value change over time: an outlet corrected itself, or outlets
        gave different values at different times?"""
        if self.corrections:
            return True
        keyed = {r.key for r in self.reports if r.value}
        times = {r.at for r in self.reports if r.value}
        return len(keyed) > 1 and len(times) > 1

    @property
    def charted(self) -> bool:
        """A number claim whose every report states one number can be drawn against time."""
        dated = [r for r in self.reports if r.value]
        return (
            self.kind == "number"
            and len(dated) > 1
            and all(r.number is not None and r.at is not None for r in dated)
        )


@dataclass(frozen=True)
class Statement:
    """What one article's member sentences of a claim say now (the current version)."""

    article_id: int
    outlet: str
    external_id: str
    version: int
    at: dt.datetime | None
    sentences: tuple  # of (text, values)


@dataclass(frozen=True)
class Earlier:
    """An earlier version of an article: its number, time and content sentences."""

    number: int
    at: dt.datetime | None
    sentences: tuple  # of versions.VersionSentence


def _number(vals: list[dict]) -> float | None:
    numbers = {v.get("value") for v in vals if v.get("type") in NUMERIC_TYPES}
    numbers.discard(None)
    return float(numbers.pop()) if len(numbers) == 1 else None


def _slot(v: dict) -> tuple:
    """What a value is a value of: its type, and for a number what it counts."""
    return (v.get("type"), v.get("concept") or v.get("noun") or "")


def claim_slots(kind: str, statements: list) -> set | None:
    """The slots a claim is about: those two or more of its articles give a value for (a
    sentence that also states another fact keeps that fact out of this claim's timeline).
    None, meaning every value, when no slot is shared (a claim of one article)."""
    articles_of = {}
    for s in statements:
        for _, member_values in s.sentences:
            for v in typed_values(member_values, kind):
                articles_of.setdefault(_slot(v), set()).add(s.article_id)
    shared = {slot for slot, arts in articles_of.items() if len(arts) > 1}
    return shared or None


def _about(vals: list[dict], kind: str, slots: set | None) -> list[dict]:
    return [v for v in typed_values(vals, kind) if slots is None or _slot(v) in slots]


def article_reports(kind: str, now: Statement, earlier: list, slots=None) -> list[Report]:
    """The article's reports of the claim: its first, then each change of value, oldest
    first. `earlier` holds its earlier versions, oldest first; `slots` (claim_slots) the
    kinds of value the claim is about."""
    history = []
    for version in earlier:
        found = [versions.counterpart(text, version.sentences)[0] for text, _ in now.sentences]
        found = [s for s in found if s is not None]
        if found:
            vals = [v for s in found for v in _about(s.values, kind, slots)]
            history.append((version.number, version.at, vals, found[0].text))
    vals = [v for _, member_values in now.sentences for v in _about(member_values, kind, slots)]
    history.append((now.version, now.at, vals, now.sentences[0][0]))
    out, previous = [], None
    for number, at, vals, text in history:
        key = values_key(vals)
        if previous is not None and key == previous.key:
            continue
        out.append(
            Report(
                article_id=now.article_id,
                outlet=now.outlet,
                external_id=now.external_id,
                at=at,
                version=number,
                value=values_label(vals),
                key=key,
                number=_number(vals),
                sentence=text,
                change="first" if previous is None else "correction",
                replaced="" if previous is None else previous.value,
                concepts=frozenset(v.get("concept") or "" for v in vals),
            )
        )
        previous = out[-1]
    return out


def _order(report: Report):
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (report.at or far, report.external_id, report.version)


def claim_timeline(claim_id: int, kind: str, statements: list, earlier_of: dict) -> ClaimTimeline:
    """The claim's reports across its articles in time order, with a note on the order.
    earlier_of: {article id: [Earlier, ...] oldest first}."""
    slots = claim_slots(kind, statements)
    reports = [
        r
        for s in statements
        for r in article_reports(kind, s, earlier_of.get(s.article_id, []), slots)
    ]
    reports.sort(key=_order)
    timeline = ClaimTimeline(claim_id, kind, reports)
    timeline.note = time_note(timeline)
    return timeline


def when(at: dt.datetime | None) -> str:
    """A report's time for a reader: the day, and the hour when it is known."""
    if at is None:
        return "undated"
    at = at.astimezone(dt.UTC)
    day = f"{at:%a} {at.day} {at:%b %Y}"
    return day if (at.hour, at.minute) == (0, 0) else f"{day} {at:%H:%M}"


def time_note(timeline: ClaimTimeline) -> str:
    """ "rose from 14 to 17 between <when> and <when>: likely an update" when a number
    claim's values, taken in the order they were first reported, moved one way and count
    what an unfolding event adds to (values.counted.RUNNING_TALLIES: a toll, the evacuated,
    the area burned); "" when they did not (values given at once, or back and forth: a
    dispute, not a moving story) or count a fixed quantity. The same number in another
    unit is noted as a likely unit error whatever it counts."""
    if timeline.kind != "number":
        return ""
    reports = [r for r in timeline.reports if r.value]
    if any(r.number is None or r.at is None for r in reports):
        return ""
    steps = []  # (number, first time reported), consecutive equal values merged
    for r in reports:
        if not steps or steps[-1][0] != r.number:
            steps.append((r.number, r.at))
    if len(steps) < 2 or any(a[1] >= b[1] for a, b in pairwise(steps)):
        return ""
    rising = all(a[0] < b[0] for a, b in pairwise(steps))
    falling = all(a[0] > b[0] for a, b in pairwise(steps))
    if not (rising or falling):
        return ""
    first = reports[0]
    last = min((r for r in reports if r.number == steps[-1][0]), key=_order)
    digits = figure_digits(first.value)
    if digits and digits == figure_digits(last.value):
        # "some 14,000 hectares", then "some 14,000 acres": one number, another unit.
        return (
            f"{mid_sentence(first.value)}, then {mid_sentence(last.value)}, between "
            f"{when(first.at)} and {when(last.at)}: the same number in another unit, "
            "likely a unit error"
        )
    if not all(r.concepts and r.concepts <= RUNNING_TALLIES for r in reports):
        # A fixed quantity (a fleet, a share, a capacity) told otherwise later is a dispute:
        # naming it an update or a revision would guess what the reports do not say.
        return ""
    verb, why = ("rose", "likely an update") if rising else ("fell", "likely a revision")
    return (
        f"{verb} from {mid_sentence(first.value)} to {mid_sentence(last.value)} "
        f"between {when(first.at)} and {when(last.at)}: {why}"
    )


@dataclass(frozen=True)
class EarlierWording:
    """How a member sentence read in an earlier version of its article."""

    version: int
    at: dt.datetime | None
    sentence: str  # "" when that version did not state it
    changes: tuple  # versions.Change, word by word, from that sentence to the current one


def earlier_wordings(sentence: str, earlier: list) -> list[EarlierWording]:
    """For each earlier version of the sentence's article (newest first) in which the
    sentence read otherwise, or was missing: that wording and what changed since."""
    out = []
    for version in reversed(earlier):
        found, _ = versions.counterpart(sentence, version.sentences)
        if found is not None and found.text == sentence:
            continue
        old = found.text if found is not None else ""
        out.append(
            EarlierWording(
                version.number, version.at, old, tuple(versions.word_diff(old, sentence))
            )
        )
    return out


# ------------------------------------------------------------------ reading a story


def earlier_versions(articles) -> dict:
    """{article id: [Earlier, ...] oldest first} for the articles that have been revised
    (one query; their texts are segmented here, cached per text)."""
    revised = [a.id for a in articles if a.version > 1]
    out = {}
    for v in ArticleVersion.objects.filter(article_id__in=revised).order_by("article_id", "number"):
        published = v.published_at.date() if v.published_at else None
        out.setdefault(v.article_id, []).append(
            Earlier(v.number, v.published_at, versions.sentences_of(v.text, published))
        )
    return out


def claim_timelines(claims, articles, earlier_of: dict | None = None) -> dict:
    """{claim id: ClaimTimeline} for claims with `members` prefetched (each with its
    sentence); `articles` are the story's articles, `earlier_of` their earlier_versions."""
    by_id = {a.id: a for a in articles}
    earlier_of = earlier_versions(articles) if earlier_of is None else earlier_of
    out = {}
    for claim in claims:
        said = {}
        for m in claim.members.all():
            said.setdefault(m.sentence.article_id, []).append((m.sentence.text, m.values))
        statements = [
            Statement(
                article_id=a.id,
                outlet=a.outlet_name,
                external_id=a.external_id,
                version=a.version,
                at=a.reported_at,
                sentences=tuple(said[a.id]),
            )
            for a in (by_id[article_id] for article_id in said)
        ]
        out[claim.id] = claim_timeline(claim.id, claim.kind, statements, earlier_of)
    return out


def story_timelines(story, claims=None) -> dict:
    """{claim id: ClaimTimeline} for the story's claims (or the given claim queryset)."""
    claims = Claim.objects.filter(story=story) if claims is None else claims
    members = ClaimMember.objects.select_related("sentence").order_by(
        "sentence__article_id", "sentence__position"
    )
    claims = claims.prefetch_related(Prefetch("members", queryset=members))
    return claim_timelines(claims, selectors.story_articles(story))


def _iso(at):
    return at.isoformat() if at else None


def export_times(claims, articles) -> dict:
    """The export's added time fields (see selectors.export_story), for claims with their
    members and sentences loaded."""
    out = {"claims": {}, "reported": {}}
    for claim_id, line in claim_timelines(claims, articles).items():
        out["claims"][claim_id] = {
            "timeline": [
                {
                    "at": _iso(r.at),
                    "article": r.external_id,
                    "outlet": r.outlet,
                    "version": r.version,
                    "value": r.value,
                    "change": r.change,
                    **({"replaced": r.replaced} if r.change == "correction" else {}),
                }
                for r in line.reports
            ],
            "time_note": line.note,
        }
        for r in line.reports:  # an article's last report is what it says now
            out["reported"][(claim_id, r.article_id)] = _iso(r.at)
    return out


def export_story(story) -> dict:
    """The story's export (CONTRACT §2) with the times: what `manage.py export` writes."""
    articles = selectors.story_articles(story)
    claims = list(selectors.claims_for_export(story))
    times = export_times(claims, articles)
    return selectors.export_story(story, times, articles=articles, claims=claims)


def export_story_csv(story) -> str:
    return selectors.export_csv(export_story(story))
