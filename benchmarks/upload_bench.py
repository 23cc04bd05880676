"""Upload 100 small files in one request and print how long the request takes.

The request stores the files and queues the background job (fetching URLs, indexing);
nothing is indexed inside it. Runs in-process through Django's test client on a fresh
SQLite database in a temporary folder, with Celery pointed at the in-memory broker so the
queued job is not run (on a deployment a worker picks it up). Prints, never asserts.

    python benchmarks/upload_bench.py [--files 100] [--rounds 10]
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
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="upload-bench-")
    os.environ.update(
        NEWSCOMPARE_VAR_DIR=var, DJANGO_SETTINGS_MODULE="newscompare.settings", HF_HUB_OFFLINE="1"
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from newscompare.celery import app
    from newscompare.ingest.models import ApiToken, UploadItem

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = (
        False  # queue the job on the in-memory broker; no worker runs it here
    )
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    user = User.objects.create_superuser("bench", password="bench")
    key = ApiToken.issue(user)[1]
    admin, api = Client(), Client(HTTP_AUTHORIZATION=f"Token {key}")
    admin.force_login(user)

    def files(round_no):
        return [
            SimpleUploadedFile(
                f"r{round_no}-{i:03d}.txt",
                (
                    f"Round {round_no}, article {i}: officials said on Tuesday that "
                    f"{i * 7 + round_no} people had been "
                    f"evacuated from the riverside district after the water rose by {i % 9 + 1} "
                    f"metres overnight. "
                    f"The mayor said schools would stay closed until Friday."
                ).encode(),
            )
            for i in range(args.files)
        ]

    def timed(post):
        start = time.perf_counter()
        response = post()
        return time.perf_counter() - start, response

    # Warm-up: first use loads the language model and Django's URL and template caches.
    admin.post("/admin/ingest/uploadbatch/upload/", {"new_story": "warm-up", "files": files(-1)})

    results = {"admin page": [], "JSON API": []}
    for r in range(args.rounds):
        batch = files(r)
        seconds, response = timed(
            lambda r=r, batch=batch: admin.post(
                "/admin/ingest/uploadbatch/upload/",
                {"new_story": f"bench-admin-{r}", "files": batch},
            )
        )
        assert response.status_code == 302, response.status_code
        results["admin page"].append(seconds)
        batch = files(1000 + r)
        seconds, response = timed(
            lambda r=r, batch=batch: api.post(
                f"/api/stories/bench-api-{r}/articles", {"files": batch}
            )
        )
        assert response.status_code == 200, response.content[:300]
        assert response.json()["counts"]["accepted"] == args.files
        results["JSON API"].append(seconds)

    accepted = UploadItem.objects.filter(status="accepted").count()
    print(
        f"upload benchmark: {args.files} small .txt files per request, {args.rounds} rounds, "
        f"{accepted} articles stored (SQLite, indexing queued not run)"
    )
    for name, times in results.items():
        ms = sorted(t * 1000 for t in times)
        print(
            f"  {name:10s}  median {statistics.median(ms):6.1f} ms  min {ms[0]:6.1f} ms  max "
            f"{ms[-1]:6.1f} ms"
            f"  ({statistics.median(ms) / args.files:.2f} ms per file; target < 300 ms per request)"
        )


if __name__ == "__main__":
    main()
