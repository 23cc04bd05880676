"""Celery tasks: thin wrappers that take ids and call the runner."""
from celery import shared_task

from newscompare.news.models import IndexRun, Story

from . import runner


@shared_task(name="newscompare.index_story")
def index_story(story_id: int, run_id: int | None = None) -> int:
    """Index one story; returns the IndexRun id."""
    story = Story.objects.get(pk=story_id)
    run = IndexRun.objects.get(pk=run_id) if run_id else runner.start_run(story)
    runner.run_index(run)
    return run.id


def enqueue_index(story: Story) -> IndexRun:
    """Queue indexing of a story (inline on the embedded default) and return its run."""
    run = runner.start_run(story)
    index_story.delay(story.id, run.id)
    run.refresh_from_db()
    return run
