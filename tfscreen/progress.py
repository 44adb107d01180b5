"""A small progress line on stderr for long commands."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Redraws ``label: done/total (rate/s)`` at most every ``interval`` seconds.

    Draws only on a terminal unless ``force``; ``close()`` always prints a
    final summary line.
    """

    def __init__(self, label: str, total: int | None = None, *, stream: TextIO | None = None,
                 force: bool = False, interval: float = 0.2) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.live = force or self.stream.isatty()
        self.interval = interval
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def _line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            bar = "#" * filled + "-" * (width - filled)
            return f"{self.label} [{bar}] {self.done}/{self.total} ({rate:,.0f}/s)"
        return f"{self.label}: {self.done} ({rate:,.0f}/s)"

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.live:
            now = time.monotonic()
            if now - self._last >= self.interval:
                self._last = now
                self.stream.write("\r" + self._line())
                self.stream.flush()

    def close(self) -> None:
        elapsed = time.monotonic() - self.started
        end = "\r" if self.live else ""
        self.stream.write(f"{end}{self._line()} in {elapsed:.1f} s\n")
        self.stream.flush()
