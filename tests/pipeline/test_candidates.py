"""Alignment candidates from pgvector (PostgreSQL 16 + pgvector from the pgserver wheel) and
from the in-process search, on made-up vectors: the two agree, and every way of not having
pgvector (SQLite, no extension, no right to create it) searches in process."""

import uuid

import numpy as np
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from newscompare.pipeline import candidates
from newscompare.pipeline.align.neighbours import candidate_pairs

pytestmark = pytest.mark.postgres


def clustered(n_articles: int, per_article: int, dim: int = 48, seed: int = 0):
    """Unit vectors in topics (the facts of a story), each article stating some of them."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(max(4, n_articles * per_article // 6), dim))
    picks = rng.integers(0, len(topics), n_articles * per_article)
    v = topics[picks] + 0.6 * rng.normal(size=(len(picks), dim))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    return v, np.repeat(np.arange(100, 100 + n_articles), per_article)


def as_dict(pairs):
    return {(a, b): c for a, b, c in pairs}


def test_the_database_search_finds_the_pairs_of_the_in_process_search(pgvector_url):
    vectors, articles = clustered(n_articles=40, per_article=12)
    exact = as_dict(candidate_pairs(vectors, articles))
    with psycopg.connect(pgvector_url, autocommit=True) as conn:
        found = as_dict(candidates.database_pairs(vectors, articles, cursor=conn.cursor()))
        leftover = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relname LIKE 'nc_candidates_%%'"
        ).fetchone()[0]
    assert all(a < b and articles[a] != articles[b] for a, b in found)
    shared = exact.keys() & found.keys()
    assert len(shared) >= 0.99 * len(exact), "HNSW recall on a small story"
    assert len(found) <= len(exact) * 1.01
    for pair in shared:
        assert found[pair] == pytest.approx(exact[pair], abs=1e-5)
    assert leftover == 0, "the temporary table is dropped"


def test_the_database_search_keeps_k_per_sentence_when_its_own_article_is_closest(
    pgvector_url,
):
    """Sentences of one article about one fact are each other's nearest: they are skipped,
    and the k nearest in other articles still come back."""
    rng = np.random.default_rng(1)
    base = rng.normal(size=24)
    own = base + 0.01 * rng.normal(size=(30, 24))  # one article, 30 near-identical sentences
    others = base + 0.5 * rng.normal(size=(20, 24))  # 20 articles of one sentence each
    vectors = np.vstack([own, others]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    articles = np.array([1] * 30 + list(range(2, 22)))
    with psycopg.connect(pgvector_url, autocommit=True) as conn:
        found = candidates.database_pairs(vectors, articles, k=5, cursor=conn.cursor())
    per_row = {}
    for a, b, _ in found:
        per_row.setdefault(a, set()).add(b)
        per_row.setdefault(b, set()).add(a)
    assert all(len(per_row.get(i, ())) >= 5 for i in range(30))


def test_the_copy_rows_are_what_postgres_reads(pgvector_url):
    vectors, articles = clustered(n_articles=3, per_article=2, dim=5)
    with psycopg.connect(pgvector_url, autocommit=True) as conn:
        conn.execute("CREATE TEMPORARY TABLE t (i integer, article bigint, v vector(5))")
        with conn.cursor().copy("COPY t FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(candidates.copy_rows(vectors, articles))
        rows = conn.execute("SELECT i, article, v::text FROM t ORDER BY i").fetchall()
    assert [(i, a) for i, a, _ in rows] == list(enumerate(articles.tolist()))
    stored = np.array([[float(x) for x in v.strip("[]").split(",")] for _, _, v in rows])
    assert np.allclose(stored, vectors, atol=1e-6)


def test_on_sqlite_the_search_runs_in_process(settings):
    settings.ALIGN_DB_SEARCH_MIN_ITEMS = 1
    vectors, articles = clustered(n_articles=10, per_article=5)
    assert candidates.source_for(len(vectors)) == "in-process"
    assert candidates.nearest_pairs(vectors, articles) == candidate_pairs(vectors, articles)


def test_a_database_without_pgvector_or_the_right_to_create_it_searches_in_process(
    pgvector_url,
):
    name = f"nc_plain_{uuid.uuid4().hex[:8]}"
    admin = make_conninfo(pgvector_url, dbname="postgres")
    plain_url = make_conninfo(pgvector_url, dbname=name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute("DROP ROLE IF EXISTS nc_reader")
        conn.execute("CREATE ROLE nc_reader LOGIN")
    try:
        reader_url = make_conninfo(plain_url, user="nc_reader")
        with psycopg.connect(reader_url, autocommit=True) as conn:
            assert candidates.extension_ready(conn.cursor()) is False
            assert (
                conn.execute(
                    "SELECT count(*) FROM pg_extension WHERE extname = 'vector'"
                ).fetchone()[0]
                == 0
            )
        # a superuser may create it, and then it is there for everyone
        with psycopg.connect(plain_url, autocommit=True) as conn:
            assert candidates.extension_ready(conn.cursor()) is True
        with psycopg.connect(reader_url, autocommit=True) as conn:
            assert candidates.extension_ready(conn.cursor()) is True
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute("DROP ROLE IF EXISTS nc_reader")


def test_the_machines_postgres_without_the_package_has_no_pgvector(postgres_url):
    """Debian 12's PostgreSQL 15 has no pgvector package (apt-cache policy finds none):
    alignment there searches in process."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        available = conn.execute(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'"
        ).fetchone()[0]
        assert candidates.extension_ready(conn.cursor()) is bool(available)
