"""The building blocks rule files are made of.

- :mod:`rules.blocks.predicate`: per-transaction predicates (``when``, ``where``)
- :mod:`rules.blocks.window`: per-account sliding windows and in-then-out sequences
- :mod:`rules.blocks.graph`: closeness to listed or alerted accounts, round trips
- :mod:`rules.blocks.expr`: conditions over the blocks' measures (``require``)
- :mod:`rules.blocks.base`: what they share while a file is compiled

See ``rules/README.md`` for the file format and which state key each block uses.
"""
