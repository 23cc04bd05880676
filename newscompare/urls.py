from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newscompare.ingest.urls")),
    path("", include("newscompare.web.urls")),
    path("", include("newscompare.web.review_urls")),
]
