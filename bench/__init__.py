"""Benchmarks that print figures (``make bench``, i.e. ``python -m bench``); not part of the tests.

Each figure is a named distribution of samples, printed with its median, p95, sample count and
target. To add a row, write a function in a module here that returns figures and list it in
:data:`bench.suite.SUITE`.
"""
