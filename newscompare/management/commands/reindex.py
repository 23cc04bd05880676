"""python manage.py reindex [SLUG ...] [--stale | --all]"""

from django.core.management.base import BaseCommand, CommandError

from newscompare.lib.progress import progress
from newscompare.news.models import Story
from newscompare.pipeline import runner
from newscompare.pipeline.tasks import enqueue_index


class Command(BaseCommand):
    help = (
        "Queue stories for indexing: the named ones, the stale ones (made by another pipeline "
        "version or model, or never indexed), or all. Runs inline on the embedded default."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--stale", action="store_true", help="stories indexed by another version or model"
        )
        which.add_argument("--all", action="store_true", help="every story")

    def handle(self, *args, **opts) -> None:
        if sum(map(bool, (opts["slugs"], opts["stale"], opts["all"]))) != 1:
            raise CommandError("name stories, or give --stale or --all (one of them)")
        if opts["all"]:
            stories = list(Story.objects.order_by("id"))
        elif opts["stale"]:
            stories = list(runner.stale_stories())
        else:
            stories = list(Story.objects.filter(slug__in=opts["slugs"]).order_by("id"))
            unknown = set(opts["slugs"]) - {s.slug for s in stories}
            if unknown:
                raise CommandError(f"no such stories: {', '.join(sorted(unknown))}")
        failed = 0
        with progress(stories, desc="reindex", unit="story") as bar:
            for story in bar:
                run = enqueue_index(story)
                if run.state == run.State.DONE:
                    bar.note(
                        self.stdout.write,
                        f"{story.slug}: indexed (run {run.pk}), {story.claims.count()} claims",
                    )
                elif run.state == run.State.FAILED:
                    failed += 1
                    bar.note(self.stderr.write, f"{story.slug}: failed (run {run.pk}): {run.error}")
                else:
                    bar.note(self.stdout.write, f"{story.slug}: queued (run {run.pk})")
        self.stdout.write(f"{len(stories)} stories")
        if failed:
            raise CommandError(f"{failed} stories failed to index")
