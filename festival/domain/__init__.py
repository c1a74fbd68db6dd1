"""The festival's domain: models and services. Never imports Textual or rich."""
