"""Matchmaking domain: Textual-free models and services for the table talks."""

from matchmaking.domain import permissions as _permissions  # noqa: F401  (declares the actions)
