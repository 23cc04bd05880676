"""Publication dates as outlets give them: ISO dates and datetimes, else whatever dateparser
can read ("7 December 2026", "Dec 7, 2026 10:15 GMT"), as long as it names a fixed day."""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

# Two reading days that differ in year, month, day and weekday: a date that dateparser
# resolves differently against them depends on the day it is read ("yesterday", "Friday",
# "2 hours ago", "September 18" without a year), so it fixes no day at all.
_READING_DAYS = (dt.datetime(2001, 1, 1, 12), dt.datetime(2011, 6, 15, 3))


def read_published(value: str) -> tuple[dt.datetime | None, str]:
    """The publication time, aware and in the outlet's own offset, so that its .date() is
    the outlet's own day (a date alone or a time without an offset counts as UTC); or None
    and why not, in words."""
    value = (value or "").strip()
    if not value:
        return None, ""
    shown = value[:40]
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
            readings = [
                dateparser.parse(value[:100], settings={"RELATIVE_BASE": base})
                for base in _READING_DAYS
            ]
        except (ValueError, OverflowError, TypeError):
            readings = [None]
        if readings[0] is None:
            return None, f"publication date '{shown}' not understood, left empty"
        if any(r != readings[0] for r in readings):
            return None, (
                f"publication date '{shown}' names no fixed day (it is relative to the day "
                "it is read, or incomplete), left empty"
            )
        parsed = readings[0]
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    try:
        parsed.astimezone(dt.UTC)  # what the database stores
    except OverflowError:
        return None, f"publication date '{shown}' is out of range, left empty"
    return parsed, ""


def parse_published(value: str) -> dt.datetime | None:
    """read_published without the reason."""
    return read_published(value)[0]
