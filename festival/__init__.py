"""Kerngericht: the festival and kernagenda application of gemeente Buren."""

__version__ = "0.1.0"
