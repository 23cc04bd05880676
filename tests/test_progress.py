"""Progress on long command-line work: a bar on a terminal (a real pseudo-terminal here),
plain lines elsewhere, and nothing that changes what the commands print otherwise."""

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios

from newscompare.ingest.estimate import expected_records
from newscompare.lib import progress as progress_module
from newscompare.lib.progress import progress
from tests.conftest import ROOT, project_env


class Lines:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def isatty(self):
        return False


def test_off_a_terminal_it_writes_lines_with_count_rate_and_time_left(monkeypatch):
    monkeypatch.setattr(progress_module, "LINE_SECONDS", 0.0)
    out = Lines()
    seen = list(progress(range(4), desc="reindex", unit="story", stream=out))
    assert seen == [0, 1, 2, 3]
    lines = out.text.splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("reindex: 2/4 (50%), ")
    assert ("story/s, ~" in lines[1] or "s/story, ~" in lines[1]) and lines[1].endswith(" left")
    assert "\r" not in out.text


def test_off_a_terminal_a_short_job_prints_nothing():
    out = Lines()
    with progress(total=3, desc="judge_pairs", unit="pair", stream=out) as bar:
        bar.update(3)
        bar.note(out.write, "judged 3 pairs\n")
    assert out.text == "judged 3 pairs\n"


def test_on_a_terminal_it_draws_a_bar():
    leader, follower = pty.openpty()
    try:
        with open(follower, "w", closefd=False) as terminal:
            notes = []
            with progress(total=5, desc="ingest", unit="article", stream=terminal) as bar:
                for _ in range(5):
                    bar.update(1)
                bar.note(notes.append, "accepted: a.txt")
            terminal.flush()
        drawn = b""
        while select.select([leader], [], [], 0.5)[0]:
            drawn += os.read(leader, 65536)
        drawn = drawn.decode()
    finally:
        os.close(leader)
        os.close(follower)
    assert "ingest: 100%" in drawn and "5/5" in drawn and "article/s" in drawn
    assert notes == ["accepted: a.txt"]


def test_the_ingest_command_draws_a_bar_on_a_terminal_and_not_in_a_log(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"id": f"a{i}", "text": f"Story number {i} happened on Monday."})
            for i in range(6)
        ),
        encoding="utf-8",
    )
    assert expected_records([batch]) == 6
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DJANGO_DEBUG="1")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    ingest = [*manage, "ingest", str(batch), "--story", "bars", "--no-index"]

    logged = subprocess.run(ingest, cwd=ROOT, env=env, capture_output=True, text=True)
    assert logged.returncode == 0, logged.stderr
    assert "\r" not in logged.stderr and "%|" not in logged.stderr
    assert logged.stdout.count("accepted: ") == 6

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    try:
        with subprocess.Popen(
            [*manage, "ingest", str(batch), "--story", "bars-tty", "--no-index"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=follower,
        ) as proc:
            os.close(follower)
            drawn = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                drawn += chunk
            assert proc.wait(120) == 0
    finally:
        os.close(leader)
    text = drawn.decode(errors="replace")
    assert "ingest: 100%" in text and "6/6" in text
    assert text.count("accepted: ") == 6
