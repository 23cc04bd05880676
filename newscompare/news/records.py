"""What the store is handed: by a parser, one article's fields or a reason it was refused; by
the pipeline, the claims it judged."""

from dataclasses import dataclass


@dataclass
class ArticleRecord:
    source: str  # where it came from, for messages: "articles.jsonl line 3", "a1.txt"
    external_id: str
    text: str
    outlet: str = ""
    url: str = ""
    title: str = ""
    published: str = ""  # as given; parsed when stored
    language: str = ""
    note: str = ""  # what was done to it on the way in: "converted from cp1252"
    from_page: bool = False  # the text was extracted from HTML


@dataclass
class Rejection:
    source: str
    reason: str


@dataclass
class ClaimRecord:
    """One claim as the pipeline judged it: its member sentences (the unsaved Sentence rows of
    the new index, the first one the claim is shown by) and its judgement."""

    members: list  # Sentence rows
    kind: str
    verdict: str
    explanation: str
    independent_sources: int
    # per member, the values of it that belong to the claim when that is not all of the
    # sentence's (it is in the claim through one of its clauses); None: all of them
    member_values: list | None = None
    # one fact, one row (pipeline/rows.py): the index, in the story's claim list, of the wider
    # claim whose row this one is nested in; None for a row of its own
    narrows: int | None = None
