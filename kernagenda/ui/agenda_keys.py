"""The kernagenda screen's keys: the help text ("?") and which actions edit or need an item."""

KEYS = """\
Lijst
  /           filteren terwijl u typt (Enter of ↓: terug naar de lijst)
  g           groeperen: per thema, per status, of op prioriteit
  k           andere pilotkern
  w           ook de punten tonen die van de agenda zijn gehaald (en waarom)
  ↑ ↓         punt kiezen; ernaast staat alles over dat punt

Agendapunt (kernregisseur van de kern of coördinator)
  n           nieuw agendapunt (in het thema onder de cursor)
  e of Enter  wijzigen
  p           voortgang vastleggen, eventueel met een nieuwe status
  s           speerpunt maken (achteraan) of weer overig
  ⇧↑ ⇧↓       speerpunt hoger of lager (ook - en +)
  l           koppelen aan aanvragen en festivalinitiatieven
  h           geschiedenis: voortgang en elke wijziging
  Delete      van de agenda halen (met reden; de geschiedenis blijft)

Agenda
  a           aanmaken, of versie, periode en herziening wijzigen
  v           vaststellen: deze versie bevriezen
  c           vergelijken met een vastgestelde versie
  x           exporteren voor inwoners (PDF, HTML of Markdown)
  i           importeren uit CSV (alles of niets)
  t           thema's: toevoegen, hernoemen, verwijderen, volgorde
  r           voortgang van alle pilotkernen voor de raad (als tekstbestand)

Esc terug · Ctrl+Q afsluiten"""

#: Actions that change the agenda: shown and allowed only to who may edit this kern.
EDITS = {
    "new",
    "edit",
    "progress",
    "move",
    "toggle_spearhead",
    "link",
    "remove",
    "fix",
    "agenda",
    "import",
}
#: Actions that need an item under the cursor.
ON_ITEM = {"edit", "progress", "move", "toggle_spearhead", "link", "remove", "log"}
