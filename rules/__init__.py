"""Counter-terrorist-financing typology rules: YAML rule files, a pure engine.

``RuleEngine.load()`` compiles ``rules/library`` with the reference lists in
``rules/reference``; ``engine.evaluate(tx, ctx)`` returns the hits. Nothing here
imports faust, Kafka or prometheus. See ``rules/README.md``.
"""
