"""The kernagenda feature: agendas of the pilot kernen (plugs into the festival app through
:mod:`kernagenda.feature`: home section, subcommands, schema steps, demo data, stylesheet)."""
