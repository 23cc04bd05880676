"""python manage.py export_stories --format json [--output FILE]  (CONTRACT §4)"""

import json

from django.core.management.base import BaseCommand

from newscompare.news.selectors import export_stories


class Command(BaseCommand):
    help = "Write every story with its title and its articles' ids as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **opts) -> None:
        body = json.dumps(export_stories(), ensure_ascii=False, indent=1)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as f:
                f.write(body + "\n")
        else:
            self.stdout.write(body)
