"""The holes a hostile-input run of `manage.py ingest` found (issue 14), each as a class:
links out of a folder, UTF-16/32 without a byte-order mark, JSONL lines of any shape,
publication dates without an anchor or in a far time zone, pages without article text,
text that would cost the indexer minutes. Cases are made up here; the fixtures in
tests/data/bad_inputs are checked word for word through the upload page in
test_bad_inputs.py."""

import io
import json
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscompare.ingest.content import MAX_RUN_WITHOUT_BREAK, text_problem
from newscompare.ingest.decoding import Decoded, decode
from newscompare.ingest.readers import read_bytes, read_jsonl, read_paths
from newscompare.lib.dates import parse_published, read_published
from newscompare.news import services
from newscompare.news.models import Article, ArticleSegmentation, Sentence, Story
from newscompare.news.records import ArticleRecord, Rejection

from .helpers import counts, upload
from .test_api import auth
from .test_api import token as token  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

REPORT = (
    "The regional governor said on Tuesday that rescue teams had pulled 14 survivors from "
    "the collapsed building, and that the search would go on through the night."
)
SECRET = "Root password is hunter2 and the deploy key sits in the home folder of the admin."
OUTSIDE = "a link to a file outside the folder; not read"


def run_ingest(*paths, story="hostile"):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, paths), "--story", story, "--no-index", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- links out of the folder -------------------------------------------------------------


