"""Kernagenda screens and widgets."""
