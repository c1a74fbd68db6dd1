"""Who may do what: the one role × action table, and the caller every service takes.

Every domain service that reads personal data or changes anything takes a :data:`Caller` as a
required argument and asks :func:`require` before it acts. A caller is a logged-in
:class:`~festival.domain.roles.User` or a :class:`SystemCaller`, a named stand-in for work
no person does at a keyboard (migrations, demo data, the seeded kernen, the command line's
one-time bootstrapping). Screens and the command line log a user in and pass that user: they
are just two ways to be a caller, and neither decides permissions itself.

Features add their own actions with :func:`action`; the table is the union of all of them, so
a test can walk every role × every action.
"""

from __future__ import annotations

from dataclasses import dataclass

from festival.core.errors import NotAllowed
from festival.domain.roles import Role, User
from festival.store.database import Actor


@dataclass(frozen=True)
class SystemCaller:
    """Work done on nobody's keyboard, under a name that the audit log shows.

    A system caller may do every action: it stands for the operator of the machine (migrations,
    demo data, the first coordinator of an empty database). Use one only where no person can be
    logged in.
    """

    name: str

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name)


Caller = User | SystemCaller

#: Seeding the committed kernen and migrating a new database.
SYSTEM = SystemCaller("systeem")
#: Filling a database with the invented demo festival.
DEMO = SystemCaller("systeem (demodata)")


@dataclass(frozen=True)
class Action:
    """Something a caller may be allowed to do.

    ``refusal`` is the Dutch sentence a refused caller reads; ``{kern}`` in it is replaced by
    the kern's name where the service knows it. ``per_kern`` actions are allowed to a
    kernregisseur only for the kernen assigned to them.
    """

    key: str
    refusal: str
    roles: frozenset[Role]
    per_kern: bool = False


_TABLE: dict[str, Action] = {}


def action(key: str, refusal: str, *roles: Role, per_kern: bool = False) -> Action:
    """Declare an action and add it to the table (a key is declared once)."""
    if key in _TABLE:
        raise ValueError(f"action {key!r} is declared twice")
    declared = Action(key=key, refusal=refusal, roles=frozenset(roles), per_kern=per_kern)
    _TABLE[key] = declared
    return declared


def table() -> list[Action]:
    """Every declared action, in the order they were declared."""
    return list(_TABLE.values())


def find(key: str) -> Action:
    """The declared action ``key``; ValueError for a key nobody declared."""
    try:
        return _TABLE[key]
    except KeyError:
        raise ValueError(f"action {key!r} is not declared") from None


def role_may(caller: Caller, act: Action) -> bool:
    """Whether ``caller``'s role may ever do ``act`` (for some kern, where it is per kern).

    The command line asks this before a subcommand starts, so a refused user reads the
    refusal before any file is read; the service still asks :func:`require` with the kern.
    """
    if isinstance(caller, SystemCaller):
        return True
    return caller.active and caller.role in act.roles


def allowed(caller: Caller, act: Action, *, kern_id: int | None = None) -> bool:
    if isinstance(caller, SystemCaller):
        return True
    if not caller.active or caller.role not in act.roles:
        return False
    if act.per_kern and caller.role is Role.KERNREGISSEUR:
        return kern_id is not None and kern_id in caller.kern_ids
    return True


def require(
    caller: Caller, act: Action, *, kern_id: int | None = None, kern_name: str = ""
) -> None:
    """Raise :class:`NotAllowed` with the action's Dutch refusal unless ``caller`` may act."""
    if not allowed(caller, act, kern_id=kern_id):
        raise NotAllowed(act.refusal.replace("{kern}", kern_name or "deze kern"))


C, D, J, K = Role.COORDINATOR, Role.DESK, Role.JURY, Role.KERNREGISSEUR

# -- the festival's actions (refusals as the screens have always shown them) ---------------
# Accounts and the municipality's master data
USERS_MANAGE = action("users.manage", "Alleen de coördinator beheert gebruikers.", C)
USERS_LIST = action("users.list", "Alleen de coördinator ziet de lijst van gebruikers.", C)
KERNEN_MANAGE = action("kernen.manage", "Alleen de coördinator beheert de kernen.", C)
FESTIVAL_MANAGE = action("festival.manage", "Alleen de coördinator legt een festival vast.", C)

# The leefbaarheidsbudget
BUDGET_SET = action(
    "budget.set", "Alleen de coördinator stelt het jaarbudget en de reserve vast.", C
)
APPLICATION_EDIT = action(
    "budget.application",
    "U mag geen aanvragen van {kern} wijzigen "
    "(alleen de coördinator of de kernregisseur van die kern).",
    C,
    K,
    per_kern=True,
)
BUDGET_IMPORT = action("budget.import", "Aanvragen importeren mag alleen de coördinator.", C)
# The applications name their applicants: the same roles as the budget screen.
BUDGET_EXPORT = action(
    "budget.export",
    "De aanvragen exporteren mag alleen de coördinator of een kernregisseur.",
    C,
    K,
)

