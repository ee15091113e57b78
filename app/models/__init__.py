"""All tables, imported here so Alembic and the app see the same metadata."""

# First: it sets the naming convention, and a constraint is named when it joins its table.
import app.models.common  # noqa: F401
from app.models.accounts import ApiToken, Organisation, StaffSession, User
from app.models.audit import AnswerEdit, AuditEvent, IdeaCommentEdit, IdeaEdit, LoginLink
from app.models.branding import OrganisationBrand
from app.models.campaigns import Area, Campaign
from app.models.classes import ClassPupil, ClassSession, YouthStatement
from app.models.dilemmas import DilemmaAnswer, DilemmaGroup, DilemmaPrinciple, DilemmaSession
from app.models.disclosure import ResultRelease
from app.models.drafts import Draft
from app.models.fieldwork import FieldNote, FieldSession
from app.models.ideas import Board, Challenge, Idea, IdeaComment, IdeaEvent, IdeaFlag, Support
from app.models.invitations import InvitationCode
from app.models.outcomes import Assignment, Outcome, OutcomeEvent, OutcomeSource, Unit
from app.models.responses import Answer, ProfileAnswer, Response
from app.models.results import CommentReview, PopulationCount, ProfileTally, ResultTally
from app.models.staff import LoginFailure
from app.models.surveys import SurveyDefinition
from app.models.sustainability import FundingScheme, Worksheet, WorksheetAnswer, WorksheetContent
from app.models.workshops import Ballot, LookupFailure, OutcomeItem, VoteRound, Workshop, WorkshopFigure

__all__ = [
    "Answer",
    "AuditEvent",
    "IdeaEdit",
    "IdeaCommentEdit",
    "AnswerEdit",
    "LoginLink",
    "FieldNote",
    "FieldSession",
    "LoginFailure",
    "ApiToken",
    "InvitationCode",
    "Board",
    "Challenge",
    "Idea",
    "IdeaComment",
    "IdeaEvent",
    "IdeaFlag",
    "Support",
    "Area",
    "Campaign",
    "ClassPupil",
    "ClassSession",
    "DilemmaAnswer",
    "DilemmaGroup",
    "DilemmaPrinciple",
    "DilemmaSession",
    "Draft",
    "Organisation",
    "OrganisationBrand",
    "ProfileAnswer",
    "CommentReview",
    "PopulationCount",
    "ProfileTally",
    "ResultRelease",
    "ResultTally",
    "Response",
    "StaffSession",
    "SurveyDefinition",
    "FundingScheme",
    "Worksheet",
    "WorksheetAnswer",
    "WorksheetContent",
    "User",
    "Ballot",
    "LookupFailure",
    "OutcomeItem",
    "Assignment",
    "Outcome",
    "OutcomeEvent",
    "OutcomeSource",
    "Unit",
    "VoteRound",
    "Workshop",
    "WorkshopFigure",
    "YouthStatement",
]
