"""Indexing pipeline: segment -> values -> embed -> align -> compare -> syndication.

The compare stage is three modules: compare.py (do two values agree?), same_fact.py (are
two values about one fact?) and verdict.py (conflicts, the verdict, its order); its
VERSION is verdict.VERSION.

Each stage module is pure (no database) and declares a VERSION; `runner` ties them to the
models. PIPELINE_VERSION changes whenever any stage's output may change, which is how the
re-index job knows a story is stale.
"""

from . import align, embed, segment, syndication, values, verdict

PIPELINE_VERSION = "+".join(
    m.VERSION for m in (segment, values, embed, align, verdict, syndication)
)


def current_versions() -> tuple[str, str]:
    """(pipeline version, embedding model id) of the code running now."""
    return PIPELINE_VERSION, embed.MODEL_ID
