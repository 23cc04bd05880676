"""Turn files into ArticleRecords (CONTRACT §1): a JSONL file (one article per line), a
folder (its articles.jsonl alone if it has one, else its .txt/.html/.json files), single
.txt/.html/.json files, and .zip archives of those. Problems are returned as Rejections,
never raised, so one bad line, member or file never stops the others.

The CLI (read_paths) and the upload page and API (read_upload) meet in read_upload, so a
file gives the same result whichever way it comes in."""

import json
import logging
import os
import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings

from newscompare.lib.sizes import human_size
from newscompare.news.records import ArticleRecord, Rejection

from .content import text_problem
from .decoding import Decoded, check_text, decode
from .html import extract_page

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + (".zip",)
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".json")
PROC_FD = Path("/proc/self/fd")
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst")
SUPPORTED = ".txt, .html, .json, .jsonl or .zip"

log = logging.getLogger(__name__)


def too_big(n_limit: int) -> str:
    return f"the file is larger than the {human_size(n_limit)} limit per file"


# --- paths (the CLI) --------------------------------------------------------------------


def read_paths(paths) -> Iterator[ArticleRecord | Rejection]:
    for path in map(Path, paths):
        yield from read_path(path)


def read_path(path: Path) -> Iterator[ArticleRecord | Rejection]:
    if path.is_dir():
        yield from read_folder(path)
        return
    if not path.exists():
        yield Rejection(str(path), "no such file or folder")
        return
    yield from _read_file(path.name, path.resolve())  # a file named by the user is theirs to name


def read_folder(folder: Path) -> Iterator[ArticleRecord | Rejection]:
    """Its articles.jsonl alone if it has one, else its .txt/.html/.json files. A link is
    followed only to a file inside the folder: a link out of it (to /etc/passwd, to a
    user's keys) is reported and never read."""
    root = folder.resolve()
    entries = [folder / "articles.jsonl"]
    if not os.path.lexists(entries[0]):
        entries = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in FOLDER_SUFFIXES and not (p.is_dir() and not p.is_symlink())
        )
    if not entries:
        yield Rejection(str(folder), "the folder holds no .txt, .html or .json files")
    for entry in entries:
        target = entry.resolve()
        if not target.is_relative_to(root):
            yield Rejection(entry.name, "a link to a file outside the folder; not read")
        else:
            yield from _read_file(entry.name, target, inside=root)


def _read_file(name: str, path: Path, inside: Path | None = None):
    # .jsonl files may be large bulk imports: the per-file cap is for one article's file.
    cap = None if path.suffix.lower() == ".jsonl" else settings.INGEST_MAX_FILE_BYTES
    try:
        stream = _open_regular_file(path, inside)
    except OSError as exc:
        yield Rejection(name, f"cannot read the file ({exc.strerror or exc})")
        return
    if isinstance(stream, str):
        yield Rejection(name, stream)
        return
    with stream:
        yield from read_upload(name, stream, cap=cap)


