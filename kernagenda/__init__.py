"""The kernagenda feature: agendas of the pilot kernen (plugs into the festival app)."""
