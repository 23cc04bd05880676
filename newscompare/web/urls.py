from django.urls import path

from . import grouping_views, views

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("stories/<slug:slug>/", views.story_detail, name="story"),
    path("stories/<slug:slug>/claims", views.story_claims, name="story_claims"),
    path("stories/<slug:slug>/claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("stories/<slug:slug>/articles/<int:article_id>/", views.article_detail, name="article"),
    path("stories/<slug:slug>/timeline", views.story_timeline, name="story_timeline"),
    path("stories/<slug:slug>/progress", views.story_progress, name="story_progress"),
    path("stories/<slug:slug>/grouping", grouping_views.story_grouping, name="story_grouping"),
    path("stories/<slug:slug>/export.<str:fmt>", views.story_export, name="story_export"),
]
