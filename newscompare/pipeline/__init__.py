"""Indexing pipeline: segment -> values -> embed -> align -> compare -> rows -> syndication.

The compare stage is three modules: compare.py (do two values agree?), same_fact.py (are
two values about one fact?) and verdict.py (conflicts, the verdict, its order); its
VERSION is verdict.VERSION. rows.py then makes each fact one row (identical claims one,
narrower claims nested in the wider one's row, unique repeats of a shared fact dropped).

Each stage module is pure (no database) and declares a VERSION; `runner` ties them to the
models. PIPELINE_VERSION changes whenever any stage's output may change, which is how the
re-index job knows a story is stale.
"""

from . import align, embed, rows, segment, syndication, values, verdict

PIPELINE_VERSION = "+".join(
    m.VERSION for m in (segment, values, embed, align, verdict, rows, syndication)
)


def current_versions() -> tuple[str, str]:
    """(pipeline version, embedding model id) of the code running now."""
    return PIPELINE_VERSION, embed.MODEL_ID
