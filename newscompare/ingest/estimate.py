"""How many records an import of some paths will give, counted cheaply (lines of a
.jsonl, files of a folder, members of a zip): the total of the ingest command's progress
bar. An estimate: a .json file holding a list, or a rejected zip member, counts as one."""

import zipfile
from pathlib import Path

ARTICLE_FILES = (".txt", ".html", ".htm", ".json")


def _lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        for line in f:
            count += bool(line.strip())
    return count


def expected_records(paths) -> int:
    total = 0
    for path in map(Path, paths):
        try:
            if path.is_dir():
                if (path / "articles.jsonl").is_file():
                    total += _lines(path / "articles.jsonl")
                else:
                    total += sum(1 for p in path.iterdir() if p.suffix.lower() in ARTICLE_FILES)
            elif path.suffix.lower() == ".jsonl":
                total += _lines(path)
            elif path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as zf:
                    total += sum(1 for i in zf.infolist() if not i.is_dir())
            else:
                total += 1
        except OSError:
            total += 1  # unreadable: read_paths reports it as one rejection
    return total