def _open_regular_file(path: Path, inside: Path | None):
    """A binary stream of the regular file at `path`, or why not. Opened without blocking
    (a named pipe never stalls the import) and checked after opening, on the open file
    itself: it must be a regular file and, with `inside`, really lie in that folder, so a
    link swapped in between the check and the open is caught too."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return "not a regular file (a folder, pipe or device); not read"
        opened = Path(os.readlink(f"/proc/self/fd/{fd}")) if PROC_FD.is_dir() else path
        if inside is not None and not opened.is_relative_to(inside):
            os.close(fd)
            return "a link to a file outside the folder; not read"
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


# --- one file, from a path or an upload --------------------------------------------------


def read_upload(name: str, stream, cap: int | None = -1) -> Iterator[ArticleRecord | Rejection]:
    """Records from one file given as a binary stream; reads at most `cap` bytes of it
    (default INGEST_MAX_FILE_BYTES; None for no cap). An unexpected error ends this file
    with a reason, never the files after it."""
    try:
        yield from _read_upload(name, stream, cap)
    except Exception:  # noqa: BLE001 - one file's surprise must not cost the user the others
        log.exception("reading %s failed", name)
        yield Rejection(
            name, "the file (or the rest of it) could not be read because of an error on our side"
        )


def _read_upload(name: str, stream, cap: int | None):
    cap = settings.INGEST_MAX_FILE_BYTES if cap == -1 else cap
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        yield Rejection(name, f"unsupported file type '{suffix or 'none'}' (use {SUPPORTED})")
        return
    if suffix == ".zip":
        yield from read_zip(name, stream)
        return
    data = stream.read() if cap is None else stream.read(cap + 1)
    if cap is not None and len(data) > cap:
        yield Rejection(name, too_big(cap))
        return
    yield from read_bytes(name, data)


def read_bytes(
    name: str, data: bytes, filename: str | None = None
) -> Iterator[ArticleRecord | Rejection]:
    """Records from one file's bytes. `name` is what messages call it; `filename` (default
    `name`) gives the type (suffix) and the default id (stem)."""
    filename = filename or name
    stem, suffix = PurePosixPath(filename).stem, PurePosixPath(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        yield Rejection(name, f"unsupported file type '{suffix or 'none'}' (use {SUPPORTED})")
        return
    decoded = decode(name, data, html=suffix in (".html", ".htm"))
    if isinstance(decoded, Rejection):
        yield decoded
        return
    if suffix == ".jsonl":
        records = read_jsonl(name, decoded.text, stem)
    elif suffix == ".json":
        records = read_json(name, stem, decoded.text)
    elif suffix in (".html", ".htm"):
        records = from_html(name, stem, decoded.text)
    else:
        records = iter([ArticleRecord(source=name, external_id=stem, text=decoded.text)])
    for record in records:
        yield _finished(record, decoded)


def _finished(record, decoded: Decoded):
    """Every record a reader makes passes here: refused if its text is not an article,
    else noted with what decoding did to it."""
    if not isinstance(record, ArticleRecord):
        return record
    problem = text_problem(record.text, from_page=record.from_page)
    if problem:
        return Rejection(record.source, problem)
    if decoded.note:
        record.note = "; ".join(filter(None, [decoded.note, record.note]))
    return record


# --- zip archives ------------------------------------------------------------------------


def _unsafe_path(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":") or ".." in parts


def _member_kind(info: zipfile.ZipInfo) -> str:
    """What a member that is not a regular file is ("" for a file): zip archives made on
    Unix keep the file's mode, and a symbolic link's data is the path it points to."""
    mode = info.external_attr >> 16
    if not stat.S_IFMT(mode) or stat.S_ISREG(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a folder entry" if stat.S_ISDIR(mode) else "a special file (a pipe or device)"


def read_zip(name: str, stream) -> Iterator[ArticleRecord | Rejection]:
    """Members of a zip archive, checked before anything is unpacked: member count, total
    unpacked size and compression ratio (zip bombs) refuse the whole archive; an unsafe
    path, a nested archive or an unreadable member refuses that member alone. Nothing is
    ever written to disk, so a hostile path cannot land anywhere."""
    try:
        archive = zipfile.ZipFile(stream)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ):
        yield Rejection(name, "the file is not a valid zip archive")
        return
    refusal = _archive_refusal(infos)
    if refusal:
        yield Rejection(name, refusal)
        return
    cap = settings.INGEST_MAX_FILE_BYTES
    jsonl_dirs = {
        posixpath.dirname(i.filename)
        for i in infos
        if posixpath.basename(i.filename) == "articles.jsonl"
    }
    for info in infos:
        source = f"{name}: {info.filename}"
        base = posixpath.basename(info.filename.replace("\\", "/"))
        refusal = _member_refusal(info, base, jsonl_dirs, cap)
        if refusal:
            yield Rejection(source, refusal)
        else:
            yield from _read_member(archive, info, source, base, cap)


def _archive_refusal(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the whole archive is refused, from its directory alone: empty, too many members,
    too large unpacked, or a member packed suspiciously tight (a zip bomb); None if not."""
    if not infos:
        return "the zip archive is empty"
    max_members, max_total = settings.INGEST_ZIP_MAX_MEMBERS, settings.INGEST_ZIP_MAX_TOTAL_BYTES
    max_ratio = settings.INGEST_ZIP_MAX_RATIO
    if len(infos) > max_members:
        return f"the zip archive holds {len(infos)} files; the limit is {max_members}"
    total = sum(i.file_size for i in infos)
    if total > max_total:
        return (
            f"the zip archive would unpack to {human_size(total)}; "
            f"the limit is {human_size(max_total)}"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > max_ratio:
            return (
                f"the zip archive looks like a zip bomb: {info.filename} would unpack to "
                f"{ratio:.0f} times its packed size (the limit is {max_ratio})"
            )
    return None


def _member_refusal(info: zipfile.ZipInfo, base: str, jsonl_dirs: set, cap: int) -> str | None:
    """Why one member is not read, from its directory entry alone: an unsafe path, macOS
    metadata, an archive, a link or device, a password, a file beside an articles.jsonl
    (imported instead), or too large; None if it is read."""
    member = info.filename
    if _unsafe_path(member):
        return "unsafe path in the zip archive (absolute or with '..'); not read"
    if member.startswith("__MACOSX/") or base.startswith("._") or base == ".DS_Store":
        return "macOS metadata, not an article; not read"
    if PurePosixPath(base).suffix.lower() in ARCHIVE_SUFFIXES:
        return "archives inside archives are not opened"
    if _member_kind(info):
        return f"{_member_kind(info)}, not a file; not read"
    if info.flag_bits & 0x1:
        return "the file is password-protected"
    if posixpath.dirname(member) in jsonl_dirs and base != "articles.jsonl":
        return "not read: its folder has an articles.jsonl, which is imported instead"
    if info.file_size > cap:
        return too_big(cap)
    return None


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, base: str, cap: int
) -> Iterator[ArticleRecord | Rejection]:
    """One member unpacked (at most cap + 1 bytes) and read as a file of its name; a damaged
    member or one that is itself a zip archive is refused."""
    try:
        with archive.open(info) as member_stream:
            data = member_stream.read(cap + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        ValueError,
    ):
        yield Rejection(
            source,
            "the file could not be unpacked (the archive is damaged or uses an "
            "unsupported compression)",
        )
        return
    if data.startswith(b"PK\x03\x04"):
        yield Rejection(source, "archives inside archives are not opened")
        return
    yield from read_bytes(source, data, filename=base)


