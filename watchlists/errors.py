"""Errors raised while reading list files."""

from tfscreen.errors import TfscreenError


class ListFileError(TfscreenError):
    """A list file was refused whole. ``where`` names the line or element."""

    def __init__(self, path: str, reason: str, where: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.where = where
        at = f" at {where}" if where else ""
        super().__init__(f"{path}{at}: {reason}")
