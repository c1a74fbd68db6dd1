"""Shared helpers that every layer and feature uses: errors, text, money, dates, CSV, files, PDF.

Nothing here knows the database, the domain or the screen; the store, the festival domain and
the kernagenda all build on it.
"""
