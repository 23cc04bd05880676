"""External ids for articles that come without one."""

import hashlib


def url_external_id(url: str) -> str:
    """The id of an article fetched from a URL: stable for the same URL."""
    return "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
