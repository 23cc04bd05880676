"""Progress on long command-line work (ingest of a folder, reindex, train_pair_model,
judge_pairs, make eval): a tqdm bar with count, rate and time left on a terminal; on
anything else (CI logs, pipes, files) a plain line at most every LINE_SECONDS, so logs get
a few readable lines instead of a redrawn bar. NEWSCOMPARE_PROGRESS=bar|lines|off
overrides the choice.

    with progress(total=len(rows), desc="judge_pairs", unit="pair") as bar:
        ...
        bar.update(n)
        bar.note(self.stdout.write, "a message between two updates")
"""

import os
import sys
import time

LINE_SECONDS = 30.0  # a CI log gets a line every half minute of work, never one per item


def _mode(stream) -> str:
    chosen = os.environ.get("NEWSCOMPARE_PROGRESS", "").strip().lower()
    if chosen in ("bar", "lines", "off"):
        return chosen
    isatty = getattr(stream, "isatty", None)
    return "bar" if isatty is not None and isatty() else "lines"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class _Lines:
    """tqdm's interface, as plain lines: 'ingest: 120/500 (24%), 3.1 article/s, ~2m03s left'."""

    def __init__(self, iterable, total, desc, unit, stream, quiet=False):
        self.iterable, self.total, self.desc, self.unit = iterable, total, desc, unit
        self.stream, self.quiet, self.n = stream, quiet, 0
        self.started = self.last = time.monotonic()

    def __iter__(self):
        for item in self.iterable:
            yield item
            self.update(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(self, n: int = 1) -> None:
        self.n += n
        now = time.monotonic()
        if not self.quiet and now - self.last >= LINE_SECONDS:
            self.last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.n / elapsed
        out = f"{self.desc}: {self.n}/{self.total}" if self.total else f"{self.desc}: {self.n}"
        if self.total:
            out += f" ({100 * self.n // self.total}%)"
        if rate >= 1 or not self.n:
            out += f", {rate:.1f} {self.unit}/s"
        else:
            out += f", {_duration(elapsed / self.n)}/{self.unit}"
        if self.total and rate > 0:
            out += f", ~{_duration((self.total - self.n) / rate)} left"
        return out

    def note(self, write, text: str) -> None:
        write(text)

    def close(self) -> None:
        pass


def _width(stream) -> int | None:
    try:
        return None if os.get_terminal_size(stream.fileno()).columns else 80
    except (AttributeError, OSError, ValueError):
        return 80


class _Bar:
    """A tqdm bar whose notes are written above it, not through it."""

    def __init__(self, iterable, total, desc, unit, stream):
        from tqdm import tqdm

        # A terminal that reports no width (some pseudo-terminals) gets a standard one.
        self.bar = tqdm(
            iterable, total=total, desc=desc, unit=unit, file=stream, ncols=_width(stream)
        )

    def __iter__(self):
        return iter(self.bar)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(self, n: int = 1) -> None:
        self.bar.update(n)

    def note(self, write, text: str) -> None:
        with self.bar.external_write_mode():
            write(text)

    def close(self) -> None:
        self.bar.close()


def progress(
    iterable=None, *, total=None, desc: str = "", unit: str = "item", stream=None
) -> "_Lines | _Bar":
    """A progress reporter over `iterable` (or updated by hand with .update(n))."""
    stream = stream or sys.stderr
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    mode = _mode(stream)
    if mode == "bar":
        return _Bar(iterable, total, desc, unit, stream)
    return _Lines(iterable, total, desc, unit, stream, quiet=mode == "off")
