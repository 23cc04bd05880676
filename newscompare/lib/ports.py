"""Local services that tests and benchmarks start themselves: free TCP ports, a private
redis-server, real Celery worker processes and stopping them."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def start_redis_server(port: int, workdir: str | Path) -> subprocess.Popen:
    """A redis-server of our own on 127.0.0.1:port that saves nothing (its working folder is
    workdir), started and answering; the machine's shared one is never touched."""
    proc = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
    except RuntimeError:
        proc.terminate()
        proc.wait(10)
        raise
    return proc


def celery_worker_command(*extra: str, loglevel: str = "INFO") -> list[str]:
    """The command line of a real `celery -A newscompare worker`: one prefork process, no
    gossip, mingle or heartbeat; `extra` arguments follow `worker`."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "newscompare",
        "worker",
        *extra,
        f"--loglevel={loglevel}",
        "--concurrency=1",
        "--pool=prefork",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def stop_process_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a process started in its own session and its children: SIGTERM, then SIGKILL
    after `timeout` seconds."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait(10)
