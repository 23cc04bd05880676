"""gunicorn's settings for the site: the Procfile (`make serve`), the systemd unit and the load
benchmark (benchmarks/load.py) all start gunicorn with `-c gunicorn.conf.py`.

Sync workers, one request at a time each, two per core plus one. A page comes from the page
cache in about a millisecond of CPU, so what sets the slow tail under load is how evenly the
requests spread over the processes. A sync worker accepts a connection only when it is free,
so the next request always goes to an idle process; a threaded (gthread) worker keeps its
keep-alive connections to itself, so one busy process queues its clients' requests behind a
GIL while another idles. benchmarks/load.py measures both setups in one run, one page after
the other (RESULTS.md, `load`): the sync setup is the one with the lower p95. nginx in front
(deploy/nginx.conf) buffers slow clients, as gunicorn's own docs advise for sync workers, and
opens its loopback connections to gunicorn cheaply.
    WEB_CONCURRENCY   worker processes (default 2 per core + 1)
    WEB_WORKER_CLASS  gunicorn worker class (default sync; gthread keeps connections open)
    WEB_THREADS       threads per worker, for gthread (default 1)
    BIND              address (default 127.0.0.1:$PORT, or 127.0.0.1:8000)
"""

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
threads = int(os.environ.get("WEB_THREADS", "1"))
keepalive = 5  # seconds an idle keep-alive connection stays open, for gthread
graceful_timeout = 20
backlog = 2048
