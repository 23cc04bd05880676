"""Property-based: random bytes, random JSON, random archives and random addresses into
every parser. None may crash; each must give articles or a plain reason."""

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscompare.ingest.decoding import Decoded, decode
from newscompare.ingest.fetch import Fetched, FetchError, address_problem, check_url
from newscompare.ingest.readers import (
    from_row,
    read_bytes,
    read_fetched,
    read_jsonl,
    read_upload,
    read_zip,
)
from newscompare.news.records import ArticleRecord, Rejection

SUFFIXES = [".txt", ".html", ".htm", ".json", ".jsonl", ".zip", ".docx", ""]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
article_like = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "text": json_values | st.text(min_size=1, max_size=300),
        "html": json_values,
        "outlet": json_values,
        "url": json_values,
        "title": json_values,
        "published": json_values | st.text(max_size=30),
        "language": json_values,
    },
)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_all_results(results, source_prefix=""):
    assert results, "a parser must say something about every input"
    for r in results:
        assert isinstance(r, (ArticleRecord, Rejection))
        if isinstance(r, Rejection):
            assert r.reason.strip() and "Traceback" not in r.reason and "Error" not in r.reason
        else:
            assert r.text.strip()
        assert r.source.startswith(source_prefix)


@fast
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_with_any_name_give_records_or_reasons(data, suffix):
    assert_all_results(list(read_upload(f"f{suffix}", io.BytesIO(data))), "f")


@fast
@given(data=st.binary(max_size=4000), html=st.booleans())
def test_decode_gives_text_or_a_reason(data, html):
    out = decode("f.txt", data, html=html)
    assert isinstance(out, (Decoded, Rejection))
    if isinstance(out, Decoded):
        assert out.text.strip() and "\x00" not in out.text


@fast
@given(
    text=st.text(max_size=2000),
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
    codec=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]),
)
def test_encoded_text_gives_text_or_a_reason(text, prefix, codec):
    data = prefix + text.encode(codec, errors="ignore")
    assert_all_results(list(read_bytes("f.txt", data)) or [Rejection("f.txt", "nothing")], "f.txt")


@fast
@given(rows=st.lists(json_values | article_like, max_size=8))
def test_random_json_lines_give_one_result_per_line(rows):
    text = "\n".join(json.dumps(r) for r in rows)
    results = list(read_jsonl("a.jsonl", text))
    assert len(results) == len(rows)
    assert_all_results(results or [Rejection("a.jsonl", "none")], "a.jsonl")


@fast
@given(value=json_values | article_like | st.lists(article_like, max_size=4))
def test_random_json_files_give_records_or_reasons(value):
    assert_all_results(list(read_bytes("a.json", json.dumps(value).encode())), "a.json")


@fast
@given(row=article_like)
def test_random_rows_give_a_record_or_a_reason(row):
    results = list(from_row("r", row, default_id="r"))
    assert len(results) == 1
    assert_all_results(results, "r")


@fast
@given(text=st.text(max_size=1000).map(str.strip).filter(bool))
def test_mangled_json_text_gives_a_reason(text):
    assert_all_results(list(read_bytes("a.json", ("{" + text).encode())), "a.json")


member_names = st.text(min_size=1, max_size=30).filter(
    lambda n: zipfile.ZipInfo(n).filename
)  # zipfile can write it
members = st.lists(st.tuples(member_names, st.binary(max_size=500)), min_size=1, max_size=6)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@fast
@given(entries=members)
def test_random_zip_archives_give_one_result_per_member_or_a_reason(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    buf.seek(0)
    assert_all_results(list(read_zip("a.zip", buf)), "a.zip")


@fast
@given(data=st.binary(max_size=2000), cut=st.integers(min_value=0, max_value=400))
def test_damaged_zip_archives_give_reasons(data, cut):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", data)
    damaged = buf.getvalue()[:cut] + data[:50] + buf.getvalue()[cut + 50 :]
    assert_all_results(list(read_zip("a.zip", io.BytesIO(damaged))), "a.zip")


@settings(max_examples=40, deadline=None)
@given(
    markup=st.text(max_size=3000)
    | st.builds(
        lambda tags, words: "".join(f"<{t}>{w}</{t}>" for t, w in zip(tags, words, strict=False)),
        st.lists(
            st.sampled_from(["p", "div", "script", "iframe", "article", "h1", "style", "title"]),
            max_size=30,
        ),
        st.lists(st.text(max_size=80), max_size=30),
    )
)
def test_random_html_gives_a_record_or_a_reason(markup):
    assert_all_results(
        list(read_bytes("p.html", markup.encode("utf-8", "surrogatepass"))), "p.html"
    )


@fast
@given(url=st.text(max_size=200))
def test_any_url_text_is_accepted_or_refused_with_a_reason(url):
    try:
        scheme, host, port, path = check_url(url)
    except FetchError as exc:
        assert str(exc)
    else:
        assert scheme in ("http", "https") and host and 0 < port < 65536 and path.startswith("/")


@fast
@given(address=st.ip_addresses())
def test_every_address_is_public_or_named_for_what_it_is(address):
    problem = address_problem(address)
    assert problem is None or problem.startswith(("a ", "an ", "not "))
    if problem is None:
        assert address.is_global


@fast
@given(
    body=st.binary(max_size=3000),
    kind=st.sampled_from(["html", "text"]),
    charset=st.sampled_from(["", "utf-8", "iso-8859-1", "shift_jis", "no-such-charset", "utf-16"]),
)
def test_any_fetched_page_gives_a_record_or_a_reason(body, kind, charset):
    page = Fetched(url="https://example.org/a", kind=kind, charset=charset, body=body)
    assert_all_results(
        list(read_fetched("https://example.org/a", page, "url-1")), "https://example.org/a"
    )


def test_a_file_of_nul_bytes_and_whitespace_behind_a_bom_is_empty():
    # Found by test_encoded_text_gives_text_or_a_reason: "\r" in UTF-16 behind a UTF-8 mark.
    assert list(read_bytes("f.txt", b"\xef\xbb\xbf\r\x00")) == [
        Rejection("f.txt", "the file is empty")
    ]
