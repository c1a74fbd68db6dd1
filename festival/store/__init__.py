"""Persistence shared by every feature: the database, users and the audit log (no Textual)."""
