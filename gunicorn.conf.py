"""gunicorn's settings for the site: the Procfile (`make serve`), the systemd unit and the load
benchmark (benchmarks/load.py) all start gunicorn with `-c gunicorn.conf.py`.

Threaded workers that keep connections open (gthread, keep-alive): a sync worker closes the
connection after every answer, so each request of a browser or of nginx's keep-alive pool
paid a new TCP connection and one worker sat blocked per slow client. A page is served from
the page cache in a few milliseconds of CPU, so a few processes (one or two per core) with
threads each hold many open connections and keep both cores busy; more processes only add
memory and database connections (each thread keeps its own, DB_CONN_MAX_AGE).
    WEB_CONCURRENCY  worker processes (default 3)
    WEB_THREADS      threads per worker (default 4)
    BIND             address (default 127.0.0.1:$PORT, or 127.0.0.1:8000)
"""

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
keepalive = 5  # seconds an idle keep-alive connection stays open (nginx's pool reuses it)
graceful_timeout = 20
backlog = 2048
