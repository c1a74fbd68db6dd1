"""The kernagenda's schema steps (its own track, registered when the package loads)."""
