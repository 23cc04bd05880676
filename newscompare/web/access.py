"""Who may reach what, and how often: the two middlewares that keep these decisions in one
place instead of on each view.

- RateLimitMiddleware: login attempts, uploads and API requests are counted per client in
  fixed windows in Django's cache (Redis when REDIS_URL is set, so every web process counts
  together). Over the limit the answer is 429 with Retry-After, and the view never runs.
- DashboardLoginMiddleware: with NEWSCOMPARE_DASHBOARD_LOGIN on, every page needs a login
  except those that guard themselves (the admin's staff login, the API's tokens), the login
  page, static files and the health check. New views are covered without being listed.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse

# view name -> (scope, methods counted); a scope's limit is settings.RATE_LIMITS[scope]
RATE_LIMITED_VIEWS = {
    "admin:login": ("login", {"POST"}),
    "login": ("login", {"POST"}),
    "admin:ingest_upload": ("upload", {"POST"}),
    "api_story_articles": ("upload", {"POST"}),
}
API_VIEW_PREFIX = "api_"  # every API view counts against the "api" scope as well

# Paths that need no dashboard login: they have their own guard or must stay reachable.
OPEN_PATH_PREFIXES = ("/admin/", "/api/", "/accounts/", "/healthz")


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Limit":
        """'10/300' is ten requests per 300 seconds."""
        requests, _, seconds = text.partition("/")
        return cls(int(requests), int(seconds))


def client_id(request) -> str:
    """The logged-in user, or the client's address (as the proxy in front reports it)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + request.META.get(
        settings.NEWSCOMPARE_CLIENT_IP_HEADER, request.META.get("REMOTE_ADDR", "")
    )


def hit(scope: str, client: str, limit: Limit, now: float | None = None) -> int:
    """Count one request; the seconds to wait if it is over the limit, else 0."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    key = f"ratelimit:{scope}:{client}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first request
        cache.set(key, 1, timeout=limit.seconds + 1)
        count = 1
    if count <= limit.requests:
        return 0
    return max(1, math.ceil((window + 1) * limit.seconds - now))


def _scopes(request) -> list[str]:
    match = request.resolver_match
    name = match.view_name if match else ""
    scopes = []
    if name in RATE_LIMITED_VIEWS:
        scope, methods = RATE_LIMITED_VIEWS[name]
        if request.method in methods:
            scopes.append(scope)
    if name.startswith(API_VIEW_PREFIX):
        scopes.append("api")
    return scopes


def too_many(request, wait: int) -> HttpResponse:
    message = f"too many requests; try again in {wait} seconds"
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": message}, status=429)
    else:
        response = HttpResponse(
            message[:1].upper() + message[1:] + ".\n", status=429, content_type="text/plain"
        )
    response["Retry-After"] = str(wait)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        client = client_id(request)
        for scope in _scopes(request):
            wait = hit(scope, client, Limit.parse(settings.RATE_LIMITS[scope]))
            if wait:
                return too_many(request, wait)
        return None


class DashboardLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.NEWSCOMPARE_DASHBOARD_LOGIN
            and not request.user.is_authenticated
            and not request.path.startswith(OPEN_PATH_PREFIXES + (settings.STATIC_URL,))
        ):
            response = redirect_to_login(request.get_full_path())
            if getattr(request, "htmx", False):
                # an htmx poll or filter would swap the login page into a fragment: load it whole
                response = HttpResponse(status=204)
                response["HX-Redirect"] = redirect_to_login(request.get_full_path()).url
            return response
        return self.get_response(request)
