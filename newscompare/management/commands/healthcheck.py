"""python manage.py healthcheck: what GET /healthz answers, for a monitor or a systemd or
container health check on the machine itself. Prints the JSON; exits 1 when a required
service (database; with REDIS_URL also Redis, a worker and beat) is down."""

import json

from django.core.management.base import BaseCommand, CommandError

from newscompare.web import health


class Command(BaseCommand):
    help = "Check the database, Redis, a Celery worker and celery beat; exit 1 if one is down."

    def handle(self, *args, **opts) -> None:
        report = health.report()
        self.stdout.write(json.dumps(report, indent=1))
        if report["status"] != "ok":
            down = [name for name, c in report["checks"].items() if c["required"] and not c["ok"]]
            raise CommandError("down: " + ", ".join(down))
