"""Indexing pipeline: segment -> values -> embed -> align -> compare -> syndication.

Each stage module is pure (no database) and declares a VERSION; `runner` ties them to the
models. PIPELINE_VERSION changes whenever any stage's output may change, which is how the
re-index job knows a story is stale.
"""

from . import align, compare, embed, segment, syndication, values

PIPELINE_VERSION = "+".join(
    m.VERSION for m in (segment, values, embed, align, compare, syndication)
)
