"""Fonts embedded in printed badges and lists (DejaVu, see LICENSE-DejaVu.txt)."""
