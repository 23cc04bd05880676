"""python manage.py sweep_runs: re-send index runs whose worker died or whose message was lost."""

from django.core.management.base import BaseCommand

from newscompare.pipeline import leases
from newscompare.pipeline.tasks import send_index


class Command(BaseCommand):
    help = (
        "Re-queue index runs whose heartbeat stopped (INDEX_STALE_AFTER) and re-send queued runs "
        "whose message is older than INDEX_REQUEUE_AFTER. Safe to run anywhere, any number of "
        "times."
    )

    def handle(self, *args, **opts) -> None:
        swept = leases.sweep_runs(send_index)
        self.stdout.write(
            f"re-sent {len(swept)} runs" + (f": {', '.join(map(str, swept))}" if swept else "")
        )
