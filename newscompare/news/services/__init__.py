"""Writes to the domain. Every change to stories, articles, their index (sentences, claims,
the diff of a re-index) and reviewers' decisions goes through here.

One module per kind of write (HackSoft's services): `articles`, `stories`, `index`,
`reviews`, `fingerprints`; `identity` names a claim across re-indexes; `lines` cleans
text. Callers import from here: `from newscompare.news import services`."""

from .articles import (  # noqa: F401
    MAX_EXTERNAL_ID,
    MAX_TITLE,
    IngestResult,
    add_article,
    add_articles,
    check_article,
)
from .fingerprints import (  # noqa: F401
    add_fingerprints,
    save_fingerprint,
    save_profiles,
)
from .identity import (  # noqa: F401
    claim_member_key,
    member_identity,
)
from .index import (  # noqa: F401
    WRITE_BATCH,
    keep_index,
    replace_index,
)
from .reviews import (  # noqa: F401
    review_claim,
)
from .stories import (  # noqa: F401
    MAX_SLUG_WORDS,
    delete_empty_stories,
    get_or_create_story,
    merge_stories,
    move_articles,
    place_automatically,
    set_generated_title,
    split_story,
    start_story,
    stories_holding_ids,
    stories_holding_texts,
    touch_stories,
)
