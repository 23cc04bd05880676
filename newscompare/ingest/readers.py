"""Turn files into ArticleRecords (CONTRACT §1): a JSONL file (one article per line), a
folder (its articles.jsonl alone if it has one, else its .txt/.html/.json files), single
.txt/.html/.json files, and .zip archives of those. Problems are returned as Rejections,
never raised, so one bad line, member or file never stops the others.

The CLI (read_paths) and the upload page and API (read_upload) meet in read_upload, so a
file gives the same result whichever way it comes in."""

import json
import posixpath
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings

from newscompare.lib.sizes import human_size
from newscompare.news.records import ArticleRecord, Rejection

from .decoding import Decoded, check_text, decode
from .html import extract_page

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + (".zip",)
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst")
SUPPORTED = ".txt, .html, .json, .jsonl or .zip"


def too_big(n_limit: int) -> str:
    return f"the file is larger than the {human_size(n_limit)} limit per file"


# --- paths (the CLI) --------------------------------------------------------------------


def read_paths(paths):
    for path in map(Path, paths):
        yield from read_path(path)


def read_path(path: Path):
    if path.is_dir():
        if (path / "articles.jsonl").is_file():
            yield from read_path(path / "articles.jsonl")
            return
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm", ".json")
        )
        if not files:
            yield Rejection(str(path), "the folder holds no .txt, .html or .json files")
        for f in files:
            yield from read_path(f)
        return
    if not path.exists():
        yield Rejection(str(path), "no such file or folder")
        return
    # .jsonl files may be large bulk imports: the per-file cap is for one article's file.
    cap = None if path.suffix.lower() == ".jsonl" else settings.INGEST_MAX_FILE_BYTES
    try:
        with path.open("rb") as stream:
            yield from read_upload(path.name, stream, cap=cap)
    except OSError as exc:
        yield Rejection(path.name, f"cannot read the file ({exc.strerror or exc})")


# --- one file, from a path or an upload --------------------------------------------------


def read_upload(name: str, stream, cap: int | None = -1):
    """Records from one file given as a binary stream; reads at most `cap` bytes of it
    (default INGEST_MAX_FILE_BYTES; None for no cap)."""
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


def read_bytes(name: str, data: bytes, filename: str | None = None):
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
        yield _noted(record, decoded)


def _noted(record, decoded: Decoded):
    if isinstance(record, ArticleRecord) and decoded.note:
        record.note = "; ".join(filter(None, [decoded.note, record.note]))
    return record


# --- zip archives ------------------------------------------------------------------------


def _unsafe_path(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":") or ".." in parts


def read_zip(name: str, stream):
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
    if not infos:
        yield Rejection(name, "the zip archive is empty")
        return
    max_members, max_total = settings.INGEST_ZIP_MAX_MEMBERS, settings.INGEST_ZIP_MAX_TOTAL_BYTES
    max_ratio, cap = settings.INGEST_ZIP_MAX_RATIO, settings.INGEST_MAX_FILE_BYTES
    if len(infos) > max_members:
        yield Rejection(
            name, f"the zip archive holds {len(infos)} files; the limit is {max_members}"
        )
        return
    total = sum(i.file_size for i in infos)
    if total > max_total:
        yield Rejection(
            name,
            f"the zip archive would unpack to {human_size(total)}; the limit is {human_size(max_total)}",
        )
        return
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > max_ratio:
            yield Rejection(
                name,
                f"the zip archive looks like a zip bomb: {info.filename} would unpack to "
                f"{ratio:.0f} times its packed size (the limit is {max_ratio})",
            )
            return
    jsonl_dirs = {
        posixpath.dirname(i.filename)
        for i in infos
        if posixpath.basename(i.filename) == "articles.jsonl"
    }
    for info in infos:
        member = info.filename
        source = f"{name}: {member}"
        base = posixpath.basename(member.replace("\\", "/"))
        if _unsafe_path(member):
            yield Rejection(
                source, "unsafe path in the zip archive (absolute or with '..'); not read"
            )
        elif member.startswith("__MACOSX/") or base.startswith("._") or base == ".DS_Store":
            yield Rejection(source, "macOS metadata, not an article; not read")
        elif PurePosixPath(base).suffix.lower() in ARCHIVE_SUFFIXES:
            yield Rejection(source, "archives inside archives are not opened")
        elif info.flag_bits & 0x1:
            yield Rejection(source, "the file is password-protected")
        elif posixpath.dirname(member) in jsonl_dirs and base != "articles.jsonl":
            yield Rejection(
                source, "not read: its folder has an articles.jsonl, which is imported instead"
            )
        elif info.file_size > cap:
            yield Rejection(source, too_big(cap))
        else:
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
                continue
            if data.startswith(b"PK\x03\x04"):
                yield Rejection(source, "archives inside archives are not opened")
                continue
            yield from read_bytes(source, data, filename=base)


# --- fetched web pages ------------------------------------------------------------------


def read_fetched(source: str, fetched, external_id: str):
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
        yield _noted(record, decoded)


# --- JSON and JSONL ----------------------------------------------------------------------


def read_jsonl(name: str, text: str, stem: str | None = None):
    stem = stem or PurePosixPath(name).stem
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name} line {number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield Rejection(source, f"not valid JSON ({exc.msg}: column {exc.colno})")
            continue
        except RecursionError:
            yield Rejection(source, "not valid JSON (nested too deeply)")
            continue
        yield from from_row(source, row, default_id=f"{stem}-{number}")


def read_json(name: str, stem: str, text: str):
    try:
        row = json.loads(text)
    except ValueError as exc:
        yield Rejection(name, f"not valid JSON ({exc.msg}: line {exc.lineno} column {exc.colno})")
        return
    except RecursionError:
        yield Rejection(name, "not valid JSON (nested too deeply)")
        return
    rows = row if isinstance(row, list) else [row]
    if not rows:
        yield Rejection(name, "the JSON list is empty")
        return
    for i, r in enumerate(rows, 1):
        source = name if len(rows) == 1 else f"{name} item {i}"
        yield from from_row(source, r, default_id=stem if len(rows) == 1 else f"{stem}-{i}")


def _string(row, key):
    value = row.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def from_row(source: str, row, default_id: str):
    if not isinstance(row, dict):
        yield Rejection(source, "expected a JSON object with a 'text' or 'html' field")
        return
    text, html = row.get("text"), row.get("html")
    if text is not None and not isinstance(text, str):
        yield Rejection(source, "'text' must be a string")
        return
    if html is not None and not isinstance(html, str):
        yield Rejection(source, "'html' must be a string")
        return
    external_id = _string(row, "id").strip() or default_id
    fields = dict(
        source=source,
        external_id=external_id,
        outlet=_string(row, "outlet"),
        url=_string(row, "url"),
        title=_string(row, "title"),
        published=_string(row, "published"),
        language=_string(row, "language"),
    )
    if text and text.strip():
        yield ArticleRecord(text=text, **fields)
    elif html and html.strip():
        page = extract_page(html)
        if not page.text.strip():
            yield Rejection(source, "the HTML holds no article text")
            return
        fields["title"] = fields["title"] or page.title
        fields["published"] = fields["published"] or page.published
        fields["outlet"] = fields["outlet"] or page.site_name
        yield ArticleRecord(text=page.text, **fields)
    else:
        yield Rejection(source, "no article text: the 'text' (or 'html') field is missing or empty")


def from_html(name: str, stem: str, markup: str, url: str = ""):
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
    )