@pytest.fixture
def folder_with_links(tmp_path):
    """A folder with one article and links of every kind; secrets lie outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "articles.jsonl").write_text(json.dumps({"id": "s", "text": SECRET}) + "\n")
    folder = tmp_path / "story"
    (folder / "inner").mkdir(parents=True)
    (folder / "a.txt").write_text(REPORT)
    (folder / "inner" / "b.txt").write_text(REPORT.replace("14", "15"))
    (folder / "absolute.txt").symlink_to(outside / "secret.txt")
    (folder / "relative.txt").symlink_to("../outside/secret.txt")
    (folder / "system.txt").symlink_to("/etc/hostname")
    (folder / "chain.txt").symlink_to("relative.txt")  # a link to a link that leaves
    (folder / "folder.json").symlink_to(outside)
    (folder / "inside.txt").symlink_to("inner/b.txt")  # stays in the folder: read
    os.mkfifo(folder / "pipe.txt")  # a named pipe would block a plain open() for ever
    return folder


def test_a_folder_never_reads_a_link_out_of_it(folder_with_links):
    out, err = run_ingest(folder_with_links)
    for name in ("absolute.txt", "chain.txt", "folder.json", "relative.txt", "system.txt"):
        assert f"rejected: {name}: {OUTSIDE}" in err, name
    assert "rejected: pipe.txt: not a regular file (a folder, pipe or device); not read" in err
    assert "accepted: a.txt: stored as article a" in out
    assert "accepted: inside.txt: stored as article inside" in out
    assert "story hostile: 2 accepted, 0 skipped, 6 rejected" in out
    assert not Article.objects.filter(text__contains="hunter2").exists()


def test_a_folder_whose_articles_jsonl_is_a_link_out_reads_nothing(tmp_path, folder_with_links):
    (folder_with_links / "articles.jsonl").symlink_to(tmp_path / "outside" / "articles.jsonl")
    out, err = run_ingest(folder_with_links)
    assert f"rejected: articles.jsonl: {OUTSIDE}" in err
    assert Article.objects.count() == 0


def test_a_folder_given_through_a_link_reads_what_is_inside_it(tmp_path, folder_with_links):
    (tmp_path / "alias").symlink_to(folder_with_links)
    records = list(read_paths([tmp_path / "alias"]))
    accepted = sorted(r.external_id for r in records if isinstance(r, ArticleRecord))
    assert accepted == ["a", "inside"]


def test_a_file_named_by_the_user_is_read_even_through_a_link(tmp_path):
    (tmp_path / "real.txt").write_text(REPORT)
    (tmp_path / "named.txt").symlink_to(tmp_path / "real.txt")
    [record] = list(read_paths([tmp_path / "named.txt"]))
    assert record.text == REPORT


def test_zip_members_that_are_links_are_refused_through_the_api(client, token):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, target in (("etc.txt", "/etc/passwd"), ("home.html", "../../.ssh/id_rsa")):
            info = zipfile.ZipInfo(name)
            info.create_system, info.external_attr = 3, 0o120777 << 16
            zf.writestr(info, target)
        zf.writestr("ok.txt", REPORT)
    response = client.post(
        "/api/stories/links/articles",
        {"files": [SimpleUploadedFile("links.zip", buf.getvalue())]},
        **auth(token),
    )
    items = [(i["source"], i["status"], i["message"]) for i in response.json()["items"]]
    assert items[:2] == [
        ("links.zip: etc.txt", "rejected", "a symbolic link, not a file; not read"),
        ("links.zip: home.html", "rejected", "a symbolic link, not a file; not read"),
    ]
    assert items[2][:2] == ("links.zip: ok.txt", "accepted")


# --- UTF-16 and UTF-32 without a byte-order mark -----------------------------------------

TEXTS = {
    "english": REPORT,
    "russian": "Спасатели извлекли из-под завалов 14 человек во вторник, сообщил губернатор.",
    "chinese": "救援队周二从市中心倒塌的建筑中救出了幸存者，地区州长说。搜索将持续整夜。",
    "arabic": "قال الحاكم إن فرق الإنقاذ انتشلت 14 ناجيا من المبنى المنهار يوم الثلاثاء.",
}


@pytest.mark.parametrize("language", sorted(TEXTS))
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_without_a_mark_is_recognised_from_its_bytes(language, codec):
    decoded = decode("a.txt", TEXTS[language].encode(codec))
    assert isinstance(decoded, Decoded), decoded
    assert decoded.text == TEXTS[language]
    label = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    assert decoded.note == f"converted from {label}"


@pytest.mark.parametrize(
    "data",
    [
        b"abc\x00\x01\x02def\x00" * 20,  # binary with NUL bytes
        bytes(range(256)) * 4,  # every byte value
        b"\x00" * 400,  # nothing but NUL
        "A line of text".encode("utf-16-le")[:-1] * 9,  # UTF-16 cut at odd places
    ],
)
def test_binary_with_nul_bytes_is_still_refused(data):
    decoded = decode("a.txt", data)
    assert isinstance(decoded, Rejection), decoded.text[:40]


# --- JSONL: every line's failure by its number, the rest still imports -------------------

HOSTILE_LINES = [
    '{"id": ' + "7" * 4400 + ', "text": "x"}',  # past Python's int conversion limit
    '{"id": -1e999, "text": "x"}',
    '{"id": Infinity, "text": "x"}',
    '{"id": "a", "text": "x", "published": NaN}',
    '{"id": {"nested": {"deeper": [1, 2, {"x": null}]}}, "text": "x"}',
    '{"id": "b", "url": ["https://a.example"], "text": "x"}',
    '{"id": "c", "language": 7, "text": "x"}',
    '{"id": "d", "text": "x \\udfff y"}',
    '{"id": "e", "html": {"body": "<p>x</p>"}}',
    "[" * 50000,
    '"just a string"',
    "{" + '"k": 1, ' * 20000 + '"text": 5}',
]


def test_each_hostile_line_is_reported_by_number_and_the_next_lines_import(tmp_path):
    lines = []
    for n, hostile in enumerate(HOSTILE_LINES):
        lines += [hostile, json.dumps({"id": f"good-{n}", "text": f"{REPORT} Case {n}."})]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    out, err = run_ingest(path)
    assert "Traceback" not in out + err
    for n in range(len(HOSTILE_LINES)):
        assert f"rejected: batch.jsonl line {2 * n + 1}: " in err, HOSTILE_LINES[n][:60]
    assert Article.objects.count() == len(HOSTILE_LINES)
    assert f"{len(HOSTILE_LINES)} accepted, 0 skipped, {len(HOSTILE_LINES)} rejected" in out


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
    max_leaves=8,
)
fields = ["id", "outlet", "url", "title", "published", "language", "html"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {"text": st.text(min_size=1, max_size=200) | json_values},
            optional={key: json_values | st.text(max_size=300) for key in fields},
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_rows_stored_for_real_give_one_result_each_and_never_raise(rows):
    story = Story.objects.get_or_create(slug="fuzz")[0]
    text = "\n".join(json.dumps(r) for r in rows)
    records = list(services_results(story, text))
    assert len(records) == len(rows)
    for result in records:
        assert result.status in ("accepted", "skipped", "rejected") and result.message


def services_results(story, text):
    for record in read_jsonl("fuzz.jsonl", text):
        yield services.add_article(story, record)


# --- publication dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["yesterday", "today", "2 days ago", "last Friday", "Friday", "in 3 days", "May 4", "2015"],
)
def test_a_date_that_depends_on_the_reading_day_is_left_empty(value):
    published, problem = read_published(value)
    assert published is None
    assert problem == (
        f"publication date '{value}' names no fixed day (it is relative to the day it is "
        "read, or incomplete), left empty"
    )


@pytest.mark.parametrize(
    "value, day",
    [
        ("2015-09-18T05:00:00+14:00", "2015-09-18"),  # UTC: the 17th
        ("2015-09-17T23:30:00-10:00", "2015-09-17"),  # UTC: the 18th
        ("Sat, 19 Sep 2015 05:00:00 +1400", "2015-09-19"),
        ("18 September 2015 23:30 EST", "2015-09-18"),
        ("2015-09-18", "2015-09-18"),
    ],
)
def test_the_outlets_own_day_is_kept(value, day):
    story = Story.objects.create(slug="days")
    record = ArticleRecord(source="x", external_id="x", text=REPORT, published=value)
    result = services.add_article(story, record)
    article = Article.objects.get(pk=result.article.pk)
    assert article.published_on.isoformat() == day
    assert article.published_at == parse_published(value)  # the instant, unchanged


def test_a_date_past_the_end_of_the_calendar_is_refused_not_raised():
    published, problem = read_published("9999-12-31T23:00:00-05:00")
    assert published is None and "out of range" in problem


def test_relative_dates_in_the_text_anchor_on_the_outlets_day(admin_client):
    # Sat 19 Sep 2015, 05:00 in Kiribati is still Friday the 18th in UTC.
    line = {
        "id": "k",
        "published": "2015-09-19T05:00:00+14:00",
        "text": "The ministry said on Saturday that 40 people were killed in the strikes.",
    }
    rows = upload(admin_client, [SimpleUploadedFile("k.jsonl", (json.dumps(line) + "\n").encode())])
    assert rows == [("k.jsonl line 1", "accepted", "stored as article k")]
    assert Sentence.objects.filter(article__external_id="k").count() == 1  # indexed
    [sentence] = ArticleSegmentation.objects.get(article__external_id="k").sentences
    dates = [v["normalized"] for v in sentence["values"] if v["type"] == "date"]
    assert dates == ["2015-09-19"]  # the UTC day would make it Saturday the 12th


PAGE = (
    "<html><head>{head}<title>Dam bursts</title></head><body><article><h1>Dam bursts</h1>"
    f"<p>{REPORT}</p></article><footer><p>{{footer}}</p></footer></body></html>"
)


@pytest.mark.parametrize(
    "head, footer",
    [
        ("", "&copy; 2024 Example Media Ltd. All rights reserved."),
        ("", "Copyright 1998-2023 Example Media. Printed 3 March 2019."),
        (
            '<meta name="robots" content="index">',
            "Season 2023 tickets from 12.50 | Call 0800 123 4567",
        ),
    ],
)
def test_a_page_without_a_dated_markup_gets_no_invented_date(head, footer):
    [record] = list(read_bytes("p.html", PAGE.format(head=head, footer=footer).encode()))
    assert record.published == ""


@pytest.mark.parametrize(
    "meta, day",
    [
        (
            '<meta property="article:published_time" content="2015-09-18T05:00:00+14:00">',
            "2015-09-18",
        ),
        ('<meta name="date" content="2021-05-03">', "2021-05-03"),
    ],
)
def test_a_page_dated_in_its_markup_keeps_that_day(meta, day):
    page = PAGE.format(head=meta, footer="&copy; 2024 Example Media Ltd.")
    [record] = list(read_bytes("p.html", page.encode()))
    assert record.published == day


# --- pages and texts without article text -------------------------------------------------

FURNITURE_PAGES = [
    "<html><body><div id='consent'>This site uses cookies to give you the best experience. "
    "Accept all cookies</div><footer>&copy; 2025 Example Group. All rights reserved.</footer>"
    "</body></html>",
    "<html><body><aside><h2>Stay informed</h2><p>Subscribe now for unlimited access.</p>"
    "<p>Get our newsletter delivered to your inbox.</p></aside>"
    "<footer>Share on Facebook | Share on X</footer></body></html>",
]


@pytest.mark.parametrize("page", FURNITURE_PAGES)
def test_a_page_of_site_furniture_is_refused_in_words(admin_client, page):
    before = counts()
    rows = upload(admin_client, [SimpleUploadedFile("page.html", page.encode())])
    assert rows[0][:2] == ("page.html", "rejected")
    assert rows[0][2].startswith(("no article text", "the HTML holds no article text"))
    assert counts() == before


def test_a_page_with_one_reported_sentence_among_the_furniture_is_kept():
    page = FURNITURE_PAGES[0].replace("<footer>", f"<article><p>{REPORT}</p></article><footer>")
    assert text_problem(REPORT) == ""
    records = list(read_bytes("p.html", page.encode()))
    assert [type(r) for r in records] == [ArticleRecord]


# --- text that would cost the indexer minutes ---------------------------------------------


@pytest.mark.parametrize(
    "filler",
    [
        "word " * 2_000,  # words and spaces, no sentence break
        "x" * 10_000,  # no space at all
        "1,234 and 5,678 " * 700,  # numbers for the value extractor
        '"quoted words without an end ' * 400,
        "prices rose 2.5 percent at shop.example.com and " * 120,  # points inside words
    ],
)
def test_a_run_without_a_sentence_break_is_refused_with_its_length(filler):
    problem = text_problem(REPORT + "\n" + filler)
    longest = len(filler.rstrip("\n"))
    assert longest > MAX_RUN_WITHOUT_BREAK
    assert problem.startswith(f"not article text: it runs {longest:,} characters without")


def test_a_long_article_of_short_sentences_is_not_refused():
    assert text_problem(" ".join([REPORT] * 500)) == ""


# --- judge_pairs reads its lines with the same care ---------------------------------------


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"id": ' + "9" * 5000 + ', "a": "x", "b": "y"}', "'id' must be a string or a whole"),
        ('{"id": 2, "a": NaN, "b": "y"}', "not valid JSON (NaN is not a JSON number)"),
        ('{"id": 2, "a": ["x"], "b": "y"}', "'a' must be a string, not a list"),
        ('{"id": 2, "a": "x", "b": "y", "b_published": 20150918}', "'b_published' must be"),
        ('{"id": 2, "a": "' + "word " * 2000 + '", "b": "y"}', "'a' has 10,000 characters"),
        ('{"id": 2, "a": "x", "b": {"text": "y"}}', "'b' must be a string, not an object"),
    ],
)
def test_judge_pairs_stops_at_a_bad_line_with_its_number_and_reason(tmp_path, line, reason):
    from django.core.management.base import CommandError

    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"id": 1, "a": "Ten died.", "b": "Eleven died."}) + "\n" + line)
    with pytest.raises(CommandError) as raised:
        call_command("judge_pairs", str(path), "--output", str(tmp_path / "out.jsonl"))
    assert str(raised.value).startswith(f"{path} line 2: {reason}")


@pytest.mark.postgres
def test_on_postgresql_the_hostile_lines_are_reported_and_the_outlets_day_kept(
    postgres_url, tmp_path
):
    """The production database: the same words, no traceback, the local day stored."""
    import psycopg

    from tests.conftest import manage, project_env

    from .helpers import BAD_INPUTS

    env = project_env(DATABASE_URL=postgres_url, NEWSCOMPARE_VAR_DIR=str(tmp_path))
    manage("migrate", "--noinput", env=env)
    result = manage(
        "ingest",
        str(BAD_INPUTS / "local-days.jsonl"),
        str(BAD_INPUTS / "numbers-and-wrong-types.jsonl"),
        str(BAD_INPUTS / "relative-dates.jsonl"),
        "--story",
        "pg",
        "--no-index",
        env=env,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert "numbers-and-wrong-types.jsonl line 1: the id is 5,000 characters long" in result.stderr
    assert "story pg: 6 accepted, 3 skipped, 10 rejected" in result.stdout  # texts repeat
    with psycopg.connect(postgres_url) as conn:
        rows = dict(
            conn.execute(
                "SELECT external_id, published_on::text FROM news_article "
                "WHERE external_id IN ('kiribati', 'hawaii', 'rfc', 'r3', 'r5')"
            ).fetchall()
        )
    assert rows == {
        "kiribati": "2015-09-18",
        "hawaii": "2015-09-17",
        "rfc": "2015-09-19",
        "r3": None,  # "last Friday"
        "r5": "2015-09-18",
    }
