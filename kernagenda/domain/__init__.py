"""Kernagenda domain: Textual-free models and services on top of festival.store."""
