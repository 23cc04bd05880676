"""Section 4: the dashboard under load.

A fresh PostgreSQL database is seeded by COPY (no model run) with 1,000 stories of 10
articles each (10,000 articles), 12 sentences per article from the corpus, and synthetic
claims over them (~60 per story, mixed verdicts and kinds, values on the members). gunicorn
serves the project as in production (DEBUG off, persistent database connections) on a free
loopback port; wrk (Debian's package; installed if missing and we are root) or, failing
that, a Python load generator, keeps 50 concurrent connections busy on each page in turn:
the story list, one story page, and the claims fragment the filters swap in. These pages
come from the dashboard's page cache (web/views.py; in-process memory in each gunicorn
worker here, no REDIS_URL) once the warm-up has rendered them: whole pages, as the visitors
of this benchmark are not signed in. Two server setups serve the same data at once
(CONFIGS: gunicorn.conf.py's sync workers and threaded ones) and each page is loaded on one,
then the other, so their figures compare within one run on a busy machine; the server CPU per
request (gunicorn's workers and their PostgreSQL backends) is the figure least moved by other
work on the machine. Everything is torn down at the end; the machine's own services are only
borrowed (a new database).
BENCH_LOAD_CONFIGS=shipped measures only the setup the site ships with.
"""

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.common import (
    ROOT,
    Results,
    corpus_stories,
    cpu_load,
    django_setup,
    free_port,
    fresh_postgres,
    section_main,
    stop_process_group,
    wait_for_port,
)

STORIES, ARTICLES_PER_STORY, SENTENCES_PER_ARTICLE, CLAIMS_PER_STORY = 1000, 10, 12, 60
CONNECTIONS = 50
P95_TARGET_MS = 100

_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "max": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def _corpus_sentences():
    from newscompare.pipeline import segment

    out = []
    for _, folder in corpus_stories():
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                out += [
                    s.text
                    for s in segment.segment_text(json.loads(line)["text"])
                    if not s.is_boilerplate
                ]
    return out


def seed(stories=STORIES, per_story=ARTICLES_PER_STORY):
    """Rows straight into the tables with COPY; ids assigned here, sequences moved past them."""
    from django.db import connection
    from django.utils import timezone

    from newscompare.news.models import (
        Article,
        Claim,
        ClaimMember,
        IndexRun,
        Outlet,
        Sentence,
        Story,
    )

    rng = random.Random(8)
    texts = _corpus_sentences()
    now = timezone.now()
    verdicts = ["diverge", "agree", "unique"]
    kinds = ["number", "date", "duration", "quote", "event", "other"]
    n_outlets = 200
    t = {m: m._meta.db_table for m in (Outlet, Story, Article, Sentence, Claim, ClaimMember)}
    with connection.cursor() as c:
        cur = c.cursor
        with cur.copy(f"COPY {t[Outlet]} (id, name) FROM STDIN") as cp:
            for i in range(1, n_outlets + 1):
                cp.write_row((i, f"Outlet {i:03d}"))
        story_cols = "id, slug, title, title_source, created_at, last_activity_at, index_key"
        with cur.copy(f"COPY {t[Story]} ({story_cols}) FROM STDIN") as cp:
            for s in range(1, stories + 1):
                at = now - dt.timedelta(minutes=s)
                title = f"Synthetic story {s}: {texts[s % len(texts)][:80]}"
                cp.write_row((s, f"story-{s:04d}", title, "given", at, at, ""))
        aid = sid = cid = mid = 0
        art_rows, sent_rows, claim_rows, member_rows = [], [], [], []
        for s in range(1, stories + 1):
            story_sentences = []
            for a in range(per_story):
                aid += 1
                body = [texts[rng.randrange(len(texts))] for _ in range(SENTENCES_PER_ARTICLE)]
                text = "\n\n".join(body)
                art_rows.append(
                    (
                        aid,
                        s,
                        rng.randrange(1, n_outlets + 1),
                        f"a{a:02d}",
                        "",
                        f"Article {a} of story {s}",
                        now,
                        text,
                        f"{s:06d}{a:04d}".ljust(64, "0"),
                        "en",
                        aid,
                        "bench",
                        "bench",
                        1,
                        now,
                        "given",
                        now.date(),
                        1,
                    )
                )
                pos = 0
                for p, sentence in enumerate(body):
                    sid += 1
                    start = text.find(sentence, pos)
                    pos = start + len(sentence)
                    sent_rows.append((sid, aid, p, start, pos, sentence, False))
                    story_sentences.append((sid, sentence))
            rng.shuffle(story_sentences)
            groups = [story_sentences[i::CLAIMS_PER_STORY] for i in range(CLAIMS_PER_STORY)]
            for pos, members in enumerate(groups):
                cid += 1
                verdict = verdicts[0] if pos < 10 else (verdicts[1] if pos < 40 else verdicts[2])
                if verdict == "unique":
                    members = members[:1]
                claim_rows.append(
                    (
                        cid,
                        s,
                        pos,
                        rng.choice(kinds),
                        verdict,
                        f"a01 says {rng.randint(5, 90)}; a02 says {rng.randint(5, 90)}",
                        len(members),
                        "bench",
                        "bench",
                        f"{cid:064x}",
                        now,
                    )
                )
                for m_sid, sentence in members:
                    mid += 1
                    nums = re.findall(r"\d+", sentence)[:2]
                    vals = [{"type": "number", "text": n, "normalized": n} for n in nums]
                    member_rows.append((mid, cid, m_sid, json.dumps(vals)))
        for table, cols, rows in (
            (
                t[Article],
                "id, story_id, outlet_id, external_id, url, title, published_at, text, text_hash, "
                "language, wire_group, pipeline_version, model_id, index_count, created_at, "
                "placement, published_on, version",
                art_rows,
            ),
            (
                t[Sentence],
                "id, article_id, position, char_start, char_end, text, is_boilerplate",
                sent_rows,
            ),
            (
                t[Claim],
                "id, story_id, position, kind, verdict, explanation, independent_sources, "
                "pipeline_version, model_id, member_key, created_at",
                claim_rows,
            ),
            (t[ClaimMember], 'id, claim_id, sentence_id, "values"', member_rows),
        ):
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
        for model in (Outlet, Story, Article, Sentence, Claim, ClaimMember):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                f"(SELECT MAX(id) FROM {model._meta.db_table}))"
            )
        # each story indexed once, as the list and the story page show it
        IndexRun.objects.bulk_create(
            [
                IndexRun(
                    story_id=s,
                    state=IndexRun.State.DONE,
                    progress_done=per_story * SENTENCES_PER_ARTICLE,
                    progress_total=per_story * SENTENCES_PER_ARTICLE,
                    pipeline_version="bench",
                    model_id="bench",
                    started_at=now,
                    finished_at=now,
                    attempts=1,
                )
                for s in range(1, stories + 1)
            ],
            batch_size=1000,
        )
        # as autovacuum leaves a live database: planner statistics, and the visibility map
        # (without it a count reads every row of the table)
        c.execute("VACUUM ANALYZE")
    return {"stories": stories, "articles": aid, "sentences": sid, "claims": cid, "members": mid}


