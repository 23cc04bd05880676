from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newscompare.web"
    label = "web"
