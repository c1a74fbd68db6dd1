"""The jury: criteria, the pitch programme, jurors, scores, conflicts, locking and ranking.

Permissions live in the services, not in the screens: every service that changes anything or
reads scores takes the caller and asks :mod:`festival.domain.permissions`. This package's
modules each do one job; the names below are the ones the rest of the code uses.
"""

from festival.domain.jury.board import board as board
from festival.domain.jury.codes import initiative_code as initiative_code
from festival.domain.jury.criteria import add_criterion as add_criterion
from festival.domain.jury.criteria import delete_criterion as delete_criterion
from festival.domain.jury.criteria import list_criteria as list_criteria
from festival.domain.jury.criteria import parse_levels as parse_levels
from festival.domain.jury.criteria import reset_criteria as reset_criteria
from festival.domain.jury.criteria import update_criterion as update_criterion
from festival.domain.jury.criteria import validate_criterion as validate_criterion
from festival.domain.jury.exports import ExportReport as ExportReport
from festival.domain.jury.exports import export_scores as export_scores
from festival.domain.jury.initiatives_io import InitiativeImportReport as InitiativeImportReport
from festival.domain.jury.initiatives_io import import_initiatives as import_initiatives
from festival.domain.jury.models import MAX_CRITERIA as MAX_CRITERIA
from festival.domain.jury.models import MIN_CRITERIA as MIN_CRITERIA
from festival.domain.jury.models import Board as Board
from festival.domain.jury.models import BoardCell as BoardCell
from festival.domain.jury.models import Criterion as Criterion
from festival.domain.jury.models import CriterionInput as CriterionInput
from festival.domain.jury.models import JuryState as JuryState
from festival.domain.jury.models import JuryStatus as JuryStatus
from festival.domain.jury.models import OwnScores as OwnScores
from festival.domain.jury.models import Pitch as Pitch
from festival.domain.jury.models import RankedInitiative as RankedInitiative
from festival.domain.jury.models import UndoneSave as UndoneSave
from festival.domain.jury.paper import PaperImportReport as PaperImportReport
from festival.domain.jury.paper import import_paper_scores as import_paper_scores
from festival.domain.jury.paper import key_sheet_row as key_sheet_row
from festival.domain.jury.paper import score_sheets_pdf as score_sheets_pdf
from festival.domain.jury.paper import sheet_keys as sheet_keys
from festival.domain.jury.programme import festivals_of_juror as festivals_of_juror
from festival.domain.jury.programme import list_initiatives as list_initiatives
from festival.domain.jury.programme import list_jurors as list_jurors
from festival.domain.jury.programme import list_pitches as list_pitches
from festival.domain.jury.programme import move_pitch as move_pitch
from festival.domain.jury.programme import set_current as set_current
from festival.domain.jury.programme import set_juror as set_juror
from festival.domain.jury.programme import set_selected as set_selected
from festival.domain.jury.ranking import ranking as ranking
from festival.domain.jury.ranking import read_ranking as read_ranking
from festival.domain.jury.scoring import declare_conflict as declare_conflict
from festival.domain.jury.scoring import own_scores as own_scores
from festival.domain.jury.scoring import save_scores as save_scores
from festival.domain.jury.scoring import undo_last_save as undo_last_save
from festival.domain.jury.scoring import withdraw_conflict as withdraw_conflict
from festival.domain.jury.state import get_state as get_state
from festival.domain.jury.state import lock as lock
from festival.domain.jury.state import publish as publish
from festival.domain.jury.state import set_audience as set_audience
from festival.domain.jury.state import unlock as unlock
