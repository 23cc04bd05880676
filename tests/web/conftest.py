"""Dashboard fixtures: a live server over the test database, and the seed story indexed
once per test session.

pytest-django's own live_server fixture forces transactional_db, which empties the
database after every test, so each browser test would re-index the seed story. Here the
seed story is committed once, and each browser test runs in the ordinary rolled-back
transaction (`db`). The test database is in-memory SQLite, whose one connection the
server thread shares, so the server sees what a test writes before it is rolled back.
"""

import io

import pytest
from django.core.management import call_command

from tests.conftest import SEED

SEED_SLUG = "seed-syria-2015"


def ingest_seed():
    from newscompare.news.models import Story

    story = Story.objects.filter(slug=SEED_SLUG).first()
    if story is None or not story.claims.exists():
        call_command(
            "ingest", str(SEED), story=SEED_SLUG, stdout=io.StringIO(), stderr=io.StringIO()
        )
        story = Story.objects.get(slug=SEED_SLUG)
    return story


@pytest.fixture(scope="session")
def _live_site(django_db_setup, django_db_blocker):
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        pytest.skip(
            "the browser tests share the in-memory SQLite test database with the live server; "
            "run them without DATABASE_URL"
        )
    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def _seed_committed(django_db_setup, django_db_blocker):
    """Committed for the module's tests, and removed after them so that tests elsewhere
    start from an empty database as usual."""
    from newscompare.news.models import EmbeddingCache, Outlet, Story

    with django_db_blocker.unblock():
        ingest_seed()
    yield
    with django_db_blocker.unblock():
        Story.objects.filter(slug=SEED_SLUG).delete()
        Outlet.objects.filter(articles__isnull=True).delete()
        EmbeddingCache.objects.all().delete()


@pytest.fixture
def site(_live_site, db):
    """The live server's base URL."""
    return _live_site.url


@pytest.fixture
def seed_story(_seed_committed, db):
    """The seed story, indexed with the real model. Ingested once per test module; again only
    if a transactional test elsewhere has emptied the database since."""
    return ingest_seed()
