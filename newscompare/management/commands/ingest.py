"""python manage.py ingest PATH [PATH ...] --story SLUG  (CONTRACT §1)"""

from django.core.management.base import BaseCommand, CommandError

from newscompare.ingest.estimate import expected_records
from newscompare.ingest.readers import read_paths
from newscompare.lib.progress import progress
from newscompare.news import services
from newscompare.pipeline.tasks import enqueue_index


class Command(BaseCommand):
    help = "Import articles (JSONL, folders, .txt/.html/.json files) into a story and index it."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--story", required=True, help="story slug (created when new)")
        parser.add_argument("--no-index", action="store_true", help="store only; do not index")

    def handle(self, *args, **opts):
        try:
            story = services.get_or_create_story(opts["story"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        counts = {"accepted": 0, "skipped": 0, "rejected": 0}
        records = read_paths(opts["paths"])
        total = expected_records(opts["paths"])
        with progress(records, total=total, desc="ingest", unit="article") as bar:
            for record in bar:
                result = services.add_article(story, record)
                counts[result.status] += 1
                stream = self.stdout if result.status == "accepted" else self.stderr
                bar.note(stream.write, f"{result.status}: {result.source}: {result.message}")
        self.stdout.write(
            f"story {story.slug}: {counts['accepted']} accepted, {counts['skipped']} skipped, "
            f"{counts['rejected']} rejected"
        )
        if opts["no_index"] or not story.articles.exists():
            return
        run = enqueue_index(story)
        if run.state == run.State.DONE:
            self.stdout.write(f"indexed: {story.claims.count()} claims")
        elif run.state == run.State.FAILED:
            raise CommandError(f"indexing failed: {run.error}")
        else:
            self.stdout.write(f"indexing queued (run {run.id}); a worker will pick it up")
