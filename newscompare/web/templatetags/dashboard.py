from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(url) -> str:
    """The URL if it is an http(s) address, else "": article URLs come from untrusted
    input, and a javascript: or data: link must never become clickable."""
    url = str(url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""
