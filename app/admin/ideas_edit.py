"""Staff edit an idea's words; what it said before is kept beside it (idea_edit), and the audit
log says that it was edited, never what it says."""

from sqlmodel import Session, col, select

from app.admin import audit
from app.admin.forms import N_, FormError
from app.admin.text_edits import Change
from app.ideas.vocab import TEXT_MAX, TITLE_MAX
from app.models import Board, Idea, IdeaEdit, User
from app.models.common import utcnow


def idea_for(session: Session, user: User, idea_id: str) -> tuple[Idea, Board] | None:
    """An idea on one of the organisation's boards, with its board, or None."""
    idea = session.get(Idea, idea_id[:36])
    board = session.get(Board, idea.board_id) if idea else None
    if idea is None or board is None or board.organisation_id != user.organisation_id:
        return None
    return idea, board


def history(session: Session, idea: Idea) -> list[Change]:
    """The idea's earlier words, newest first, with who replaced them."""
    rows = session.exec(
        select(IdeaEdit, User.username)
        .outerjoin(User, col(User.id) == IdeaEdit.edited_by)
        .where(IdeaEdit.idea_id == idea.id)
        .order_by(col(IdeaEdit.created_at).desc(), col(IdeaEdit.id).desc())
    ).all()
    return [Change(e.field, e.before, e.after, who or "", e.created_at) for e, who in rows]


def edit(session: Session, user: User, idea: Idea, board: Board, title: str, description: str) -> bool:
    """Change the title and description, keeping each replaced text; False when nothing changed."""
    title, description = title.strip(), description.replace("\r\n", "\n").strip()
    errors = {}
    if not 1 <= len(title) <= TITLE_MAX:
        errors["title"] = N_("Write a title (at most 200 characters).")
    if not 1 <= len(description) <= TEXT_MAX:
        errors["description"] = N_("Write the idea (it cannot be empty or too long).")
    if errors:
        raise FormError(errors)
    changed = False
    for name, new in (("title", title), ("description", description)):
        old = getattr(idea, name)
        if new != old:
            session.add(IdeaEdit(idea_id=idea.id, field=name, before=old, after=new, edited_by=user.id))
            setattr(idea, name, new)
            changed = True
    if changed:
        idea.updated_at = utcnow()
        session.add(idea)
        audit.record(session, user, "idea.edit", f"{board.title} ({board.slug})")
    return changed
