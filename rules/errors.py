"""Errors the rules engine raises on purpose."""

from __future__ import annotations

from tfscreen.errors import TfscreenError


class RuleError(TfscreenError):
    """Base class for rule-engine errors."""


class RuleFileError(RuleError):
    """A rule or reference file is invalid; the message names the file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
