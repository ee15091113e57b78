"""Staff correct what residents wrote: a comment on an idea or a survey comment (ideas: ideas_edit).

The new words replace the old ones everywhere they are shown (boards, results pages, reports and
the workshop quotes that copy a survey comment); the words before and after each edit are kept in
an edit table (idea_comment_edit, answer_edit) that only staff see, deleted with the comment. The
audit log says that a text was edited and where, never what it says.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import literal, select, union_all
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from app.admin import audit
from app.admin.forms import N_, FormError
from app.config import get_settings
from app.ideas.vocab import TEXT_MAX
from app.models import (
    Answer,
    AnswerEdit,
    Board,
    Campaign,
    Idea,
    IdeaComment,
    IdeaCommentEdit,
    IdeaEdit,
    Response,
    User,
    Workshop,
)
from app.results.masking import mask
from app.results.service import KINDS as SURVEY_KINDS
from app.workshops.content import quote_key


@dataclass
class Target:
    """A text staff may edit: its queue key ("survey:<response>:<theme>:<kind>" or
    "comment:<id>"), the words now (a survey comment's masked) and where it was written."""

    key: str
    kind: str
    text: str
    about: str
    where: str
    row: Any  # the Answer or the IdeaComment
    place: Any  # the Campaign or the Board


@dataclass
class Change:
    """One kept edit: the words before and after (masked for survey comments), who and when."""

    field: str
    before: str
    after: str | None
    who: str
    when: datetime


@dataclass
class Mark:
    """What the queue shows under an edited text: the first words of each edited field, and the
    last edit's author and time."""

    who: str
    when: datetime
    originals: list[tuple[str, str]]


def find(session: Session, user: User, key: str) -> Target | None:
    """The organisation's survey comment or idea comment with this queue key, or None."""
    kind, _, rest = key.partition(":")
    if kind == "survey":
        response_id, _, theme_kind = rest.partition(":")
        theme, _, which = theme_kind.partition(":")
        if which not in SURVEY_KINDS:
            return None
        answer = session.get(Answer, (response_id[:36], theme[:40]))
        response = session.get(Response, response_id[:36]) if answer else None
        campaign = session.get(Campaign, response.campaign_id) if response else None
        text = getattr(answer, which) if answer else None
        if campaign is None or campaign.organisation_id != user.organisation_id or not text:
            return None
        return Target(f"survey:{response_id}:{theme}:{which}", which, mask(text), theme, campaign.title,
                      answer, campaign)
    if kind == "comment":
        comment = session.get(IdeaComment, rest[:36])
        idea = session.get(Idea, comment.idea_id) if comment else None
        board = session.get(Board, idea.board_id) if idea else None
        if comment is None or idea is None or board is None or board.organisation_id != user.organisation_id:
            return None
        return Target(f"comment:{comment.id}", "comment", comment.body, idea.title, board.title, comment,
                      board)
    return None


def history(session: Session, target: Target) -> list[Change]:
    """The target's kept edits, newest first."""
    if target.kind == "comment":
        table: Any = IdeaCommentEdit
        where: list[Any] = [col(IdeaCommentEdit.comment_id) == target.row.id]
    else:
        table = AnswerEdit
        where = [col(AnswerEdit.response_id) == target.row.response_id,
                 col(AnswerEdit.theme) == target.row.theme, col(AnswerEdit.kind) == target.kind]
    rows = session.connection().execute(
        select(table.before, table.after, table.created_at, User.username)  # type: ignore[call-overload]
        .outerjoin(User, col(User.id) == table.edited_by)
        .where(*where).order_by(table.created_at.desc(), table.id.desc())
    )
    shown = mask if target.kind != "comment" else str
    return [Change("", shown(before), shown(after), who or "", when) for before, after, when, who in rows]


def edit(session: Session, user: User, target: Target, text: str) -> bool:
    """Replace the target's words, keeping the old and the new; False when nothing changed."""
    text = text.replace("\r\n", "\n").strip()
    limit = TEXT_MAX if target.kind == "comment" else get_settings().max_comment_chars
    if not text:
        raise FormError({"text": N_("Write the corrected text. To take a text away, hide it instead.")})
    if len(text) > limit:
        raise FormError({"text": N_("The text is too long.")})
    if text == target.text:  # a survey comment's is masked: saving it unchanged changes nothing
        return False
    if target.kind == "comment":
        comment: IdeaComment = target.row
        session.add(IdeaCommentEdit(comment_id=comment.id, before=comment.body, after=text,
                                    edited_by=user.id))
        comment.body = text
        session.add(comment)
        audit.record(session, user, "comment.edit", f"{target.place.title} ({target.place.slug})")
        return True
    answer: Answer = target.row
    before = getattr(answer, target.kind)
    session.add(AnswerEdit(response_id=answer.response_id, theme=answer.theme, kind=target.kind,
                           before=before, after=text, edited_by=user.id))
    setattr(answer, target.kind, text)
    session.add(answer)
    _requote(session, target.place, answer.theme, target.kind, before, text)
    audit.record(session, user, "survey.edit", f"{target.place.title} ({target.place.slug})")
    return True


def _requote(session: Session, campaign: Campaign, theme: str, kind: str, before: str, after: str) -> None:
    """Workshop quotes copy a survey comment's masked words: they take the corrected ones."""
    old = {before, mask(before)}
    for workshop in session.exec(select_rows(Workshop)).all():
        quotes = []
        for q in workshop.quotes:
            if (q.get("campaign_id"), q.get("theme"), q.get("kind")) == (campaign.id, theme, kind) \
                    and q.get("text") in old:
                text = mask(after)
                key = quote_key(int(campaign.id or 0), str(q.get("area")), theme, kind, text)
                q = {**q, "text": text, "key": key}
            quotes.append(q)
        if quotes != workshop.quotes:
            workshop.quotes = quotes
            session.add(workshop)


def marks(session: Session, keys: list[str]) -> dict[str, Mark]:
    """For the queue keys of one page, the edited ones' marks; one statement whatever the page."""
    survey: dict[str, set[str]] = {"response": set(), "theme": set()}
    comments, ideas = [], []
    for key in keys:
        kind, _, rest = key.partition(":")
        if kind == "survey":
            response_id, _, theme_kind = rest.partition(":")
            survey["response"].add(response_id)
            survey["theme"].add(theme_kind.partition(":")[0])
        elif kind == "comment":
            comments.append(rest)
        elif kind == "idea":
            ideas.append(rest)
    a, c, i = AnswerEdit, IdeaCommentEdit, IdeaEdit
    parts = [
        select(literal("survey").label("kind"), col(a.response_id).label("a"), col(a.theme).label("b"),
               col(a.kind).label("c"), col(a.before).label("before"), col(a.edited_by).label("by"),
               col(a.created_at).label("at"), col(a.id).label("n"))
        .where(col(a.response_id).in_(sorted(survey["response"])), col(a.theme).in_(sorted(survey["theme"]))),
        select(literal("comment"), col(c.comment_id), literal(""), literal(""), col(c.before),
               col(c.edited_by), col(c.created_at), col(c.id))
        .where(col(c.comment_id).in_(comments)),
        select(literal("idea"), col(i.idea_id), literal(""), col(i.field), col(i.before),
               col(i.edited_by), col(i.created_at), col(i.id))
        .where(col(i.idea_id).in_(ideas)),
    ]
    edits = union_all(*parts).subquery()
    e = edits.c
    query = (select(e.kind, e.a, e.b, e.c, e.before, e.at, col(User.username))
             .outerjoin(User, col(User.id) == e.by).order_by(e.at, e.n))
    found: dict[str, Mark] = {}
    for kind, a_, b_, c_, before, at, who in session.connection().execute(query):
        key = f"survey:{a_}:{b_}:{c_}" if kind == "survey" else f"{kind}:{a_}"
        field = c_ if kind == "idea" else ""
        if kind == "survey":
            before = mask(before)
        mark = found.setdefault(key, Mark(who or "", at, []))
        mark.who, mark.when = who or "", at
        if field not in {f for f, _ in mark.originals}:  # the oldest words of each field
            mark.originals.append((field, before))
    wanted = set(keys)
    return {k: m for k, m in found.items() if k in wanted}
