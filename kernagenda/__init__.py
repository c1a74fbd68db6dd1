"""The kernagenda feature: agendas of the pilot kernen (plugs into the festival app).

Importing the package registers the kernagenda's schema track, so every process that uses the
kernagenda migrates its tables when it opens the database. The rest of the feature (home
section, subcommands, demo data, stylesheet) is in :mod:`kernagenda.feature`.
"""

from festival.store.schema import register_track
from kernagenda.store.schema import TRACK

register_track(TRACK)
