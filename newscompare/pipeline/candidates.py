"""Where alignment's nearest-neighbour candidates come from: each sentence's k most similar
sentences in other articles, as (i, j, cosine) with i < j, each pair once. align calls
`nearest_pairs` and does not know which search ran.

- In process (`align.neighbours.candidate_pairs`): exact, numpy, over the distinct vectors,
  a tie going to the earlier sentence. Always available.
- In PostgreSQL with pgvector: the vectors go into a temporary table with an HNSW index,
  and one LATERAL query takes each sentence's k nearest in other articles. Used on
  PostgreSQL when the `vector` extension is there (or can be created) and the story has at
  least DB_SEARCH_MIN_ITEMS sentences; anything else, or any error, runs the in-process
  search, which gives the same pairs (HNSW is approximate: benchmarks/vector_candidates.py
  measures its recall against the exact search and both searches' time).

The choice is made here once per call, from the database connection and the settings;
the vectors are the runner's, so the two paths see the same numbers.
"""

import logging
import time
import uuid

import numpy as np
from django.conf import settings
from django.db import connection

from .align.neighbours import TOP_K, candidate_pairs, unique_pairs

log = logging.getLogger(__name__)

# HNSW graph: pgvector's defaults for m and ef_construction; ef_search raised from 40 so
# that after dropping a sentence's own article (up to ~60 sentences in the corpus) k
# candidates remain. Recall at these values: benchmarks/vector_candidates.py.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 100


def db_search_min_items() -> int:
    """Stories with at least this many sentences search in the database (0: never)."""
    return int(getattr(settings, "ALIGN_DB_SEARCH_MIN_ITEMS", 0))


_availability: dict[str, bool] = {}


def pgvector_available() -> bool:
    """True when this project's database has the vector extension (or it could be created
    now); checked once per database and process."""
    if connection.vendor != "postgresql":
        return False
    key = f"{connection.settings_dict.get('HOST')}/{connection.settings_dict['NAME']}"
    if key not in _availability:
        with connection.cursor() as cur:
            _availability[key] = extension_ready(cur)
    return _availability[key]


def extension_ready(cur) -> bool:
    """Whether the database behind the cursor has pgvector, creating the extension when the
    server has the package and our role may (pgvector is not a trusted extension: only a
    superuser may create it; otherwise one runs `CREATE EXTENSION vector` once)."""
    cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
    if cur.fetchone():
        return True
    cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    if not cur.fetchone():
        return False
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cur.fetchone()[0]:
        log.warning(
            "pgvector is installed but not created in this database: a superuser runs "
            "CREATE EXTENSION vector; until then alignment searches in process"
        )
        return False
    cur.execute("CREATE EXTENSION IF NOT EXISTS vector")
    return True


def source_for(n_items: int) -> str:
    """'database' or 'in-process': which search runs for a story of n_items sentences."""
    threshold = db_search_min_items()
    if threshold and n_items >= threshold and pgvector_available():
        return "database"
    return "in-process"


def nearest_pairs(vectors: np.ndarray, articles, k: int = TOP_K) -> list[tuple]:
    """candidate_pairs' answer, from the database for large stories on pgvector."""
    if source_for(len(vectors)) == "database":
        try:
            pairs = database_pairs(vectors, articles, k)
            log.info("alignment candidates of %d sentences from pgvector", len(vectors))
            return pairs
        except Exception:
            log.exception("pgvector candidate search failed; searching in process")
    return candidate_pairs(vectors, articles, k)


def copy_rows(vectors: np.ndarray, articles: np.ndarray) -> bytes:
    """(i, article, vector) rows in PostgreSQL's binary COPY format, built in numpy: the
    vector field is pgvector's binary form (int16 dimensions, int16 unused, float4s)."""
    n, dim = vectors.shape
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("i_len", ">i4"),
            ("i", ">i4"),
            ("article_len", ">i4"),
            ("article", ">i8"),
            ("v_len", ">i4"),
            ("dim", ">i2"),
            ("unused", ">i2"),
            ("v", ">f4", (dim,)),
        ]
    )
    rows = np.zeros(n, dtype=row)
    rows["fields"] = 3
    rows["i_len"], rows["i"] = 4, np.arange(n)
    rows["article_len"], rows["article"] = 8, articles
    rows["v_len"], rows["dim"] = 4 + 4 * dim, dim
    rows["v"] = vectors
    header = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8
    return header + rows.tobytes() + b"\xff\xff"


def database_pairs(
    vectors: np.ndarray, articles, k: int = TOP_K, cursor=None, timings=None
) -> list[tuple]:
    """Each row's k nearest rows of other articles by inner product (the vectors are unit
    length, so it is the cosine), through an HNSW index in a temporary table. `cursor` is
    a psycopg cursor on a database with pgvector (default: the project's database);
    `timings`, a dict, receives the seconds of each step (benchmarks)."""
    timings = {} if timings is None else timings
    clock = time.perf_counter()

    def lap(step):
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    n = len(vectors)
    if n < 2:
        return []
    k = min(k, n - 1)
    articles = np.asarray(articles)
    table = f"nc_candidates_{uuid.uuid4().hex[:12]}"
    with cursor or connection.cursor() as cur:
        rows = _search_in_temporary_table(cur, table, vectors, articles, k, lap)
    if not rows:
        return []
    i, j, c = (np.array(col) for col in zip(*rows, strict=True))
    keep = c > 0  # as the in-process search: unrelated sentences are no candidates
    return unique_pairs(i[keep], j[keep], c[keep].astype(np.float32), n)


def _search_in_temporary_table(cur, table: str, vectors: np.ndarray, articles, k: int, lap):
    """(i, j, cosine) rows: each row's k nearest rows of other articles, searched through an
    HNSW index in a temporary table that is dropped afterwards; `lap(step)` is called after
    the copy, the index and the search."""
    dim = vectors.shape[1]
    cur.execute(
        f"CREATE TEMPORARY TABLE {table} (i integer PRIMARY KEY, article bigint NOT NULL, "
        f"v vector({dim}) NOT NULL)"
    )
    try:
        with cur.copy(f"COPY {table} (i, article, v) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(copy_rows(vectors, articles))
        lap("copy")
        cur.execute(
            f"CREATE INDEX ON {table} USING hnsw (v vector_ip_ops) "
            f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )
        cur.execute(f"ANALYZE {table}")
        lap("index")
        cur.execute(f"SET hnsw.ef_search = {HNSW_EF_SEARCH}")
        cur.execute(
            f"""SELECT q.i, c.j, c.cosine FROM {table} q CROSS JOIN LATERAL (
                    SELECT t.i AS j, -(t.v <#> q.v) AS cosine FROM {table} t
                    WHERE t.article <> q.article ORDER BY t.v <#> q.v LIMIT %s) c
                ORDER BY q.i, c.cosine DESC, c.j""",
            [k],
        )
        rows = cur.fetchall()
        lap("search")
    finally:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute("RESET hnsw.ef_search")
    return rows
