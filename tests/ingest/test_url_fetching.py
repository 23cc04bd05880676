"""URLs in an upload are fetched by the background job, never the request, and never
reach a non-public address. A real HTTP server on 127.0.0.1 plays the web (reachable only
with the tests-only INGEST_URL_ALLOW_LOOPBACK); private, link-local and other addresses
are refused by the resolver check before any connection is made."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newscompare.ingest.fetch import FetchError, address_problem, check_url, resolve_public
from newscompare.ingest.models import UploadItem
from newscompare.news.models import Article

from .helpers import counts, fixture, upload

NOT_PUBLIC = "only public internet addresses are fetched"
ARTICLE_HTML = b"""<!doctype html><html><head><title>Dam holds after record rain</title>
<meta property="og:site_name" content="Valley Herald"></head><body><article>
<h1>Dam holds after record rain</h1>
<p>The dam above the town held on Sunday after the heaviest rainfall in forty years, engineers said,
and the evacuation order for 3,000 residents was lifted on Monday morning.</p>
<p>The regional water authority said the reservoir had reached 97 percent of its capacity.</p>
</article></body></html>"""
PLAIN_TEXT = (
    b"Ferries resumed on Tuesday after the strike ended, the port authority said in a statement."
)


class FakeWeb(BaseHTTPRequestHandler):
    routes = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            return
        route(self)


def reply(status=200, body=b"", headers=()):
    def handle(req):
        req.send_response(status)
        for name, value in headers:
            req.send_header(name, value)
        if not any(n.lower() == "content-length" for n, _ in headers):
            req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return handle


def redirect(location):
    return reply(302, headers=[("Location", location)])


def slow(req):
    time.sleep(6)
    reply(200, ARTICLE_HTML, [("Content-Type", "text/html")])(req)


def slow_drip(req):
    req.send_response(200)
    req.send_header("Content-Type", "text/plain")
    req.send_header("Content-Length", "100000")
    req.end_headers()
    try:
        for _ in range(600):  # a byte at a time, each well inside the read timeout, for a minute
            req.wfile.write(b"a")
            req.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def chunked_huge(req):
    req.send_response(200)
    req.send_header("Content-Type", "text/plain")
    req.send_header("Connection", "close")
    req.end_headers()
    try:
        for _ in range(7):
            req.wfile.write(b"a" * 1024 * 1024)
    except OSError:
        pass  # the fetcher hung up at its cap, as it should
    req.close_connection = True


@pytest.fixture
def web(settings):
    """A small web on 127.0.0.1; the base URL, e.g. http://127.0.0.1:PORT"""
    settings.INGEST_URL_ALLOW_LOOPBACK = True
    settings.INGEST_URL_READ_TIMEOUT = 2  # roomy enough for a busy machine; /slow waits longer
    settings.INGEST_URL_TOTAL_TIMEOUT = 3
    FakeWeb.routes = {
        "/article.html": reply(200, ARTICLE_HTML, [("Content-Type", "text/html; charset=utf-8")]),
        "/plain.txt": reply(200, PLAIN_TEXT, [("Content-Type", "text/plain")]),
        "/hop1": redirect("/hop2"),
        "/hop2": redirect("/hop3"),
        "/hop3": redirect("/hop4"),
        "/hop4": redirect("/article.html"),
        "/via-two-redirects": redirect("/hop3"),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/iam/"),
        "/to-private-name": redirect("http://0x0a000005/admin"),
        "/to-ftp": redirect("ftp://127.0.0.1/article.txt"),
        "/slow": slow,
        "/slow-drip": slow_drip,
        "/image.png": reply(
            200, bytes.fromhex("89504e470d0a1a0a"), [("Content-Type", "image/png")]
        ),
        "/no-type": reply(200, PLAIN_TEXT),
        "/gzipped": reply(
            200, b"\x1f\x8b\x08\x00", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        ),
        "/huge-declared": reply(
            200, b"", [("Content-Type", "text/html"), ("Content-Length", str(6 * 1024 * 1024))]
        ),
        "/huge-undeclared": chunked_huge,
        "/server-error": reply(500, b"oops", [("Content-Type", "text/plain")]),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWeb)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_it_fetches_a_page_and_a_text_file_in_the_background_job(admin_client, web):
    before = counts()
    rows = upload(admin_client, urls=f"{web}/article.html\n\n{web}/plain.txt\n")
    assert [r[1] for r in rows] == ["accepted", "accepted"]
    article = Article.objects.get(url=f"{web}/article.html")
    assert article.title == "Dam holds after record rain"
    assert article.outlet.name == "Valley Herald"
    assert "3,000 residents" in article.text
    assert counts()[0] == before[0] + 2


