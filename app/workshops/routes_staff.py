"""Staff pages: prepare a workshop, pick quotes and ideas, add figures, run rounds, record the outcome."""

from fastapi import Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.auth.web import require, same_organisation
from app.common.paging import page_number
from app.db import ReadSession, WriteSession
from app.i18n import negotiate
from app.ideas.vocab import ACTORS
from app.models import User
from app.models.workshops import OutcomeItem, Workshop, WorkshopFigure
from app.web.routing import Router
from app.web.security import verify_csrf
from app.web.templating import gettext_for, render
from app.workshops import content, deck, records, service, toolbox, voting, youth
from app.workshops.service import WorkshopForm
from app.workshops.vocab import COMPARISONS, OUTCOME_KINDS, PLANS

router = Router(prefix="/staff/workshops", include_in_schema=False)
CSRF = [Depends(verify_csrf)]
MANAGE = require("workshops.manage")


def get_workshop(session: Session, workshop_id: int, user: User) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise HTTPException(404, "Page not found")
    same_organisation(user, workshop.organisation_id)
    return workshop


def _see(workshop: Workshop, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/staff/workshops/{workshop.id}{anchor}", status_code=303)


async def _body(request: Request) -> FormData:
    """The posted form, read before the route runs (routes are plain functions in the thread pool)."""
    return await request.form()


BODY = Depends(_body)


def _read_form(data: FormData) -> WorkshopForm:
    def text(name: str) -> str:
        return str(data.get(name, ""))[:5000]

    def many(name: str) -> list[str]:
        return [str(v)[:200] for v in data.getlist(name)][:200]

    return WorkshopForm(title=text("title"), held_on=text("held_on").strip(), method=text("method"),
                        points=text("points"), campaigns=many("campaigns"), areas=many("areas"),
                        comparisons=many("comparisons"), themes=many("themes"), boards=many("boards"),
                        kind=text("kind") or "politicians", worksheets=many("worksheets"),
                        dilemmas=many("dilemmas"))


def _form(request: Request, session: Session, user: User, form: WorkshopForm,
          workshop: Workshop | None = None, errors: dict | None = None,
          args: dict | None = None) -> HTMLResponse:
    campaigns = service.org_campaigns(session, user)
    return render(request, "workshops/form.html", {
        "user": user, "form": form, "workshop": workshop, "campaigns": campaigns,
        "areas": service.area_choices(session, campaigns), "comparisons": COMPARISONS,
        "themes": service.theme_choices(campaigns, negotiate(request)),
        "boards": service.org_boards(session, user), "errors": errors or {}, "error_args": args or {},
        "kinds": youth.KINDS, "worksheets": toolbox.worksheets(session, user.organisation_id),
        "dilemmas": toolbox.dilemmas(session, user.organisation_id),
    }, status_code=400 if errors else 200)


@router.get("", response_class=HTMLResponse)
def list_workshops(request: Request, session: ReadSession, page: str = "1",
                   user: User = Depends(MANAGE)) -> HTMLResponse:
    """The organisation's workshops, newest first, a page at a time."""
    found = service.workshops_page(session, user, page_number(page))
    return render(request, "workshops/list.html", {
        "user": user, "workshops": found.items, "page": found,
        "page_url": lambda n: f"/staff/workshops?page={n}"})


@router.get("/new", response_class=HTMLResponse)
def new_workshop(request: Request, session: ReadSession,
                 user: User = Depends(MANAGE)) -> HTMLResponse:
    return _form(request, session, user, WorkshopForm())


@router.post("", response_model=None, dependencies=CSRF)
def create_workshop(request: Request, session: WriteSession, data: FormData = BODY,
                    user: User = Depends(MANAGE)) -> Response:
    """Store a new workshop; errors show next to their fields and nothing is stored."""
    form = _read_form(data)
    errors, args = service.validate(session, user, form)
    if errors:
        return _form(request, session, user, form, errors=errors, args=args)
    return _see(service.create(session, user, form))


@router.get("/{workshop_id}/edit", response_class=HTMLResponse)
def edit_workshop(request: Request, workshop_id: int, session: ReadSession,
                  user: User = Depends(MANAGE)) -> HTMLResponse:
    workshop = get_workshop(session, workshop_id, user)
    return _form(request, session, user, WorkshopForm.of(workshop), workshop)


@router.post("/{workshop_id}/edit", response_model=None, dependencies=CSRF)
def update_workshop(request: Request, workshop_id: int, session: WriteSession, data: FormData = BODY,
                    user: User = Depends(MANAGE)) -> Response:
    workshop = get_workshop(session, workshop_id, user)
    form = _read_form(data)
    errors, args = service.validate(session, user, form)
    if errors:
        return _form(request, session, user, form, workshop, errors, args)
    service.update(session, workshop, form)
    return _see(workshop)


def manage_page(request: Request, session: Session, user: User, workshop: Workshop,
                errors: dict | None = None, typed: dict | None = None, status: int = 200) -> HTMLResponse:
    lang = negotiate(request)
    campaigns = service.campaigns_of(session, workshop)
    rounds = voting.rounds_of(session, workshop)
    ideas = service.board_ideas(session, workshop)
    options = voting.options_of(workshop, [i.id for i in service.chosen_ideas(session, workshop)])
    return render(request, "workshops/manage.html", {
        "user": user, "workshop": workshop, "campaigns": campaigns,
        # base.html would put the banner outside the landmarks: this page shows it inside main
        "demo": False, "demo_banner": any(c.is_demo for c in campaigns),
        "themes": dict(service.theme_choices(campaigns, lang)), "comparisons": COMPARISONS,
        "quote_choices": content.offered_quotes(session, workshop),
        "picked_quotes": {q["key"] for q in workshop.quotes},
        "ideas": ideas, "picked_ideas": set(workshop.idea_ids) or {i.id for i in ideas},
        "figures": content.figures_of(session, workshop), "rounds": rounds,
        "round_views": deck.round_views(session, workshop, rounds[::-1], lang),
        "outcome": records.outcome_of(session, workshop), "plans": PLANS, "kinds": OUTCOME_KINDS,
        "actors": ACTORS, "options": deck.option_names(session, workshop, lang, options),
        "join_url": deck.join_url(workshop), "errors": errors or {}, "typed": typed or {},
        "area_names": {a[0]: a[1] for a in service.area_choices(session, campaigns)},
        "statement": youth.statement_of(session, workshop),
        "open_outcomes": youth.open_outcomes(session, workshop),
        "toolbox": [w.name for w in toolbox.chosen_worksheets(session, workshop)]
        + [d.title for d in toolbox.chosen_dilemmas(session, workshop)],
    }, status_code=status)


@router.get("/{workshop_id}", response_class=HTMLResponse)
def manage(request: Request, workshop_id: int, session: ReadSession,
           user: User = Depends(MANAGE)) -> HTMLResponse:
    """Everything about one workshop on one page, each part with its own form."""
    return manage_page(request, session, user, get_workshop(session, workshop_id, user))


@router.post("/{workshop_id}/quotes", dependencies=CSRF)
def pick_quotes(workshop_id: int, session: WriteSession, data: FormData = BODY,
                user: User = Depends(MANAGE)) -> RedirectResponse:
    workshop = get_workshop(session, workshop_id, user)
    picked = [str(v) for v in data.getlist("quote")]
    service.set_quotes(session, workshop, picked, content.offered_quotes(session, workshop))
    return _see(workshop, "#quotes")


@router.post("/{workshop_id}/ideas", dependencies=CSRF)
def pick_ideas(workshop_id: int, session: WriteSession, data: FormData = BODY,
               user: User = Depends(MANAGE)) -> RedirectResponse:
    workshop = get_workshop(session, workshop_id, user)
    service.set_ideas(session, workshop, [str(v) for v in data.getlist("idea")])
    return _see(workshop, "#ideas")


@router.post("/{workshop_id}/figures", response_model=None, dependencies=CSRF)
def add_figure(request: Request, workshop_id: int, session: WriteSession, form: FormData = BODY,
               user: User = Depends(MANAGE)) -> Response:
    workshop = get_workshop(session, workshop_id, user)
    data = {k: str(form.get(k, ""))[:1000] for k in records.LIMITS}
    errors = records.check_figure(data)
    if errors:
        return manage_page(request, session, user, workshop, {f"figure_{k}": v for k, v in errors.items()},
                           {"figure": data}, 400)
    records.add_figure(session, workshop, data)
    return _see(workshop, "#figures")


@router.post("/{workshop_id}/figures/upload", response_model=None, dependencies=CSRF)
def upload_figures(request: Request, workshop_id: int, session: WriteSession, file: UploadFile = File(...),
                   user: User = Depends(MANAGE)) -> Response:
    """Add figures from a CSV; a file with any problem adds nothing and names the lines."""
    # Parsed before the first statement: no write lock is held while the file is read and checked.
    rows, problems = records.parse_figures(file.file.read(1_000_000))
    workshop = get_workshop(session, workshop_id, user)
    if problems:
        return manage_page(request, session, user, workshop, {"figures_file": problems}, status=400)
    records.add_figures(session, workshop, rows)
    return _see(workshop, "#figures")


@router.post("/{workshop_id}/figures/{figure_id}/delete", dependencies=CSRF)
def delete_figure(workshop_id: int, figure_id: int, session: WriteSession,
                  user: User = Depends(MANAGE)) -> RedirectResponse:
    workshop = get_workshop(session, workshop_id, user)
    records.delete_row(session, workshop, WorkshopFigure, figure_id)
    return _see(workshop, "#figures")


@router.post("/{workshop_id}/rounds", dependencies=CSRF)
def new_round(workshop_id: int, session: WriteSession, user: User = Depends(MANAGE)) -> RedirectResponse:
    """Open the next round (closing an open one) with the focus themes and chosen ideas."""
    workshop = get_workshop(session, workshop_id, user)
    ideas = [i.id for i in service.chosen_ideas(session, workshop)]
    voting.open_round(session, workshop, voting.options_of(workshop, ideas))
    return _see(workshop, "#rounds")


@router.post("/{workshop_id}/rounds/{number}/close", dependencies=CSRF)
def close_round(workshop_id: int, number: int, session: WriteSession,
                user: User = Depends(MANAGE)) -> RedirectResponse:
    workshop = get_workshop(session, workshop_id, user)
    for r in voting.rounds_of(session, workshop):
        if r.number == number:
            voting.close_round(session, r)
    return _see(workshop, "#rounds")


@router.post("/{workshop_id}/outcome", response_model=None, dependencies=CSRF)
def add_outcome(request: Request, workshop_id: int, session: WriteSession, form: FormData = BODY,
                user: User = Depends(MANAGE)) -> Response:
    """Record an agreed priority or action with its responsible actor and the plan it feeds."""
    workshop = get_workshop(session, workshop_id, user)
    fields = ("kind", "text", "option", "actor", "responsible", "plan")
    data = {k: str(form.get(k, ""))[:1000] for k in fields}
    options = voting.options_of(workshop, [i.id for i in service.chosen_ideas(session, workshop)])
    errors = records.check_outcome(data, options)
    if errors:
        return manage_page(request, session, user, workshop, {f"outcome_{k}": v for k, v in errors.items()},
                           {"outcome": data}, 400)
    records.add_outcome(session, workshop, data)
    return _see(workshop, "#outcome")


@router.post("/{workshop_id}/outcome/{item_id}/delete", dependencies=CSRF)
def delete_outcome(workshop_id: int, item_id: int, session: WriteSession,
                   user: User = Depends(MANAGE)) -> RedirectResponse:
    workshop = get_workshop(session, workshop_id, user)
    records.delete_row(session, workshop, OutcomeItem, item_id)
    return _see(workshop, "#outcome")


@router.post("/{workshop_id}/statement", response_model=None, dependencies=CSRF)
def record_statement(request: Request, workshop_id: int, session: WriteSession, form: FormData = BODY,
                     user: User = Depends(MANAGE)) -> Response:
    """The youth council's statement: into the report, and into the outcome register."""
    workshop = get_workshop(session, workshop_id, user)
    row = youth.statement_of(session, workshop)
    if row is None:  # a politicians' workshop has no statement
        raise HTTPException(404, "Page not found")
    data = {k: str(form.get(k, ""))[:10000] for k in ("text", "adopted_on")}
    errors = youth.check(data["text"], data["adopted_on"])
    if errors:
        return manage_page(request, session, user, workshop, errors, {"statement": data}, 400)
    _ = gettext_for(negotiate(request))
    title = _("The youth council's statement: %(title)s") % {"title": workshop.title}
    youth.record(session, workshop, row, data["text"], data["adopted_on"], title)
    return _see(workshop, "#statement")
