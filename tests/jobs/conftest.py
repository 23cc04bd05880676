"""Fixtures of the background-job tests."""
import pytest

from .helpers import BeatWorker


@pytest.fixture
def start_beat_worker(tmp_path):
    workers = []

    def start(env: dict) -> BeatWorker:
        worker = BeatWorker(env, tmp_path / f"beat-worker{len(workers)}.log").start()
        workers.append(worker)
        return worker

    yield start
    for w in workers:
        w.stop()
