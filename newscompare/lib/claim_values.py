"""How a claim member's stored values read: which value types a claim of each kind is
about, a value's label for a reader, and the key two values are the same by. Shared by
the dashboard and the timeline, so a value reads the same on every page and export."""

import re

# The one table of kinds: which value types a claim of each kind is about. The compare stage
# names a claim's kind by the type it compared (KIND_OF_TYPE); the dashboard and timeline show
# those types' values. Kinds not listed (event, other) have no typed value to show.
KIND_TYPES = {
    "number": ("number", "percent", "money"),
    "date": ("date",),
    "duration": ("duration",),
    "quote": ("quote",),
}
KIND_OF_TYPE = {t: kind for kind, types in KIND_TYPES.items() for t in types}
NUMERIC_TYPES = ("number", "percent", "money")


def typed_values(values, kind: str) -> list[dict]:
    """The values of a member that its claim is about: of the claim's kind, and, where the
    pipeline marked them ("about"), the ones this claim compares (a sentence stating two
    dates shows, in each claim, that claim's date)."""
    types = KIND_TYPES.get(kind, ())
    vals = [
        v for v in values or [] if isinstance(v, dict) and (v.get("type") in types or _span_side(v))
    ]
    if any("about" in v for v in vals):
        return [v for v in vals if v.get("about")]
    return vals


def _span_side(v: dict) -> bool:
    """A start date set against a length so far ("began in October" / "a six-week row") is a
    side of a duration or a date dispute: the verdict marks it `about` for that claim."""
    return v.get("type") in ("date", "duration") and v.get("about") is True


def value_label(v: dict) -> str:
    if v.get("type") == "quote":
        speaker = v.get("speaker") or ""
        return speaker if len(speaker) > 3 else f"“{v.get('text', '')}”"
    return str(v.get("with_unit") or v.get("text") or v.get("normalized") or "")


def mid_sentence(text: str) -> str:
    """A figure as it reads inside a sentence of ours: 'Two' and 'At least 17', capitalised
    only because they opened their sentence, read 'two' and 'at least 17'; 'UN' stays."""
    return text[0].lower() + text[1:] if text[:2].istitle() and text[1:2].isalpha() else text


def value_key(v: dict) -> str:
    if v.get("type") == "quote":
        return (v.get("speaker") or "").casefold()
    return str(v.get("normalized") or v.get("text") or "").casefold()


def figure_digits(written: str) -> str:
    """The digits of a written figure, in order: "some 14,000 hectares" and "14,000 acres"
    both give "14000". Two writings of one figure in other words or another unit have the
    same digits."""
    return re.sub(r"\D", "", written)


def values_label(vals: list[dict]) -> str:
    """Each distinct value once ("on Friday" and "Friday" are one date), joined."""
    labels = {}
    for v in vals:
        labels.setdefault(value_key(v), value_label(v))
    return "; ".join(labels.values())


def values_key(vals: list[dict]) -> tuple:
    return tuple(sorted({value_key(v) for v in vals}))
