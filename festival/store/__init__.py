"""The bottom floor, shared by every feature: opening the database, the write transaction with
its audit line, schema steps (the festival's and each feature's track), the change watch.
Imports nothing from the domain or the features, and no Textual."""