# Registrations and the desk (personal data)
REGISTRATIONS_IMPORT = action(
    "registrations.import", "Aanmeldingen importeren mag alleen de coördinator.", C
)
REGISTRATIONS_LIST = action(
    "registrations.list", "De lijst van aanmeldingen inzien mag alleen de coördinator.", C
)
REGISTRATIONS_SEARCH = action(
    "registrations.search", "Aanmeldingen doorzoeken mag alleen de coördinator.", C
)
DUPLICATES_REVIEW = action(
    "registrations.duplicates", "Dubbele aanmeldingen beoordelen mag alleen de coördinator.", C
)
REGISTRATIONS_MERGE = action(
    "registrations.merge", "Aanmeldingen samenvoegen mag alleen de coördinator.", C
)
DESK_SEARCH = action("desk.search", "Zoeken op naam mag alleen de balie of de coördinator.", C, D)
CHECK_IN = action("desk.checkin", "Inchecken mag alleen de balie of de coördinator.", C, D)
WALK_IN = action(
    "desk.walk_in", "Een walk-in inschrijven mag alleen de balie of de coördinator.", C, D
)
BADGE_PRINT = action("desk.badge", "Een badge printen mag alleen de balie of de coördinator.", C, D)
CHECK_IN_UNDO = action("desk.undo", "Een check-in ongedaan maken mag alleen de coördinator.", C)
BADGE_REPRINT = action("desk.reprint", "Een badge opnieuw printen mag alleen de coördinator.", C)
ATTENDANCE_EXPORT = action(
    "attendance.export", "De aanwezigheidslijst exporteren mag alleen de coördinator.", C
)
PRIVACY_EXPORT = action("privacy.export", "Persoonsgegevens inzien mag alleen de coördinator.", C)
PRIVACY_PURGE = action("privacy.purge", "Persoonsgegevens wissen mag alleen de coördinator.", C)

# The jury
INITIATIVES_IMPORT = action(
    "initiatives.import", "Initiatieven importeren mag alleen de coördinator.", C
)
CRITERIA_MANAGE = action("jury.criteria", "Criteria vastleggen mag alleen de coördinator.", C)
PROGRAMME_MANAGE = action(
    "jury.programme", "Het programma samenstellen mag alleen de coördinator.", C
)
JURORS_MANAGE = action("jury.jurors", "De jury samenstellen mag alleen de coördinator.", C)
JURY_SETTINGS = action(
    "jury.settings", "De publieksstem en normalisatie instellen mag alleen de coördinator.", C
)
STAGE_RUN = action("jury.stage", "De huidige pitch kiezen mag alleen de coördinator.", C)
SCORE = action("jury.score", "Alleen het jurylid zelf kan zijn of haar scores opslaan.", J)
PAPER_SCORES = action("jury.paper", "Papieren scores invoeren mag alleen de coördinator.", C)
JURY_BOARD = action("jury.board", "De voortgang van de jury ziet alleen de coördinator.", C)
JURY_LOCK = action("jury.lock", "Het scoren vergrendelen mag alleen de coördinator.", C)
JURY_UNLOCK = action("jury.unlock", "Het scoren ontgrendelen mag alleen de coördinator.", C)
JURY_PUBLISH = action("jury.publish", "De uitslag publiceren mag alleen de coördinator.", C)
# A juror reads the ranking only after publication: that rule is in the jury's ranking service.
RANKING_READ = action(
    "jury.ranking", "De rangschikking is zichtbaar nadat de coördinator publiceert.", C, J
)
JURY_EXPORT = action("jury.export", "De juryscores exporteren mag alleen de coördinator.", C)
# The sheets name every juror and their conflicts.
JURY_SHEETS = action(
    "jury.sheets", "Scoreformulieren voor de jury maken mag alleen de coördinator.", C
)

# The allocation
ALLOCATION_CONFIGURE = action(
    "allocation.configure", "De verdeelregels vastleggen mag alleen de coördinator.", C
)
ALLOCATION_OVERRIDE = action(
    "allocation.override", "Een toekenning aanpassen mag alleen de coördinator.", C
)
ALLOCATION_UNDO_OVERRIDE = action(
    "allocation.undo_override", "Een aanpassing terugdraaien mag alleen de coördinator.", C
)
ALLOCATION_BALLOTS = action(
    "allocation.ballots", "Publieksstemmen inlezen mag alleen de coördinator.", C
)
ALLOCATION_LOCK = action(
    "allocation.lock", "De verdeling vaststellen mag alleen de coördinator.", C
)
ALLOCATION_PUBLISH = action(
    "allocation.publish", "De verdeling publiceren mag alleen de coördinator.", C
)
# The decision for the college and its pabulib file, written from the locked record.
ALLOCATION_EXPORT = action(
    "allocation.export", "De vastgestelde verdeling exporteren mag alleen de coördinator.", C
)
# A juror withdraws their own conflict under SCORE; this is the coordinator's, with a reason.
CONFLICT_WITHDRAW = action(
    "jury.conflict_withdraw",
    "Een gemelde belangenverstrengeling intrekken mag alleen het jurylid zelf of de coördinator.",
    C,
)
# The desk corrects its own mistake: a check-in it made itself, in the last ten minutes (the
# rule about whose and how recent is in festival.domain.checkin.undo_check_in).
CHECK_IN_UNDO_OWN = action(
    "desk.undo_own",
    "Een eigen check-in ongedaan maken mag alleen de balie of de coördinator.",
    C,
    D,
)

# The festival day on the hall network (festival serve)
SERVE_START = action(
    "serve.start", "De app in de browsers van de zaal openzetten mag alleen de coördinator.", C
)
TERMINALS_MANAGE = action(
    "serve.terminals",
    "De verbonden terminals zien en beëindigen mag alleen de coördinator.",
    C,
)
TERMINAL_OWN = action(
    "serve.own_terminal",
    "Alleen een ingelogde gebruiker meldt zich op de eigen terminal.",
    C,
    D,
    J,
    K,
)
KIOSK_RUN = action("kiosk.run", "Een stemzuil openen mag alleen de balie of de coördinator.", C, D)
KIOSK_VOTING = action("kiosk.voting", "Het stemmen openen of sluiten mag alleen de coördinator.", C)
