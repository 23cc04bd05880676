"""What-if settings for the load test: the project's settings plus Django's per-site cache
(in-process memory, 30 s), to show what serving pages from a cache would do to latency. Not
used by the app; benchmarks/load.py runs gunicorn with it after the measured run."""
from newscompare.settings import *  # noqa: F401,F403
from newscompare.settings import MIDDLEWARE

MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *MIDDLEWARE,
              "django.middleware.cache.FetchFromCacheMiddleware"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_MIDDLEWARE_SECONDS = 30
CACHE_MIDDLEWARE_KEY_PREFIX = "bench"
