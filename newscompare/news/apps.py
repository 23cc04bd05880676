from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "newscompare.news"
    label = "news"
    verbose_name = "News"
