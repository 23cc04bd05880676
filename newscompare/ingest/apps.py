from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "newscompare.ingest"
    label = "ingest"
    verbose_name = "Uploads"
