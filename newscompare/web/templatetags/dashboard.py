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


@register.filter
def when(at) -> str:
    """A report's time as the timeline writes it: the day, and the hour when one is known,
    which the timeline gives in UTC (said, so that no reader takes it for their own time)."""
    from newscompare.pipeline.timeline import when as timeline_when

    text = timeline_when(at)
    return f"{text} UTC" if ":" in text else text


# The dash is drawn by CSS (app.css, hidden from screen readers), which read the words.
MISSING_CELL = '<td class="cell missing"><span class="sr">not reported</span></td>'


@register.simple_tag
def matrix_cells(cells) -> str:
    """A matrix row's cells. Written here rather than as a template loop because a big
    story's page has thousands of cells, most of them "not reported": this keeps the
    story page within its render budget. Every value is escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from newscompare.web.present import shorten

    out = []
    for c in cells:
        if c.state == "missing":
            out.append(MISSING_CELL)
            continue
        value = f' <span class="v">{escape(shorten(c.value, 48))}</span>' if c.values else ""
        out.append(
            f'<td class="cell {c.state}"><span class="state">'
            f'<span aria-hidden="true">{c.symbol}</span> {c.label}</span>{value}</td>'
        )
    return mark_safe("".join(out))


@register.filter
def named(explanation, labels) -> str:
    """A claim's explanation with article ids replaced by outlet names (present.named)."""
    from newscompare.web.present import named as named_explanation

    return named_explanation(str(explanation or ""), labels or {})
