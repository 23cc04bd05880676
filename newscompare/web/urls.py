from django.urls import path

from . import views

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("stories/<slug:slug>/", views.story_detail, name="story"),
    path("stories/<slug:slug>/claims", views.story_claims, name="story_claims"),
    path("stories/<slug:slug>/export.<str:fmt>", views.story_export, name="story_export"),
]
