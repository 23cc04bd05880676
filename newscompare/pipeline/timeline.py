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

from newscompare.lib.claim_values import NUMERIC_TYPES, typed_values, values_key, values_label
from newscompare.news.models import ArticleVersion, ClaimMember

from . import versions


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


def article_reports(kind: str, now: Statement, earlier: list) -> list[Report]:
    """The article's reports of the claim: its first, then each change of value, oldest
    first. `earlier` holds its earlier versions, oldest first."""
    history = []
    for version in earlier:
        found = [versions.counterpart(text, version.sentences)[0] for text, _ in now.sentences]
        found = [s for s in found if s is not None]
        if found:
            vals = [v for s in found for v in typed_values(s.values, kind)]
            history.append((version.number, version.at, vals, found[0].text))
    vals = [v for _, member_values in now.sentences for v in typed_values(member_values, kind)]
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
    reports = [
        r for s in statements for r in article_reports(kind, s, earlier_of.get(s.article_id, []))
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
    claim's values, taken in the order they were first reported, moved one way; "" when
    they did not (values given at once, or back and forth: a dispute, not a moving story)."""
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
    verb, why = ("rose", "likely an update") if rising else ("fell", "likely a revision")
    return (
        f"{verb} from {first.value} to {last.value} between {when(first.at)} "
        f"and {when(last.at)}: {why}"
    )


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


def claim_timelines(claims, articles) -> dict:
    """{claim id: ClaimTimeline} for claims with `members` prefetched (each with its
    sentence); `articles` are the story's articles."""
    by_id = {a.id: a for a in articles}
    earlier_of = earlier_versions(articles)
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


def story_members(story):
    """Every claim member of the story with its sentence, for claim_timelines (one query)."""
    return ClaimMember.objects.filter(claim__story=story).select_related("sentence")
