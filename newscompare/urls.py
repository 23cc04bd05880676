from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from newscompare.web import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newscompare.ingest.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", health.healthz, name="healthz"),
    path("", include("newscompare.web.urls")),
    path("", include("newscompare.web.review_urls")),
]
