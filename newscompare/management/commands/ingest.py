"""python manage.py ingest PATH [PATH ...] [--story SLUG]  (CONTRACT §1 and §4)

With --story every article goes into that story; without it, each article joins the story
it belongs to or starts a new one (pipeline/placement.py). Either way every story that
gained articles is indexed (or queued for a worker)."""

from django.core.management.base import BaseCommand, CommandError

from newscompare.ingest.estimate import expected_records
from newscompare.ingest.readers import read_paths
from newscompare.lib.progress import progress
from newscompare.news import services
from newscompare.news.models import Story
from newscompare.pipeline.placement import ingest_unsorted
from newscompare.pipeline.tasks import enqueue_index


class Command(BaseCommand):
    help = (
        "Import articles (JSONL, folders, .txt/.html/.json files) into a story, or without "
        "--story into the stories they belong to, and index them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--story", help="story slug (created when new); without it articles are grouped"
        )
        parser.add_argument("--no-index", action="store_true", help="store only; do not index")

    def handle(self, *args, **opts) -> None:
        story = None
        if opts["story"] is not None:
            try:
                story = services.get_or_create_story(opts["story"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        stories = self._import(opts["paths"], story)
        if not opts["no_index"]:
            self._index(stories, story)

    def _import(self, paths: list[str], story: Story | None) -> set[int]:
        """Reads and stores every article (into `story`, or where grouping places it), says
        each result and the totals; returns the ids of the stories that gained articles."""
        counts = {"accepted": 0, "skipped": 0, "rejected": 0}
        stories = {story.pk} if story else set()
        records = read_paths(paths)
        total = expected_records(paths)
        with progress(total=total, desc="ingest", unit="article") as bar:

            def report(result) -> None:
                counts[result.status] += 1
                if result.status == "accepted":
                    stories.add(result.article.story_id)
                stream = self.stdout if result.status == "accepted" else self.stderr
                bar.note(stream.write, f"{result.status}: {result.source}: {result.message}")
                bar.update(1)

            if story is not None:
                for record in records:
                    report(services.add_article(story, record))
            else:
                ingest_unsorted(records, on_result=report)
        where = f"story {story.slug}" if story else f"{len(stories)} stories"
        self.stdout.write(
            f"{where}: {counts['accepted']} accepted, {counts['skipped']} skipped, "
            f"{counts['rejected']} rejected"
        )
        return stories

    def _index(self, stories: set[int], story: Story | None) -> None:
        """Indexes (or queues) each of these stories that has articles; a failed run is an
        error naming the story."""
        failed = []

        def name(each) -> str:  # grouped imports name each story they index
            return "" if story else f" {each.slug}"

        for each in Story.objects.filter(pk__in=stories).order_by("id"):
            if not each.articles.exists():
                continue
            run = enqueue_index(each)
            if run.state == run.State.DONE:
                self.stdout.write(f"indexed{name(each)}: {each.claims.count()} claims")
            elif run.state == run.State.FAILED:
                failed.append(f"{each.slug}: {run.error}")
            else:
                self.stdout.write(
                    f"indexing{name(each)} queued (run {run.id}); a worker will pick it up"
                )
        if failed:
            raise CommandError("indexing failed: " + "; ".join(failed))
