"""Several processes, crashes and integrity checks (marker: reliability)."""
