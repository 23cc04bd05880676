"""newscompare: compare how outlets report one event, claim by claim."""

from .celery import app as celery_app

__all__ = ("celery_app",)