@pytest.mark.django_db
def test_it_follows_up_to_three_redirects(admin_client, web):
    rows = upload(admin_client, urls=f"{web}/via-two-redirects")
    assert rows[0][1] == "accepted"
    assert Article.objects.get().url == f"{web}/article.html"


URL_CASES = [
    # (path on the fake web or a full URL, the message the user reads)
    ("/hop1", "more than 3 redirects"),
    ("/to-metadata", f"the address 169.254.169.254 is a link-local address; {NOT_PUBLIC}"),
    ("/to-private-name", f"0x0a000005 resolves to 10.0.0.5, a private address; {NOT_PUBLIC}"),
    ("/to-ftp", "only http and https addresses are fetched, not 'ftp:'"),
    ("/slow", "the server did not answer within 2 seconds"),
    ("/slow-drip", "the server took longer than 3 seconds to send the page"),
    ("/image.png", "the address returned image/png, not a web page or plain text"),
    ("/no-type", "the server did not say what kind of file it sent (no Content-Type)"),
    ("/gzipped", "the server sent compressed content (gzip) although none was asked for"),
    ("/huge-declared", "the page is larger than the 5 MB limit"),
    ("/huge-undeclared", "the page is larger than the 5 MB limit"),
    ("/missing", "the server answered 404 Not Found"),
    ("/server-error", "the server answered 500 Internal Server Error"),
    (
        "http://169.254.169.254/latest/meta-data/",
        f"the address 169.254.169.254 is a link-local address; {NOT_PUBLIC}",
    ),
    ("http://10.0.0.5/", f"the address 10.0.0.5 is a private address; {NOT_PUBLIC}"),
    (
        "http://192.168.1.1:8080/router",
        f"the address 192.168.1.1 is a private address; {NOT_PUBLIC}",
    ),
    ("http://0x0a000005/", f"0x0a000005 resolves to 10.0.0.5, a private address; {NOT_PUBLIC}"),
    (
        "http://[::ffff:10.0.0.5]/",
        f"the address ::ffff:10.0.0.5 is a private address; {NOT_PUBLIC}",
    ),
    ("http://[fe80::1]/", f"the address fe80::1 is a link-local address; {NOT_PUBLIC}"),
    ("http://224.0.0.1/", f"the address 224.0.0.1 is a multicast address; {NOT_PUBLIC}"),
    ("http://0.0.0.0/", f"the address 0.0.0.0 is an unspecified address; {NOT_PUBLIC}"),
    ("http://240.0.0.1/", f"the address 240.0.0.1 is a reserved address; {NOT_PUBLIC}"),
    (
        "http://100.64.0.1/",
        f"the address 100.64.0.1 is not a public internet address; {NOT_PUBLIC}",
    ),
    ("file:///etc/passwd", "only http and https addresses are fetched, not 'file:'"),
    ("javascript:alert(1)", "only http and https addresses are fetched, not 'javascript:'"),
    (
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "only http and https addresses are fetched, not 'gopher:'",
    ),
    ("www.example.org/news", "not a web address (it should start with http:// or https://)"),
    ("http://user:secret@example.org/", "addresses with a user name or password are not fetched"),
    ("http://example.org:99999/", "not a valid web address"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("target,message", URL_CASES, ids=[c[0] for c in URL_CASES])
def test_it_refuses_a_url_with_a_plain_reason(admin_client, web, target, message):
    url = web + target if target.startswith("/") else target
    before = counts()
    rows = upload(admin_client, urls=url)
    assert rows == [(url, "rejected", message)]
    assert counts() == before


@pytest.mark.django_db
def test_it_refuses_loopback_unless_the_tests_only_setting_allows_it(admin_client, web, settings):
    settings.INGEST_URL_ALLOW_LOOPBACK = False
    port = web.rsplit(":", 1)[1]
    before = counts()
    rows = upload(
        admin_client,
        urls=f"{web}/article.html\nhttp://localhost:{port}/article.html\n"
        f"http://2130706433:{port}/article.html",
    )
    assert rows == [
        (
            f"{web}/article.html",
            "rejected",
            f"the address 127.0.0.1 is a loopback address; {NOT_PUBLIC}",
        ),
        (
            f"http://localhost:{port}/article.html",
            "rejected",
            f"localhost resolves to 127.0.0.1, a loopback address; {NOT_PUBLIC}",
        ),
        (
            f"http://2130706433:{port}/article.html",
            "rejected",
            f"2130706433 resolves to 127.0.0.1, a loopback address; {NOT_PUBLIC}",
        ),
    ]
    assert counts() == before


@pytest.mark.django_db
def test_it_reports_duplicates_among_urls_and_files(admin_client, web):
    rows = upload(
        admin_client, files=[fixture("german.txt")], urls=f"{web}/plain.txt\n{web}/plain.txt"
    )
    assert rows[1:] == [
        (f"{web}/plain.txt", "accepted", rows[1][2]),
        (f"{web}/plain.txt", "skipped", "the same URL appears earlier in this upload"),
    ]
    rows = upload(admin_client, urls=f"{web}/plain.txt")
    first = Article.objects.get(url=f"{web}/plain.txt")
    assert rows == [
        (
            f"{web}/plain.txt",
            "skipped",
            f"duplicate of article {first.external_id} (same text) in story bad-inputs",
        )
    ]


@pytest.mark.django_db
def test_the_request_only_stores_urls_as_pending_items(admin_client, web, settings):
    """With a broker configured the upload request queues the job and returns; the URL
    waits as a pending item (the in-memory broker here has no worker)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from newscompare.celery import app

    app.conf.task_always_eager = False
    try:
        response = admin_client.post(
            "/admin/ingest/uploadbatch/upload/",
            {"new_story": "pending", "urls": f"{web}/article.html"},
        )
    finally:
        app.conf.task_always_eager = True
    assert response.status_code == 302
    item = UploadItem.objects.get()
    assert (item.status, item.message) == ("pending", "waiting to be fetched")
    assert Article.objects.count() == 0


# --- the resolver check itself, with real names and literal addresses ------------------


@pytest.mark.parametrize(
    "address,problem",
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.0.10", "a private address"),
        ("fd00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::abcd", "a link-local address"),
        ("239.1.2.3", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("255.255.255.255", "a reserved address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("2002:a00:1::", "a private address"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_problem_names_every_kind_of_non_public_address(address, problem):
    assert address_problem(address) == problem


def test_loopback_is_allowed_only_by_the_setting_and_nothing_else_is():
    assert address_problem("127.0.0.1", allow_loopback=True) is None
    assert address_problem("10.0.0.1", allow_loopback=True) == "a private address"
    assert address_problem("169.254.169.254", allow_loopback=True) == "a link-local address"


def test_resolve_public_checks_every_address_a_name_resolves_to():
    with pytest.raises(FetchError, match="^localhost resolves to 127.0.0.1, a loopback address"):
        resolve_public("localhost", 80, allow_loopback=False)
    assert resolve_public("localhost", 80, allow_loopback=True) == ["127.0.0.1"]
    with pytest.raises(FetchError, match="^0x0a000005 resolves to 10.0.0.5, a private address"):
        resolve_public("0x0a000005", 80, allow_loopback=True)
    with pytest.raises(FetchError, match="^10.1 resolves to 10.0.0.1, a private address"):
        resolve_public("10.1", 80, allow_loopback=True)


def test_check_url_needs_no_network():
    assert check_url("https://Example.org/a/b?c=1") == ("https", "example.org", 443, "/a/b?c=1")
    assert check_url("http://example.org:8080") == ("http", "example.org", 8080, "/")
