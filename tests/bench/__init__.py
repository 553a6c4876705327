"""The load benchmark (``make bench``, ``make soak``); the entry point is ``tests.bench.run``."""
