"""Turn files into ArticleRecords (CONTRACT §1): a JSONL file (one article per line), a
folder (its articles.jsonl alone if it has one, else its .txt/.html/.json files), or
single .txt/.html/.json files. Problems are returned as Rejections, never raised, so one
bad line or file never stops the others."""
import json
from pathlib import Path

from .html import extract_page
from .records import ArticleRecord, Rejection

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")


def read_paths(paths):
    for path in map(Path, paths):
        yield from read_path(path)


def read_path(path: Path):
    if path.is_dir():
        if (path / "articles.jsonl").is_file():
            yield from read_jsonl_file(path / "articles.jsonl")
            return
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm", ".json"))
        if not files:
            yield Rejection(str(path), "the folder holds no .txt, .html or .json files")
        for f in files:
            yield from read_path(f)
        return
    if not path.exists():
        yield Rejection(str(path), "no such file or folder")
        return
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        yield Rejection(path.name, f"unsupported file type '{suffix or 'none'}' (use .txt, .html, .json or .jsonl)")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(path.name, f"cannot read the file ({exc.strerror or exc})")
        return
    yield from read_bytes(path.name, data)


def decode(name: str, data: bytes):
    """Text of a file, or a Rejection. UTF-8 (with or without BOM) is expected."""
    if not data.strip():
        return Rejection(name, "the file is empty")
    if b"\x00" in data[:4096]:
        return Rejection(name, "the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejection(name, f"the file is not valid UTF-8 (invalid byte at position {exc.start})")


def read_bytes(name: str, data: bytes):
    text = decode(name, data)
    if isinstance(text, Rejection):
        yield text
        return
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(name, text)
    elif suffix == ".json":
        yield from read_json(name, stem, text)
    elif suffix in (".html", ".htm"):
        yield from from_html(name, stem, text)
    else:
        yield ArticleRecord(source=name, external_id=stem, text=text)


def read_jsonl_file(path: Path):
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(path.name, f"cannot read the file ({exc.strerror or exc})")
        return
    text = decode(path.name, data)
    if isinstance(text, Rejection):
        yield text
        return
    yield from read_jsonl(path.name, text)


def read_jsonl(name: str, text: str):
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name} line {number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield Rejection(source, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield from from_row(source, row, default_id=f"{Path(name).stem}-{number}")


def read_json(name: str, stem: str, text: str):
    try:
        row = json.loads(text)
    except ValueError as exc:
        yield Rejection(name, f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
        return
    rows = row if isinstance(row, list) else [row]
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
    fields = dict(source=source, external_id=external_id, outlet=_string(row, "outlet"), url=_string(row, "url"),
                  title=_string(row, "title"), published=_string(row, "published"), language=_string(row, "language"))
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


def from_html(name: str, stem: str, markup: str):
    page = extract_page(markup)
    if not page.text.strip():
        yield Rejection(name, "the HTML holds no article text")
        return
    yield ArticleRecord(source=name, external_id=stem, text=page.text, title=page.title,
                        published=page.published, outlet=page.site_name, url=page.url)
