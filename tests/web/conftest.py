"""Dashboard fixtures: a live server over the test database, and the seed story indexed
once per test session (re-indexed only if another test emptied the database)."""
import io

import pytest
from django.core.management import call_command

SEED_SLUG = "seed-syria-2015"


@pytest.fixture(scope="session")
def _live_site(django_db_setup, django_db_blocker):
    # pytest-django's own live_server fixture forces transactional_db, which empties the
    # database after every test; the browser tests share one indexed story instead.
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def site(_live_site, django_db_blocker):
    """The live server's base URL; the database is open to the test and the server while
    the test runs, and what the test writes is committed at once (the server sees it)."""
    with django_db_blocker.unblock():
        yield _live_site.url


@pytest.fixture
def seed_story(site, seed_dir):
    """The seed story, ingested and indexed with the real model (once per session)."""
    from newscompare.news.models import Story

    story = Story.objects.filter(slug=SEED_SLUG).first()
    if story is None or not story.claims.exists():
        call_command("ingest", str(seed_dir), story=SEED_SLUG, stdout=io.StringIO(), stderr=io.StringIO())
        story = Story.objects.get(slug=SEED_SLUG)
    return story
