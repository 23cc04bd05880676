"""Publication dates as outlets give them: ISO dates and datetimes, else whatever dateparser
can read ("7 December 2026", "Dec 7, 2026 10:15 GMT")."""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_published(value: str) -> dt.datetime | None:
    """An aware datetime from an ISO date or datetime (dates become midnight UTC); None if
    unknown."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value[:10])
            parsed = dt.datetime.combine(day, dt.time()) if day else None
    except ValueError:
        parsed = None
    if parsed is None:
        import dateparser

        try:
            parsed = dateparser.parse(value[:100], settings={"RETURN_AS_TIMEZONE_AWARE": False})
        except (ValueError, OverflowError, TypeError):
            parsed = None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed
