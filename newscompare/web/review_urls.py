"""URLs of the re-index and review fragments (the story page includes them)."""

from django.urls import path

from . import review_views

urlpatterns = [
    path(
        "stories/<slug:slug>/since-last-index",
        review_views.story_index_diff,
        name="story_index_diff",
    ),
    path("claims/<int:pk>/review", review_views.claim_review, name="claim_review"),
]