def _ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
    return shutil.which("wrk")


def _run_wrk(wrk, url, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT)
    out = subprocess.run(
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", f.name, url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    os.unlink(f.name)
    m = re.search(r"WRKJSON (\{.*\})", out.stdout)
    if not m:
        raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    d = json.loads(m.group(1))
    errors = d["connect"] + d["read"] + d["write"] + d["status"] + d["timeout"]
    return {
        "requests": d["requests"],
        "rps": d["requests"] / (d["duration_us"] / 1e6),
        "p50_ms": d["p50"] / 1000,
        "p95_ms": d["p95"] / 1000,
        "p99_ms": d["p99"] / 1000,
        "errors": errors,
        "tool": "wrk",
    }


def _run_python(url, seconds):
    """Fallback load generator: 50 threads, one keep-alive connection each."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    latencies, errors, lock = [], [0], threading.Lock()

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine = []
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    with lock:
                        errors[0] += 1
                mine.append(time.perf_counter() - t0)
            except Exception:
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    t0 = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - t0
    latencies.sort()

    def pct(p):
        return (
            1000 * latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]
            if latencies
            else float("nan")
        )

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "errors": errors[0],
        "tool": "python",
    }


def _server_cpu(pid) -> float:
    """CPU seconds used so far by gunicorn's workers and the PostgreSQL backends serving them."""
    import psutil

    total = 0.0
    try:
        for p in psutil.Process(pid).children(recursive=True):
            t = p.cpu_times()
            total += t.user + t.system
    except psutil.Error:
        pass
    for p in psutil.process_iter(["name", "cmdline"]):
        try:
            if (
                p.info["name"]
                and p.info["name"].startswith("postgres")
                and _db_name in " ".join(p.info["cmdline"] or [])
            ):
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            pass
    return total


_db_name = ""


def run(results: Results, quick: bool = False):
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "5" if quick else "20"))
    stories = 100 if quick else STORIES
    global _db_name
    with fresh_postgres() as url:
        _db_name = url.rsplit("/", 1)[1]
        django_setup(database_url=url)
        t0 = time.perf_counter()
        counts = seed(stories=stories)
        from django.db import connections

        connections.close_all()
        results.details["seed"] = counts
        print(f"  seeded {counts} in {time.perf_counter() - t0:.1f}s", flush=True)
        slug = f"story-{stories // 2:04d}"
        pages = [
            ("story list", "/"),
            ("story page", f"/stories/{slug}/"),
            ("filter fragment", f"/stories/{slug}/claims?verdict=diverge"),
        ]
        _serve_and_load(results, url, pages, seconds, counts)


