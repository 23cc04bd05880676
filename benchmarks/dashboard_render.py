"""How long the server takes to render a big story page: 200 articles, 5,000 claims.

    python benchmarks/dashboard_render.py [--articles 200] [--claims 5000] [--runs 7]

Builds the synthetic story in a throwaway SQLite database (bulk_create, no model), then
requests the story page, a filtered matrix fragment, a claim and an article page through
Django's test client, and prints the median server time of each (wall clock, and the
process's CPU time, which the other jobs on a shared machine disturb less; SQLite runs
in-process, so both include the database) and its query count.
Target: story page under 300 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="nc-bench-")
    os.environ.update(
        {
            "NEWSCOMPARE_VAR_DIR": tmp,
            "HF_HUB_OFFLINE": "1",
            "DJANGO_SETTINGS_MODULE": "newscompare.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from newscompare.news.models import Claim
    from newscompare.web.synthetic import build_story

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    story = build_story("bench", args.articles, args.claims)
    print(
        f"built {args.articles} articles, {args.claims} claims in "
        f"{time.perf_counter() - started:.1f} s"
    )

    client = Client()
    claim = Claim.objects.filter(story=story, verdict="diverge").first()
    first_article = story.articles.order_by("id").first()
    pages = {
        "story page": f"/stories/{story.slug}/",
        "story page, filtered": f"/stories/{story.slug}/?verdict=agree&kind=date",
        "matrix fragment (htmx)": f"/stories/{story.slug}/claims?verdict=diverge&page=3",
        "claim page": f"/stories/{story.slug}/claims/{claim.id}/",
        "article page": f"/stories/{story.slug}/articles/{first_article.id}/",
        "story list": "/",
    }
    for name, url in pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        client.get(url, **headers)  # warm caches (templates, URL resolver)
        wall, cpu = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url, **headers)
                wall.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:24s} median {statistics.median(wall):6.1f} ms wall, "
            f"{statistics.median(cpu):6.1f} ms CPU  "
            f"(best {min(wall):6.1f} ms)  {len(queries)} queries  "
            f"{len(response.content) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
