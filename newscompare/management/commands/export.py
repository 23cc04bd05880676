"""python manage.py export SLUG --format json|csv [--output FILE]  (CONTRACT §2)"""

import json

from django.core.management.base import BaseCommand, CommandError

from newscompare.news.models import Story
from newscompare.pipeline.timeline import export_story, export_story_csv


class Command(BaseCommand):
    help = "Write a story's claims as JSON or CSV."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **opts) -> None:
        story = Story.objects.filter(slug=opts["slug"]).first()
        if story is None:
            raise CommandError(f"no story '{opts['slug']}'")
        if opts["format"] == "json":
            body = json.dumps(export_story(story), ensure_ascii=False, indent=1)
        else:
            body = export_story_csv(story)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8", newline="") as f:
                f.write(body)
        else:
            self.stdout.write(body)
