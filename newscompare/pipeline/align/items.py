"""What alignment takes and gives: an Item (one sentence, or one clause of a sentence, as
alignment sees it) and an AlignedClaim (the items of one claim and the values each is
judged on)."""

import datetime as dt
from dataclasses import dataclass, field


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
