"""Kernagenda domain: Textual-free models and services on top of festival.store."""

from kernagenda.domain import permissions as _permissions  # noqa: F401  (declares the actions)
