"""Root of every error tfscreen raises on purpose."""


class TfscreenError(Exception):
    """Base class for tfscreen errors."""


class ConfigError(TfscreenError):
    """A TFSCREEN_* setting or a command-line option is invalid."""
