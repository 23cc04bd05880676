"""Safe by default: production settings pass `check --deploy`, every response carries the
security headers, anonymous clients reach neither admin nor upload nor API, the dashboard
asks for a login when told to, and login, upload and API answer 429 past their rate."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.test import override_settings

from newscompare.ingest.models import ApiToken
from newscompare.web import access
from tests.conftest import ROOT, manage, project_env

TEMPLATES = ROOT / "templates"
UPLOAD_PAGE = "/admin/ingest/uploadbatch/upload/"
API_UPLOAD = "/api/stories/some-story/articles"
HTTPS = {"SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True}


def production_env(tmp_path, **extra) -> dict:
    env = project_env(NEWSCOMPARE_VAR_DIR=str(tmp_path / "var"))
    # as a deployment has it: none of the test run's own switches
    for name in ("SECRET_KEY", "NEWSCOMPARE_HTTPS", "DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**env, **extra}


def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env(tmp_path))
    assert result.returncode == 0
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


def test_check_deploy_names_what_plain_http_gives_up(tmp_path):
    """The escape hatch for a trial without TLS is not silent about what it costs."""
    result = manage(
        "check", "--deploy", env=production_env(tmp_path, NEWSCOMPARE_HTTPS="0"), check=False
    )
    warnings = result.stdout + result.stderr
    for check_id in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check_id in warnings


@pytest.mark.django_db
def test_it_sends_the_security_headers_on_every_page(client):
    with override_settings(**HTTPS, SECURE_HSTS_SECONDS=31536000):
        plain = client.get("/")
        assert plain.status_code == 301 and plain["Location"] == "https://testserver/"
        response = client.get("/", secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(client):
    User.objects.create_user("reader", password="pw-reader-1", is_staff=True)
    with override_settings(**HTTPS):
        login_page = client.get("/admin/login/", secure=True)
        assert login_page.cookies["csrftoken"]["secure"]
        response = client.post(
            "/admin/login/",
            {"username": "reader", "password": "pw-reader-1"},
            secure=True,
        )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


def test_templates_hold_no_inline_script_style_or_event_handler():
    """The CSP forbids them; this names the file and line before a browser has to."""
    rules = {
        "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "style= attribute": re.compile(r"\sstyle\s*=", re.I),
        "<style> block": re.compile(r"<style[\s>]", re.I),
        "hx-on": re.compile(r"\bhx-on", re.I),
        "on...= handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
        "javascript: URL": re.compile(r"javascript:", re.I),
    }
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in rules.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {what}")
    assert not found, "\n".join(found)


# --- who may reach what -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", UPLOAD_PAGE, "/admin/ingest/apitoken/"])
def test_an_anonymous_client_is_sent_to_the_admin_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_an_anonymous_client_cannot_upload_through_the_admin_page(client):
    response = client.post(UPLOAD_PAGE, {"new_story": "sneaky", "urls": "https://example.org/"})
    assert response.status_code in (302, 403)
    from newscompare.news.models import Story

    assert not Story.objects.filter(slug="sneaky").exists()


@pytest.mark.django_db
def test_an_anonymous_client_cannot_use_the_api(client):
    upload = client.post(API_UPLOAD, {"urls": "https://example.org/"})
    results = client.get("/api/uploads/1")
    assert upload.status_code == results.status_code == 401
    assert upload["WWW-Authenticate"].startswith("Token")


@pytest.mark.django_db
def test_a_logged_in_reader_who_is_not_staff_cannot_reach_the_upload_page(client):
    client.force_login(User.objects.create_user("reader"))
    assert client.get(UPLOAD_PAGE).status_code == 302


@pytest.mark.django_db
def test_api_tokens_are_stored_hashed(client):
    user = User.objects.create_user("script", is_staff=True)
    token, key = ApiToken.issue(user)
    stored = ApiToken.objects.filter(pk=token.pk).values_list()[0]
    assert key not in [str(v) for v in stored]
    assert ApiToken.user_for_key(key) == user
    assert ApiToken.user_for_key(key + "x") is None


@pytest.mark.django_db
def test_the_dashboard_is_open_unless_the_setting_asks_for_a_login(client):
    assert client.get("/").status_code == 200
    with override_settings(NEWSCOMPARE_DASHBOARD_LOGIN=True):
        page = client.get("/stories/any-story/?verdict=diverge")
        assert page.status_code == 302
        assert page["Location"] == "/accounts/login/?next=/stories/any-story/%3Fverdict%3Ddiverge"
        fragment = client.get("/stories/any-story/progress", headers={"HX-Request": "true"})
        assert fragment.status_code == 204
        assert fragment["HX-Redirect"].startswith("/accounts/login/?next=")
        assert client.get("/accounts/login/").status_code == 200
        assert client.get("/healthz").status_code == 200
        client.force_login(User.objects.create_user("reader"))
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_reader_logs_in_through_the_login_page_and_lands_where_they_were_going(client):
    User.objects.create_user("reader", password="pw-reader-1")
    with override_settings(NEWSCOMPARE_DASHBOARD_LOGIN=True):
        wrong = client.post("/accounts/login/", {"username": "reader", "password": "nope"})
        assert wrong.status_code == 200 and b"correct username and password" in wrong.content
        response = client.post(
            "/accounts/login/?next=/",
            {"username": "reader", "password": "pw-reader-1", "next": "/"},
        )
        assert response.status_code == 302 and response["Location"] == "/"
        assert b"Log out" in client.get("/").content


# --- rate limits ----------------------------------------------------------------------


# Fixed windows start on multiples of their length: a day-long window keeps a test that
# runs for a few seconds inside one window, so the count never restarts under it.
DAY = 86400


def assert_too_many(response, window: int):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= window


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_login_attempts_past_the_limit_answer_429_with_retry_after(client, path):
    with override_settings(RATE_LIMITS={**_limits(), "login": f"3/{DAY}"}):
        answers = [
            client.post(path, {"username": "x", "password": f"guess{i}"}).status_code
            for i in range(3)
        ]
        assert 429 not in answers
        assert_too_many(client.post(path, {"username": "x", "password": "guess4"}), DAY)
        assert client.get(path).status_code == 200, "reading the login page is not an attempt"


@pytest.mark.django_db
def test_api_requests_past_the_limit_answer_429_in_json(client):
    with override_settings(RATE_LIMITS={**_limits(), "api": f"2/{DAY}"}):
        assert client.get("/api/uploads/1").status_code == 401
        assert client.get("/api/uploads/1").status_code == 401
        response = client.get("/api/uploads/1")
    assert_too_many(response, DAY)
    assert "too many requests" in response.json()["error"]


@pytest.mark.django_db
def test_uploads_past_the_limit_answer_429_for_the_page_and_the_api(client):
    user = User.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_uploadbatch"))
    client.force_login(user)
    with override_settings(RATE_LIMITS={**_limits(), "upload": "1/3600"}):
        first = client.post(UPLOAD_PAGE, {"new_story": "one"})
        assert first.status_code == 400  # refused for having no files, but counted
        assert_too_many(client.post(UPLOAD_PAGE, {"new_story": "two"}), 3600)
        assert client.get(UPLOAD_PAGE).status_code == 200, "reading the page is not an upload"
        client.logout()
        client.post(API_UPLOAD, {"urls": "x"})
        assert_too_many(client.post(API_UPLOAD, {"urls": "x"}), 3600)


def test_the_window_ends_when_retry_after_says():
    limit = access.Limit.parse("2/10")
    start = 1_000_000.0  # a window boundary: 1,000,000 is a multiple of 10
    assert access.hit("t", "c", limit, now=start + 1) == 0
    assert access.hit("t", "c", limit, now=start + 2) == 0
    assert access.hit("t", "c", limit, now=start + 3) == 7
    assert access.hit("t", "c", limit, now=start + 10) == 0, "a new window starts afresh"
    assert access.hit("t", "other-client", limit, now=start + 3) == 0


@pytest.mark.redis
@pytest.mark.django_db
def test_the_count_is_kept_in_redis_so_every_web_process_shares_it(client, redis_server):
    """Two clients of the limit (as two gunicorn workers would be) count in one place."""
    import redis

    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "newscompare",
        }
    }
    with override_settings(CACHES=caches, RATE_LIMITS={**_limits(), "api": "2/60"}):
        assert client.get("/api/uploads/1").status_code == 401
        r = redis.Redis.from_url(redis_server.url)
        keys = [k.decode() for k in r.keys("*ratelimit:api:*")]
        assert len(keys) == 1 and int(r.get(keys[0])) == 1
        r.incr(keys[0])  # another process's request
        response = client.get("/api/uploads/1")
    assert_too_many(response, 60)
    assert 0 < r.ttl(keys[0]) <= 61


def _limits() -> dict:
    from django.conf import settings

    return dict(settings.RATE_LIMITS)


@pytest.mark.slow
def test_the_secret_key_file_is_private(tmp_path):
    manage("check", env=production_env(tmp_path))
    key_file = Path(tmp_path / "var" / "secret_key")
    assert key_file.stat().st_mode & 0o077 == 0
    assert len(key_file.read_text().strip()) >= 50
