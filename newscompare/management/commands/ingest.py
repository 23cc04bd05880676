"""python manage.py ingest PATH [PATH ...] [--story SLUG]  (CONTRACT §1 and §4)

With --story every article goes into that story; without it, each article joins the story
it belongs to or starts a new one (pipeline/placement.py). Either way every story that
gained articles is indexed (or queued for a worker)."""

from django.core.management.base import BaseCommand, CommandError

from newscompare.ingest.readers import read_paths
from newscompare.news import services
from newscompare.news.models import Story
from newscompare.pipeline.placement import ingest_unsorted
from newscompare.pipeline.tasks import enqueue_index


class Command(BaseCommand):
    help = (
        "Import articles (JSONL, folders, .txt/.html/.json files) into a story, or without "
        "--story into the stories they belong to, and index them."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--story", help="story slug (created when new); without it articles are grouped"
        )
        parser.add_argument("--no-index", action="store_true", help="store only; do not index")

    def handle(self, *args, **opts):
        if opts["story"] is not None:
            try:
                story = services.get_or_create_story(opts["story"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            results = [services.add_article(story, r) for r in read_paths(opts["paths"])]
        else:
            results = ingest_unsorted(read_paths(opts["paths"]))
        counts = {"accepted": 0, "skipped": 0, "rejected": 0}
        for result in results:
            counts[result.status] += 1
            stream = self.stdout if result.status == "accepted" else self.stderr
            stream.write(f"{result.status}: {result.source}: {result.message}")
        stories = Story.objects.filter(
            pk__in={r.article.story_id for r in results if r.status == "accepted"}
        ).order_by("id")
        if opts["story"] is not None:
            stories = Story.objects.filter(slug=story.slug)
        where = f"story {story.slug}" if opts["story"] is not None else f"{len(stories)} stories"
        self.stdout.write(
            f"{where}: {counts['accepted']} accepted, {counts['skipped']} skipped, "
            f"{counts['rejected']} rejected"
        )
        if opts["no_index"]:
            return
        failed = []
        for story in stories:
            if not story.articles.exists():
                continue
            run = enqueue_index(story)
            if run.state == run.State.DONE:
                self.stdout.write(f"indexed {story.slug}: {story.claims.count()} claims")
            elif run.state == run.State.FAILED:
                failed.append(f"{story.slug}: {run.error}")
            else:
                self.stdout.write(
                    f"indexing {story.slug} queued (run {run.id}); a worker will pick it up"
                )
        if failed:
            raise CommandError("indexing failed: " + "; ".join(failed))
