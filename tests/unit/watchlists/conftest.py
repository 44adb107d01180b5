"""Fixtures for the watchlists tests: the shared sample lists, parsed once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from watchlists.loader import load_list
from watchlists.model import ParsedList

# ``shared_dir`` comes from tests/conftest.py.


@pytest.fixture(scope="session")
def lists_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "lists"


@cache
def _load(path: str) -> ParsedList:
    return load_list(path)


@pytest.fixture(scope="session")
def parsed(lists_dir: Path):
    """``parsed("un/UN_consolidated_2026-02-27.xml")``: a sample file loaded once per run."""

    def get(relative: str) -> ParsedList:
        return _load(str(lists_dir / relative))

    return get
