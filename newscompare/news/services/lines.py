"""Line cleaning shared by the writes: one line of a title or name, web addresses."""

import re


def is_web_address(url: str) -> bool:
    return bool(re.match(r"https?://[^\s/]+", url, re.I))


def clean_line(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()
