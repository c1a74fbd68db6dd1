"""Committed seed data, installed as the package ``festival.data``; never a live database."""
