from django.urls import path

from . import api

urlpatterns = [
    path("articles", api.story_articles, name="api_articles"),
    path("stories/<str:slug>/articles", api.story_articles, name="api_story_articles"),
    path("uploads/<int:batch_id>", api.upload_results, name="api_upload_results"),
]
