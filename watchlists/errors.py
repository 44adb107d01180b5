"""Errors raised while fetching or reading list files."""

from tfscreen.errors import TfscreenError


class ListFileError(TfscreenError):
    """A list file was refused whole. ``where`` names the line or element."""

    def __init__(self, path: str, reason: str, where: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.where = where
        at = f" at {where}" if where else ""
        super().__init__(f"{path}{at}: {reason}")


class FetchError(TfscreenError):
    """A list could not be downloaded; the previous copy, if any, is kept."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")