# --- fetched web pages ------------------------------------------------------------------


def read_fetched(source: str, fetched, external_id: str) -> Iterator[ArticleRecord | Rejection]:
    """Records from a page the URL fetcher brought back (see fetch.py)."""
    decoded = None
    if fetched.charset:
        try:
            decoded = check_text(source, fetched.body.decode(fetched.charset), "utf-8")
        except (LookupError, UnicodeDecodeError):
            decoded = None  # a wrong charset in the header: detect instead
    if decoded is None:
        decoded = decode(source, fetched.body, html=fetched.kind == "html")
    if isinstance(decoded, Rejection):
        yield decoded
        return
    if fetched.kind == "html":
        records = from_html(source, external_id, decoded.text, url=fetched.url)
    else:
        records = iter(
            [
                ArticleRecord(
                    source=source, external_id=external_id, text=decoded.text, url=fetched.url
                )
            ]
        )
    for record in records:
        yield _finished(record, decoded)


# --- JSON and JSONL ----------------------------------------------------------------------
#
# A line or file is parsed with numbers kept as written (JsonNumber), so a 5,000-digit id
# or 1e400 is a string to check, never an int conversion that raises or a float that
# overflows; NaN and Infinity, which Python accepts but JSON does not, are refused. Every
# field the store reads is checked for its type before anything is stored, and whatever
# else goes wrong on one line is reported by its number: the lines after it still import.

ROW_FIELDS = ("id", "text", "html", "outlet", "url", "title", "published", "language")


class JsonNumber(str):
    """A JSON number as written in the file."""


class BadRow(ValueError):
    """A JSON value that is not an article row; the message is the user's reason."""


def _refuse_constant(name: str):
    raise BadRow(f"not valid JSON ({name} is not a JSON number)")


