"""Dividing the festival's pot: one module per rule, all on the plain model in :mod:`.model`."""
