"""One parser module per list format.

Each module exposes ``parse(path, data, *, list_id=None) -> ParsedList`` and
the constants ``FORMAT`` (its registry name). Parsers read no network and
keep no global state; only ``ofac_csv`` reads files, the siblings of the
primary CSV it is given. :mod:`watchlists.loader` picks the parser.
"""