# Server setups measured in the same run on the same database: the one the site ships with
# (gunicorn.conf.py) and the other worker class, threaded workers that keep connections open.
# Both serve at once, and each page is loaded on one and then on the other, so a change in the
# machine's other work during the run moves both alike. Only the shipped one is held to the
# target; the other shows whether the choice in gunicorn.conf.py still holds.
CONFIGS = {
    "shipped": ("gunicorn.conf.py (sync workers)", ["-c", str(ROOT / "gunicorn.conf.py")]),
    "gthread": (
        "3 gthread workers x 4 threads, keep-alive",
        ["-c", str(ROOT / "gunicorn.conf.py"), "--workers", "3", "--worker-class", "gthread"]
        + ["--threads", "4"],
    ),
}


def _start_gunicorn(url, port, config) -> subprocess.Popen:
    # plain http on loopback: no proxy in front to end TLS (NEWSCOMPARE_HTTPS=0)
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DB_CONN_MAX_AGE="600",
        PYTHONPATH=str(ROOT),
        NEWSCOMPARE_HTTPS="0",
    )
    env.pop("DJANGO_DEBUG", None)
    log = Path(tempfile.gettempdir()) / f"nc-bench-gunicorn-{port}.log"
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newscompare.wsgi:application"]
        + CONFIGS[config][1]
        + ["--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _serve_and_load(results, url, pages, seconds, counts):
    chosen = os.environ.get("BENCH_LOAD_CONFIGS", ",".join(CONFIGS)).split(",")
    servers = {}
    try:
        for config in chosen:
            port = free_port()
            servers[config] = (f"http://127.0.0.1:{port}", _start_gunicorn(url, port, config))
            wait_for_port(port, timeout=60)
        for base, _ in servers.values():
            _warm(base, pages)
        wrk = _ensure_wrk()
        for page in pages:  # one page on every setup in turn, then the next page
            for config, (base, gunicorn) in servers.items():
                _load_page(results, wrk, base, gunicorn.pid, page, seconds, config)
    finally:
        for _, gunicorn in servers.values():
            stop_process_group(gunicorn)
    results.add(
        "pages measured on",
        f"{counts['stories']} stories / {counts['articles']} articles",
        note=f"{CONNECTIONS} connections for {seconds} s per page and setup, setups in turn; "
        + "page cache warm; "
        + "; ".join(f"{c}: {CONFIGS[c][0]}" for c in chosen),
    )


def _warm(base, pages):
    """Every page answers before the clock starts; warms each worker's page cache."""
    for _, path in pages:
        for _ in range(20):
            with urllib.request.urlopen(base + path, timeout=30) as resp:
                assert resp.status == 200, (path, resp.status)


def _load_page(results, wrk, base, pid, page, seconds, config):
    name, path = page
    cpu0 = _server_cpu(pid)
    r = _run_wrk(wrk, base + path, seconds) if wrk else _run_python(base + path, seconds)
    # server CPU per request: robust to a busy machine, and what sets the capacity
    cpu_ms = 1000 * (_server_cpu(pid) - cpu0) / max(1, r["requests"])
    r["server_cpu_ms"] = cpu_ms
    shipped = config == "shipped"
    ok = r["p95_ms"] < P95_TARGET_MS and r["errors"] == 0
    results.add(
        f"{name} p50/p95/p99" + ("" if shipped else f" ({config}: {CONFIGS[config][0]})"),
        f"{r['p50_ms']:.0f}/{r['p95_ms']:.0f}/{r['p99_ms']:.0f} ms",
        f"p95 < {P95_TARGET_MS} ms, 0 errors" if shipped else "",
        ok if shipped else None,
        f"{r['rps']:.0f} req/s, {cpu_ms:.1f} ms server CPU/request (app+db: at most "
        f"~{1000 * (os.cpu_count() or 1) / max(cpu_ms, 0.1):.0f} req/s on these cores), "
        f"{r['requests']} requests, {r['errors']} errors ({r['tool']}), {path} "
        f"({cpu_load()})",
    )
    results.details.setdefault(config, {})[name] = r


if __name__ == "__main__":
    section_main("load", run)
