"""Run `atsbox serve` as a child process until it listens: the one way tests and benchmarks do it.

The server prints a banner and then "Listening on <url> ..."; with `--workers` nothing follows
that line. A reader thread drains its output into `lines` the whole time (so the server never
blocks on a full pipe, and a select() on the buffered pipe cannot miss lines it already read).
The child gets its own process group, so `kill()` reaches gunicorn's workers as well.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

READY_PREFIX = "Listening on "


@dataclass
class ServeProcess:
    proc: subprocess.Popen[str]
    base_url: str
    lines: list[str] = field(default_factory=list)  # everything printed so far, without newlines
    _reader: threading.Thread | None = None

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM (a graceful stop), wait for it and for its last output; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        if self._reader is not None:
            self._reader.join(timeout=timeout)
        return code

    def kill(self) -> None:
        """SIGKILL the whole process group (master and workers), as a crash would."""
        with contextlib.suppress(ProcessLookupError):  # gone already
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)


def start_serve(
    args: Sequence[str], *, env: Mapping[str, str] | None = None, timeout: float = 120.0
) -> ServeProcess:
    """Start `python -m atsbox serve <args>` and return once it listens (RuntimeError if it
    exits or stays silent for `timeout` seconds first, with what it printed)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "atsbox", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **dict(env or {})},
        start_new_session=True,
    )
    lines: list[str] = []
    arrived: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            arrived.put(lines[-1])
        arrived.put(None)  # the pipe closed: the process ended

    reader = threading.Thread(target=read, name="atsbox-serve-output", daemon=True)
    reader.start()
    while True:
        try:
            line = arrived.get(timeout=timeout)
        except queue.Empty:
            line = None
        if line is None:
            ServeProcess(proc, "", lines).kill()
            raise RuntimeError("atsbox serve did not start:\n" + "\n".join(lines))
        if line.startswith(READY_PREFIX):
            return ServeProcess(proc, line.split()[2], lines, reader)