def load_json(text: str, one_line: bool = False) -> object:
    """json.loads with numbers kept as written; raises BadRow with a reason in words
    (the error's column, and its line too unless the text is one line of a JSONL file)."""
    try:
        return json.loads(
            text,
            parse_int=JsonNumber,
            parse_float=JsonNumber,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}" if one_line else f"line {exc.lineno} column {exc.colno}"
        raise BadRow(f"not valid JSON ({exc.msg}: {where})") from None
    except RecursionError:
        raise BadRow("not valid JSON (nested too deeply)") from None


def read_jsonl(
    name: str, text: str, stem: str | None = None
) -> Iterator[ArticleRecord | Rejection]:
    stem = stem or PurePosixPath(name).stem
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name} line {number}"
        try:
            results = list(
                from_row(source, load_json(line, one_line=True), default_id=f"{stem}-{number}")
            )
        except BadRow as exc:
            results = [Rejection(source, str(exc))]
        except Exception:  # noqa: BLE001 - one line's surprise must not cost the lines after it
            log.exception("reading %s failed", source)
            results = [
                Rejection(source, "the line could not be read because of an error on our side")
            ]
        yield from results


def read_json(name: str, stem: str, text: str) -> Iterator[ArticleRecord | Rejection]:
    try:
        row = load_json(text)
    except BadRow as exc:
        yield Rejection(name, str(exc))
        return
    rows = row if isinstance(row, list) else [row]
    if not rows:
        yield Rejection(name, "the JSON list is empty")
        return
    for i, r in enumerate(rows, 1):
        source = name if len(rows) == 1 else f"{name} item {i}"
        yield from from_row(source, r, default_id=stem if len(rows) == 1 else f"{stem}-{i}")


def json_kind(value) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (JsonNumber, int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a string"


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def row_field(row: dict, key: str) -> str:
    """One field of an article row as a string ("" when absent or null). Raises BadRow for
    a value of the wrong type: only 'id' may be a whole number."""
    value = row.get(key)
    if value is None:
        return ""
    if key == "id" and isinstance(value, (JsonNumber, int)) and not isinstance(value, bool):
        if not re.fullmatch(r"-?[0-9]+", str(value)):
            raise BadRow(f"'id' must be a string or a whole number, not {value[:20]}")
        return str(value)
    if not isinstance(value, str) or isinstance(value, JsonNumber):
        expected = "a string or a whole number" if key == "id" else "a string"
        raise BadRow(f"'{key}' must be {expected}, not {json_kind(value)}")
    if _has_lone_surrogate(value):
        raise BadRow(f"'{key}' holds an invalid character (an unpaired \\ud800-\\udfff escape)")
    return value


def from_row(source: str, row, default_id: str) -> Iterator[ArticleRecord | Rejection]:
    """The article of one JSON object, or why not."""
    if not isinstance(row, dict):
        yield Rejection(source, "expected a JSON object with a 'text' or 'html' field")
        return
    try:
        field = {key: row_field(row, key) for key in ROW_FIELDS}
    except BadRow as exc:
        yield Rejection(source, str(exc))
        return
    text, html = field.pop("text"), field.pop("html")
    fields = dict(
        source=source,
        external_id=field.pop("id").strip() or default_id,
        **field,
    )
    if text.strip():
        yield ArticleRecord(text=text, **fields)
    elif html.strip():
        page = extract_page(html)
        if not page.text.strip():
            yield Rejection(source, "the HTML holds no article text")
            return
        fields["title"] = fields["title"] or page.title
        fields["published"] = fields["published"] or page.published
        fields["outlet"] = fields["outlet"] or page.site_name
        yield ArticleRecord(text=page.text, from_page=True, **fields)
    else:
        yield Rejection(source, "no article text: the 'text' (or 'html') field is missing or empty")


def from_html(
    name: str, stem: str, markup: str, url: str = ""
) -> Iterator[ArticleRecord | Rejection]:
    page = extract_page(markup)
    if not page.text.strip():
        yield Rejection(name, "the HTML holds no article text")
        return
    yield ArticleRecord(
        source=name,
        external_id=stem,
        text=page.text,
        title=page.title,
        published=page.published,
        outlet=page.site_name,
        url=url or page.url,
        from_page=True,
    )
