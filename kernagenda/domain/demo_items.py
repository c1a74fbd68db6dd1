"""The items of the demo kernagenda's of Ingen and Zoelen, as the kernregisseur types them, with
what happens to each afterwards (progress, links, a removal). Invented, village-scale; invented
people only. :mod:`kernagenda.domain.demo_agenda` makes them through the domain functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from kernagenda.domain.models import ItemInput

#: The demo kernregisseur, who types the items (a demo user with a PIN).
DEMO_REGISSEUR = "Karin Regisseur"


@dataclass(frozen=True)
class DemoItem:
    """An item as the kernregisseur types it, with what happens to it afterwards."""

    item: ItemInput
    #: Progress lines in order: (text, new status or "").
    progress: tuple[tuple[str, str], ...] = ()
    #: Link to an application ("aanvraag") or initiative ("initiatief") of the same kern whose
    #: title holds one of ``link_words`` (else the first one there is; none: no link).
    link: str = ""
    link_words: tuple[str, ...] = ()


def _item(theme: str, title: str, **fields: str) -> ItemInput:
    return ItemInput(theme=theme, title=title, kernregisseur=DEMO_REGISSEUR, **fields)


INGEN = (
    DemoItem(
        _item(
            "Wonen",
            "Woningen voor starters en senioren",
            problem="Jongeren trekken weg omdat er in Ingen geen betaalbare woning vrijkomt; "
            "ouderen willen kleiner wonen zonder het dorp te verlaten.",
            desired_result="Een plan voor 12 tot 16 woningen op een inbreidingslocatie, met "
            "voorrang voor mensen uit het dorp.",
            kind="project",
            priority="speerpunt 1",
            owner="samen",
            partners="Dorpsbelangen Ingen, woningcorporatie",
            municipality_role="meedenken",
            feasibility="Hangt af van de grondpositie; geen snelle winst.",
            status="in uitvoering",
            start_date="01-04-2025",
            target_date="31-12-2027",
            source="kernavond maart 2025",
            last_discussed="12-03-2025",
        ),
        progress=(
            ("Twee mogelijke locaties in beeld; gesprek met de corporatie na de zomer.", ""),
        ),
    ),
    DemoItem(
        _item(
            "Verkeer & veiligheid",
            "Veilige oversteek bij de basisschool",
            problem="Auto's rijden te hard door de dorpskern; kinderen steken over zonder "
            "zebrapad.",
            desired_result="Een verhoogd plateau met oversteekplaats vóór het nieuwe schooljaar.",
            kind="project",
            priority="speerpunt 2",
            owner="gemeente",
            partners="basisschool, ouderraad",
            municipality_role="uitvoeren",
            status="gepland",
            start_date="01-09-2025",
            target_date="01-03-2026",
            budget="45.000",
            budget_source="regulier",
            source="enquête 2024 (68 reacties)",
            last_discussed="12-03-2025",
        ),
        progress=(
            (
                "Ontwerp besproken met school en ouders; de uitvoering schuift door de levertijd "
                "van de plateau-elementen.",
                "",
            ),
        ),
    ),
    DemoItem(
        _item(
            "Ontmoeting & verenigingen",
            "Ontmoetingsplekken in het dorp",
            problem="Er is weinig plek om even te zitten en een praatje te maken, vooral voor "
            "ouderen op weg naar de bus of de winkel.",
            desired_result="Bankjes op drie vaste looproutes, beheerd door buren.",
            kind="klus",
            priority="speerpunt 3",
            owner="inwoners",
            partners="Stichting Dorpshuis Ingen",
            municipality_role="financieren",
            status="in uitvoering",
            start_date="01-03-2026",
            target_date="01-06-2027",
            budget="750",
            budget_source="leefbaarheidsbudget",
            source="kernavond maart 2025",
        ),
        link="aanvraag",
        link_words=("bank", "ontmoet"),
    ),
    DemoItem(
        _item(
            "Voorzieningen",
            "Toekomst van het dorpshuis",
            problem="Het dorpshuis loopt terug in gebruik en het bestuur vergrijst.",
            desired_result="Een toekomstplan met nieuwe gebruikers en een verjongd bestuur.",
            kind="project",
            priority="speerpunt 4",
            owner="kernbelangenorganisatie",
            partners="Stichting Dorpshuis Ingen, verenigingen",
            municipality_role="meedenken",
            status="idee",
            target_date="31-12-2026",
            source="kernavond maart 2025",
        ),
        progress=(("Werkgroep gestart; eerste gesprek met het stichtingsbestuur.", "gepland"),),
    ),
    DemoItem(
        _item(
            "Jeugd",
            "Een eigen plek voor de jeugd",
            problem="Jongeren tussen 12 en 18 hangen rond bij de bushalte; er is geen plek "
            "van henzelf.",
            desired_result="Een opgeknapte jongerenruimte die de jongeren zelf beheren.",
            kind="project",
            owner="inwoners",
            partners="jongerenwerk",
            municipality_role="faciliteren",
            status="gepland",
            start_date="01-10-2026",
            target_date="30-06-2027",
            budget="6.000",
            budget_source="festival",
            source="initiatievenfestival 2026",
        ),
        link="initiatief",
        link_words=("jongeren", "jeugd"),
    ),
    DemoItem(
        _item(
            "Groen & openbare ruimte",
            "Bloeiende bermen langs de dijk",
            problem="De bermen worden kort gemaaid en zijn kaal; weinig bijen en vlinders.",
            desired_result="Een kilometer bloemrijke berm, met gefaseerd maaibeheer.",
            kind="klus",
            owner="inwoners",
            partners="waterschap",
            municipality_role="faciliteren",
            status="in uitvoering",
            start_date="01-03-2025",
            target_date="30-09-2025",
            budget="400",
            budget_source="leefbaarheidsbudget",
            source="werkgroep Groen",
        ),
        progress=(("Bloemenmengsel ingezaaid door twaalf vrijwilligers.", "afgerond"),),
    ),
    DemoItem(
        _item(
            "Groen & openbare ruimte",
            "Hondenpoep op het speelveld",
            problem="Ouders klagen over hondenpoep op het grasveld waar kinderen spelen.",
            desired_result="Een hondenuitlaatstrook buiten het speelveld en duidelijke bordjes.",
            kind="klus",
            owner="gemeente",
            municipality_role="uitvoeren",
            status="idee",
            source="enquête 2024",
        ),
    ),
    DemoItem(
        _item(
            "Zorg & welzijn",
            "Koffieochtend voor ouderen",
            problem="Alleenstaande ouderen zien elkaar weinig sinds de winkel sloot.",
            desired_result="Elke tweede dinsdag een koffieochtend in het dorpshuis.",
            kind="klus",
            owner="inwoners",
            partners="welzijnsorganisatie, kerk",
            municipality_role="faciliteren",
            status="in uitvoering",
            start_date="01-05-2025",
            source="kernavond maart 2025",
        ),
    ),
    DemoItem(
        _item(
            "Duurzaamheid",
            "Zonnepanelen op het dak van het dorpshuis",
            problem="De energierekening drukt zwaar op de begroting van het dorpshuis.",
            desired_result="Zonnepanelen op het dak, eigendom van een dorpscoöperatie.",
            kind="project",
            owner="samen",
            partners="Stichting Dorpshuis Ingen",
            municipality_role="meedenken",
            feasibility="Eerst moet duidelijk zijn of het dorpshuis blijft.",
            status="geparkeerd",
            budget="18.500",
            budget_source="fonds",
            source="werkgroep Duurzaam",
        ),
    ),
    DemoItem(
        _item(
            "Verkeer & veiligheid",
            "Verlichting op het fietspad naar de bushalte",
            problem="Het fietspad langs de boomgaarden is 's avonds aardedonker.",
            desired_result="Zuinige, insectvriendelijke verlichting over het hele traject.",
            kind="project",
            owner="gemeente",
            municipality_role="uitvoeren",
            status="gepland",
            start_date="01-01-2027",
            target_date="30-06-2027",
            budget="28.000",
            budget_source="regulier",
            source="enquête 2024",
        ),
    ),
    DemoItem(
        _item(
            "Voorzieningen",
            "Snel internet in het buitengebied",
            problem="Een deel van de boerderijen en woningen aan de dijk had geen glasvezel.",
            desired_result="Elk adres in Ingen kan een glasvezelaansluiting krijgen.",
            kind="project",
            owner="andere organisatie",
            partners="netbeheerder",
            municipality_role="informeren",
            status="afgerond",
            start_date="01-01-2025",
            target_date="31-12-2025",
            source="kernavond maart 2025",
        ),
    ),
    DemoItem(
        _item(
            "Ontmoeting & verenigingen",
            "Dorpsagenda en nieuwsbrief",
            problem="Activiteiten van verenigingen zijn slecht te vinden.",
            desired_result="Eén dorpsagenda online en een maandelijkse nieuwsbrief op papier.",
            kind="klus",
            owner="kernbelangenorganisatie",
            municipality_role="informeren",
            status="in uitvoering",
            start_date="01-06-2025",
            source="kernavond maart 2025",
        ),
    ),
    DemoItem(
        _item(
            "Wonen",
            "Tiny houses op het oude sportveld",
            problem="Een paar jongeren vroegen om kleine woningen op tijdelijke grond.",
            kind="idee",
            owner="inwoners",
            municipality_role="meedenken",
            status="idee",
            source="kernavond maart 2025",
        ),
        progress=(
            (
                "Het oude sportveld blijkt nodig voor waterberging; het idee kan hier niet.",
                "niet haalbaar",
            ),
        ),
    ),
)

ZOELEN = (
    DemoItem(
        _item(
            "Verkeer & veiligheid",
            "Vrachtverkeer door de dorpsstraat",
            problem="Zware vrachtwagens rijden door de smalle dorpsstraat om de file te ontlopen.",
            desired_result="Een inrijverbod voor vrachtverkeer boven 12 ton, bestemmingsverkeer "
            "uitgezonderd.",
            kind="project",
            priority="speerpunt 1",
            owner="gemeente",
            partners="Dorpsbelangen Zoelen",
            municipality_role="uitvoeren",
            status="gepland",
            start_date="01-05-2025",
            target_date="01-03-2026",
            budget="12.000",
            budget_source="regulier",
            source="kernavond februari 2025",
            last_discussed="18-02-2025",
        ),
        progress=(("Verkeerstelling gedaan: 140 vrachtwagens per werkdag.", "in uitvoering"),),
    ),
    DemoItem(
        _item(
            "Wonen",
            "Seniorenwoningen bij het dorpshuis",
            problem="Ouderen die kleiner willen wonen, moeten nu naar Tiel of Buren.",
            desired_result="Acht levensloopbestendige woningen naast het dorpshuis.",
            kind="project",
            priority="speerpunt 2",
            owner="samen",
            partners="woningcorporatie, Dorpsbelangen Zoelen",
            municipality_role="meedenken",
            status="gepland",
            start_date="01-01-2026",
            target_date="31-12-2028",
            source="kernavond februari 2025",
            last_discussed="18-02-2025",
        ),
    ),
    DemoItem(
        _item(
            "Ontmoeting & verenigingen",
            "Jaarlijks dorpsfeest",
            problem="Nieuwe inwoners kennen het dorp nauwelijks.",
            desired_result="Elk jaar een dorpsfeest op de brink, door alle verenigingen samen.",
            kind="project",
            priority="speerpunt 3",
            owner="inwoners",
            partners="Oranjevereniging, Buurtvereniging De Linge",
            municipality_role="financieren",
            status="in uitvoering",
            start_date="01-04-2025",
            budget="750",
            budget_source="leefbaarheidsbudget",
            source="kernavond februari 2025",
        ),
        progress=(("Dorpsfeest 2025 gehouden met ruim 300 bezoekers; draaiboek ligt klaar.", ""),),
        link="aanvraag",
        link_words=("dorpsfeest", "feest"),
    ),
    DemoItem(
        _item(
            "Ontmoeting & verenigingen",
            "Jeu-de-boulesbaan bij het dorpshuis",
            problem="Voor ouderen is er in Zoelen weinig te doen in de buitenlucht.",
            desired_result="Een verlichte baan met bank, onderhouden door een nieuwe club.",
            kind="klus",
            owner="inwoners",
            municipality_role="faciliteren",
            status="gepland",
            start_date="01-10-2026",
            target_date="01-05-2027",
            budget="4.500",
            budget_source="festival",
            source="initiatievenfestival 2026",
        ),
        link="initiatief",
        link_words=("jeu-de-boules", "boules"),
    ),
    DemoItem(
        _item(
            "Groen & openbare ruimte",
            "Hoogstamboomgaard van het dorp",
            problem="De oude boomgaard aan de dijk verwildert.",
            desired_result="Snoeien en bijplanten met vrijwilligers; elk najaar een plukdag.",
            kind="klus",
            owner="inwoners",
            partners="Werkgroep Groen Zoelen",
            municipality_role="faciliteren",
            status="in uitvoering",
            start_date="01-11-2025",
            budget="1.200",
            budget_source="fonds",
            source="werkgroep Groen",
        ),
    ),
    DemoItem(
        _item(
            "Jeugd",
            "Trapveldje opknappen",
            problem="De doelen zijn kapot en het gras is een modderbak.",
            desired_result="Nieuwe doelen en een drainerend veld.",
            kind="klus",
            owner="gemeente",
            municipality_role="uitvoeren",
            status="idee",
            source="kinderraad basisschool",
        ),
    ),
    DemoItem(
        _item(
            "Voorzieningen",
            "Geldautomaat of geldservice in het dorp",
            problem="Sinds de geldautomaat weg is, moeten ouderen voor contant geld naar Tiel.",
            desired_result="Een geldservicepunt in de winkel of een vaste rijdende service.",
            kind="idee",
            owner="andere organisatie",
            municipality_role="informeren",
            feasibility="Banken willen er niet aan; wachten op landelijke afspraken.",
            status="geparkeerd",
            source="kernavond februari 2025",
        ),
    ),
    DemoItem(
        _item(
            "Zorg & welzijn",
            "Buurtbus naar de huisarts",
            problem="Zonder auto is de huisarts in de buurkern lastig te bereiken.",
            desired_result="Een vrijwillige buurtbus op vaste dagen.",
            kind="idee",
            owner="samen",
            partners="welzijnsorganisatie",
            municipality_role="meedenken",
            status="idee",
            source="enquête 2024",
        ),
    ),
    DemoItem(
        _item(
            "Duurzaamheid",
            "Warmtescan-avonden",
            problem="Veel oude woningen lekken warmte; bewoners weten niet waar te beginnen.",
            desired_result="Drie avonden met een warmtecamera en advies op maat.",
            kind="klus",
            owner="inwoners",
            partners="energiecoaches",
            municipality_role="faciliteren",
            status="in uitvoering",
            start_date="01-11-2025",
            target_date="31-03-2026",
            budget="600",
            budget_source="regulier",
            source="werkgroep Duurzaam",
        ),
        progress=(("Drie avonden gehouden; 41 huishoudens deden mee.", "afgerond"),),
    ),
    DemoItem(
        _item(
            "Verkeer & veiligheid",
            "Snelheidsdisplay op de dijk",
            problem="Op de dijk wordt veel te hard gereden.",
            desired_result="Een display dat de snelheid toont, drie maanden per jaar.",
            kind="klus",
            owner="gemeente",
            municipality_role="uitvoeren",
            status="afgerond",
            start_date="01-06-2025",
            target_date="01-09-2025",
            budget="2.500",
            budget_source="regulier",
            source="kernavond februari 2025",
        ),
    ),
    DemoItem(
        _item(
            "Groen & openbare ruimte",
            "Zwerfvuilprikdag",
            problem="Langs de wegen naar het dorp ligt veel zwerfvuil.",
            desired_result="Twee keer per jaar een prikdag met de basisschool.",
            kind="klus",
            owner="inwoners",
            partners="basisschool",
            municipality_role="faciliteren",
            status="in uitvoering",
            start_date="01-03-2025",
            source="kinderraad basisschool",
        ),
    ),
)

#: Zoelen after its agenda was vastgesteld: a new wish, a change and an item taken off.
ZOELEN_NEW = _item(
    "Duurzaamheid",
    "Laadpaal bij het dorpshuis",
    problem="Steeds meer inwoners rijden elektrisch, maar er is geen openbare laadpaal.",
    desired_result="Twee openbare laadpunten op het parkeerterrein van het dorpshuis.",
    kind="klus",
    owner="gemeente",
    municipality_role="uitvoeren",
    status="idee",
    source="kernavond oktober 2026",
)
ZOELEN_PROGRESS = (
    "Seniorenwoningen bij het dorpshuis",
    "Principeverzoek ingediend; de corporatie maakt een schetsontwerp.",
    "in uitvoering",
)
ZOELEN_REMOVED = (
    "Trapveldje opknappen",
    "Samengevoegd met het plan voor het nieuwe schoolplein.",
)
