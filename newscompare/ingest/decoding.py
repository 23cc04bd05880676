"""Bytes to text, or a plain reason why not. A byte-order mark decides first; UTF-16 and
UTF-32 without one are recognised from their byte pattern; then UTF-8 is tried; other
encodings are recognised by charset-normalizer (well kept, the detector requests uses) and
converted. Damaged text is reported, never silently mended."""

import re
import unicodedata
from dataclasses import dataclass

from newscompare.news.records import Rejection

# What a file is when its first bytes say so: the name a user knows it by.
MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x00\x00\x00\x18ftyp", "a video file"),
    (b"\x00\x00\x00\x20ftyp", "a video file"),
    (b"wOFF", "a web font"),
]
BOMS = [  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
]
# A valid multi-byte UTF-8 sequence: text holding these and also invalid bytes is
# damaged UTF-8, not text in a single-byte encoding.
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
TEXT_CONTROLS = set("\t\n\r\f\v")
# Bytes that are control characters (NUL included) in ASCII and every 8-bit encoding.
C0_NON_TEXT = frozenset(b for b in range(0x20) if chr(b) not in TEXT_CONTROLS)
WIDE_ENCODINGS = {  # charset-normalizer's name -> the name a user knows
    "utf_16_le": "UTF-16LE",
    "utf_16_be": "UTF-16BE",
    "utf_32_le": "UTF-32LE",
    "utf_32_be": "UTF-32BE",
}
WIDE_SAMPLE_BYTES = 8192
WIDE_MIN_BYTES = 32


@dataclass
class Decoded:
    text: str
    encoding: str  # "utf-8" or what it was converted from

    @property
    def note(self) -> str:
        return "" if self.encoding == "utf-8" else f"converted from {self.encoding}"


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file this is, from its first bytes; None if it may be text."""
    for magic, kind in MAGIC:
        if kind and data.startswith(magic):
            return kind
    return None


def decode(name: str, data: bytes, html: bool = False) -> Decoded | Rejection:
    """The text of a file's bytes, or why it has none: a byte-order mark decides first, a
    known binary kind is refused, UTF-16/32 without a mark are recognised, NUL bytes refuse,
    then UTF-8, then another encoding (_not_utf8)."""
    if not data.strip():
        return Rejection(name, "the file is empty")
    marked = _by_byte_order_mark(name, data)
    if marked is not None:
        return marked
    kind = sniff_binary(data)
    if kind:
        return Rejection(name, f"the file is {kind}, not an article")
    wide = _wide_unicode(name, data)
    if wide is not None:
        return wide
    if b"\x00" in data[:8192]:
        return Rejection(name, "the file is binary (it holds NUL bytes), not text")
    try:
        return check_text(name, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _not_utf8(name, data, html, first_bad)


def _by_byte_order_mark(name: str, data: bytes) -> Decoded | Rejection | None:
    """The text as its byte-order mark says, a refusal when it is not valid in that encoding,
    or None without a mark."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                return Rejection(
                    name,
                    f"the file starts with a {label} byte-order mark but is not valid {label} "
                    f"(invalid bytes at position {exc.start})",
                )
            return check_text(name, text, "utf-8" if label == "UTF-8" else label)
    return None


def _not_utf8(name: str, data: bytes, html: bool, first_bad: int) -> Decoded | Rejection:
    """Bytes that are not valid UTF-8: damaged UTF-8 (valid sequences among invalid bytes) is
    refused; a page's own charset declaration is tried; then charset-normalizer recognises
    the encoding (named cp1252 when that reads the same text), or the file is refused."""
    if UTF8_MULTIBYTE.search(data):
        return Rejection(
            name,
            f"the file is not valid UTF-8: it mixes UTF-8 with invalid bytes (first invalid byte "
            f"0x{data[first_bad]:02x} at position {first_bad}); re-save it as UTF-8",
        )
    if html:
        declared = META_CHARSET.search(data[:4096])
        if declared:
            codec = declared.group(1).decode("ascii").lower()
            try:
                return check_text(name, data.decode(codec), codec)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: fall through to detection
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return Rejection(
            name,
            f"the file is not UTF-8 and its text encoding could not be recognised "
            f"(first invalid byte 0x{data[first_bad]:02x} at position {first_bad})",
        )
    text, encoding = str(best), WIDE_ENCODINGS.get(best.encoding, best.encoding)
    if encoding != "cp1252" and _decodes_to(data, "cp1252") == text:
        encoding = "cp1252"  # the same text either way: name the common Western encoding
    return check_text(name, text, encoding)


def _wide_unicode(name: str, data: bytes) -> Decoded | None:
    """UTF-16 or UTF-32 without a byte-order mark, recognised from its byte pattern: text
    in these holds NUL bytes (Latin letters, digits and spaces have a zero high byte) or,
    in other scripts, bytes that are control characters in any 8-bit encoding. Only then
    is charset-normalizer asked to choose among the four wide encodings; None when it sees
    none of them, and the file is treated as bytes of some other kind."""
    if len(data) < WIDE_MIN_BYTES:  # too few characters for the pattern to say anything
        return None
    sample = data[:WIDE_SAMPLE_BYTES]
    controls = sum(1 for b in sample if b in C0_NON_TEXT)
    if controls <= len(sample) // 100:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(WIDE_ENCODINGS)).best()
    if best is None or best.encoding not in WIDE_ENCODINGS:
        return None
    checked = check_text(name, str(best), WIDE_ENCODINGS[best.encoding])
    return checked if isinstance(checked, Decoded) else None


def _decodes_to(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def check_text(name: str, text: str, encoding: str) -> Decoded | Rejection:
    """Refuse text that is mostly control characters: binary data that happened to decode."""
    sample = text[:20000]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in TEXT_CONTROLS
    )
    if controls > max(2, len(sample) // 100):
        return Rejection(name, "the file is binary (it holds control characters), not text")
    text = text.replace("\x00", "")
    if not text.strip():
        return Rejection(name, "the file is empty")
    return Decoded(text, encoding)
