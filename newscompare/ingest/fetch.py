"""Fetch an article from a URL without letting the URL reach inside our network (SSRF).

Only http and https; every address the host name resolves to must be a public internet
address (not private, loopback, link-local, multicast, reserved or unspecified), and the
connection goes to an address that was checked, so a name cannot resolve differently
between check and use. Redirects are followed by hand, at most INGEST_URL_MAX_REDIRECTS,
each hop checked the same way. Connect, read and total timeouts; a body cap; the content
type must be a web page or plain text. urllib3 (already under trafilatura) does the HTTP:
it lets us pin the address while keeping the host name for TLS and the Host header.

Runs only in the background job, never in a web request."""

import ipaddress
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from newscompare.lib.sizes import human_size

ACCEPTED_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "newscompare/1.0 (article fetcher)"


def seconds(value: float) -> str:
    return f"{value:g} second" + ("" if value == 1 else "s")


class FetchError(Exception):
    """A URL we will not or could not fetch; str() is the plain-words reason."""


@dataclass
class Fetched:
    url: str  # after redirects
    kind: str  # "html" or "text"
    charset: str  # from the Content-Type header, "" if none
    body: bytes


def address_problem(ip, allow_loopback: bool = False) -> str | None:
    """Why we refuse to connect to this address, or None if it is a public one."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip)
    if ip.version == 6 and ip.ipv4_mapped:
        return address_problem(ip.ipv4_mapped, allow_loopback)
    if ip.version == 6 and (ip.sixtofour or (ip.teredo and ip.teredo[1])):
        embedded = address_problem(ip.sixtofour or ip.teredo[1], allow_loopback)
        if embedded:
            return embedded
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:  # before private: Python counts 240.0.0.0/4 as both
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public internet address"
    return None


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-and-query) of an acceptable URL; FetchError otherwise.
    Needs no network: the upload view runs it to refuse bad lines at once."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError("not a valid web address") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            f"only http and https addresses are fetched, not '{scheme}:'"
            if scheme
            else "not a web address (it should start with http:// or https://)"
        )
    if parts.username or parts.password:
        raise FetchError("addresses with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("the address has no host name")
    try:
        host.encode("idna")
    except UnicodeError as exc:
        raise FetchError("the host name is not valid") from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def resolve_public(host: str, port: int, allow_loopback: bool | None = None) -> list[str]:
    """Every address `host` resolves to, if all are acceptable; FetchError naming the first
    that is not. A literal IP is checked as it is."""
    allow = settings.INGEST_URL_ALLOW_LOOPBACK if allow_loopback is None else allow_loopback
    try:
        infos = socket.getaddrinfo(
            host.encode("idna").decode("ascii"), port, type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"the host name {host} could not be resolved") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        problem = address_problem(address.split("%")[0], allow)
        if problem:
            where = (
                f"the address {host} is" if address == host else f"{host} resolves to {address},"
            )
            raise FetchError(f"{where} {problem}; only public internet addresses are fetched")
    if not addresses:
        raise FetchError(f"the host name {host} could not be resolved")
    return addresses


def fetch_url(url: str) -> Fetched:
    """The body of a web page or text file, or FetchError with the reason."""
    import urllib3

    max_redirects, cap = settings.INGEST_URL_MAX_REDIRECTS, settings.INGEST_URL_MAX_BYTES
    connect_timeout, read_timeout = (
        settings.INGEST_URL_CONNECT_TIMEOUT,
        settings.INGEST_URL_READ_TIMEOUT,
    )
    deadline = time.monotonic() + settings.INGEST_URL_TOTAL_TIMEOUT
    timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
    current = url.strip()
    for _hop in range(max_redirects + 1):
        scheme, host, port, path = check_url(current)
        address = resolve_public(host, port)[0]
        pool = _connection_pool(scheme, address, host, port, timeout)
        try:
            with _connection_errors_explained(connect_timeout, read_timeout):
                response = _get(pool, path, _host_header(scheme, host, port), timeout)
                try:
                    if response.status in REDIRECTS and response.headers.get("Location"):
                        current = urljoin(current, response.headers["Location"])
                        continue
                    return _read_body(current, response, cap, deadline)
                finally:
                    response.release_conn()
                    response.close()
        finally:
            pool.close()
    raise FetchError(f"more than {max_redirects} redirects")


def _host_header(scheme: str, host: str, port: int) -> str:
    """The Host header: the name (an IPv6 literal in brackets), with the port unless it is
    the scheme's default."""
    default_port = 443 if scheme == "https" else 80
    bracketed = f"[{host}]" if ":" in host else host  # an IPv6 literal
    return bracketed if port == default_port else f"{bracketed}:{port}"


def _connection_pool(scheme: str, address: str, host: str, port: int, timeout):
    """A pool that connects to the checked address; over https it verifies the certificate
    for the host name, no retries."""
    import urllib3

    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            retries=False,
            timeout=timeout,
        )
    return urllib3.HTTPConnectionPool(address, port, retries=False, timeout=timeout)


def _get(pool, path: str, host_header: str, timeout):
    """One GET of path: no redirect followed, no retry, the body not yet read or decoded."""
    return pool.urlopen(
        "GET",
        path,
        redirect=False,
        retries=False,
        preload_content=False,
        decode_content=False,
        timeout=timeout,
        assert_same_host=False,
        headers={
            "Host": host_header,
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
            "Accept-Encoding": "identity",
        },
    )


@contextmanager
def _connection_errors_explained(connect_timeout: float, read_timeout: float) -> Iterator[None]:
    """Turns urllib3's connection errors into FetchError with the reason in plain words."""
    import urllib3

    try:
        yield
    except urllib3.exceptions.ConnectTimeoutError as exc:
        raise FetchError(
            f"the server did not accept a connection within {seconds(connect_timeout)}"
        ) from exc
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise FetchError(f"the server did not answer within {seconds(read_timeout)}") from exc
    except urllib3.exceptions.NewConnectionError as exc:
        raise FetchError("could not connect to the server") from exc
    except urllib3.exceptions.SSLError as exc:
        raise FetchError("the secure (https) connection failed: certificate or TLS error") from exc
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"the connection to the server failed ({type(exc).__name__})") from exc


def _read_body(url: str, response, cap: int, deadline: float) -> Fetched:
    if response.status != 200:
        reason = f" {response.reason}" if response.reason else ""
        raise FetchError(f"the server answered {response.status}{reason}")
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if not media_type:
        raise FetchError("the server did not say what kind of file it sent (no Content-Type)")
    if media_type not in ACCEPTED_TYPES:
        raise FetchError(f"the address returned {media_type}, not a web page or plain text")
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise FetchError(
            f"the server sent compressed content ({encoding}) although none was asked for"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(f"the page is larger than the {human_size(cap)} limit")
    body = bytearray()
    while True:
        # read1: at most one read from the socket, so a server dripping a byte at a time
        # (each inside the read timeout) still meets the total deadline below.
        chunk = response.read1(64 * 1024)
        if not chunk:
            break
        body += chunk
        if len(body) > cap:
            raise FetchError(f"the page is larger than the {human_size(cap)} limit")
        if time.monotonic() > deadline:
            raise FetchError(
                f"the server took longer than {seconds(settings.INGEST_URL_TOTAL_TIMEOUT)} to "
                f"send the page"
            )
    charset = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return Fetched(url=url, kind=ACCEPTED_TYPES[media_type], charset=charset, body=bytes(body))
