"""Shared by every tier: the installed features are loaded first, as the shell does at start,
so their schema tracks migrate in every database a test opens."""

from festival.features import installed

installed()
