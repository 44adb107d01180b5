"""tfscreen: streaming screening of payments for terrorist financing."""

__version__ = "0.1.0"
