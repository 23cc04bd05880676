"""The Celery app. Settings come from Django's settings module (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")

app = Celery("newscompare")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["newscompare.pipeline", "newscompare.ingest"])
