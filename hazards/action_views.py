"""Pages of the rectification loop: one small view per action, each calling one service
(the registry is ``hazards.loop_actions``; the hazard page shows the same forms inline).

Every action page answers, in this order:

- 404 when the hazard (or its extension / listing) is outside the user's scope
  (``hazard_get_visible``): strangers never learn that it exists;
- GET: a 403 page when the action's predicate (``hazards.rules``) is false, else the form;
- POST: 428 page when the hidden ``version`` is missing (400 when malformed); 409 page when it
  is not the current version — the current state is shown, and the form again (keeping what
  was typed, now based on the current version) if the action is still possible; a 403 page
  when the predicate is false; then the form, and the service, whose DomainErrors become form
  errors (a conflict found under the row lock is the same 409 page). Success redirects to the
  hazard page.

Evidence files are served only here, after the same scope check, never from MEDIA_URL.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.downloads import name_download
from core.errors import ConcurrentModification, DomainError
from core.forms import posted_version, precondition_page
from core.rules import require_page

from . import loop_actions, rules
from .selectors import hazard_get_visible


def _detail_url(hazard):
    return reverse("hazards:detail", args=[hazard.pk]) + "#actions"


def _precondition_page(request, hazard, *, malformed: bool):
    return precondition_page(
        request, malformed=malformed, back_url=_detail_url(hazard),
        back_label=_("隐患 #%(pk)s") % {"pk": hazard.pk})


class _Target:
    """What one action page edits: how to re-read it, its version, its predicate, its form
    and service call. ``load()`` re-reads from the scoped selector (after a conflict)."""

    def __init__(self, request, *, load, version_of, rule, rule_object, bind, perform, title,
                 slug, action_url, extra=None):
        self.request, self.load, self.version_of = request, load, version_of
        self.rule, self.rule_object, self.bind, self.perform = rule, rule_object, bind, perform
        self.title, self.slug, self.action_url, self.extra = title, slug, action_url, extra

    def page(self, hazard, form, *, status=200, conflict=False):
        return render(self.request, "hazards/actions/form.html", {
            "hazard": hazard, "form": form, "title": self.title, "slug": self.slug,
            "action_url": self.action_url, "nav": "hazards", "conflict": conflict,
            "recent_steps": (list(hazard.transitions.select_related("actor")
                                  .order_by("-at", "-id")[:3]) if conflict else []),
            **(self.extra(hazard) if self.extra else {}),
        }, status=status)

    def get(self):
        hazard, obj = self.load()
        require_page(self.rule, self.request.user, self.rule_object(hazard, obj))
        return self.page(hazard, self.bind(hazard, obj, None))

    def post(self):
        request = self.request
        hazard, obj = self.load()
        posted = posted_version(request)
        if posted is None or posted is False:
            return _precondition_page(request, hazard, malformed=posted is False)
        if posted != self.version_of(hazard, obj):
            return self.conflict()
        require_page(self.rule, request.user, self.rule_object(hazard, obj))
        form = self.bind(hazard, obj, request)
        if form.is_valid():
            try:
                message = self.perform(request.user, hazard, obj, form)
            except ConcurrentModification:
                return self.conflict()
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, message)
                return redirect(_detail_url(hazard))
        return self.page(hazard, form)

    def conflict(self):
        """409: someone changed the object since the form was shown. Show its current state;
        offer the form again (what was typed, based on the current version) only if the
        action is still possible for this user."""
        hazard, obj = self.load()
        form = None
        if self.rule(self.request.user, self.rule_object(hazard, obj)):
            form = self.bind(hazard, obj, self.request, version=self.version_of(hazard, obj))
            form.add_error(None, _("在您填写期间，该隐患已被他人处理。请核对下方的当前情况，"
                                   "确认后可重新提交。"))
        return self.page(hazard, form, status=409, conflict=True)


@login_required
@require_http_methods(["GET", "POST"])
def hazard_action(request, pk: int, slug: str):
    """An action of the hazard itself (``loop_actions.ACTIONS``); see the module docstring."""
    action = loop_actions.ACTIONS.get(slug)
    if action is None:
        raise Http404

    def bind(hazard, _obj, req, version=None):
        if req is None:
            return loop_actions.build_form(slug, hazard)
        return loop_actions.build_form(slug, hazard, req.POST, req.FILES, version=version)

    target = _Target(
        request, load=lambda: (hazard_get_visible(request.user, pk), None),
        version_of=lambda hazard, _obj: hazard.version, rule=action.rule,
        rule_object=lambda hazard, _obj: hazard, bind=bind,
        perform=lambda actor, hazard, _obj, form: action.perform(actor, hazard, form),
        title=action.title, slug=slug, action_url=reverse("hazards:action", args=[pk, slug]))
    return target.get() if request.method == "GET" else target.post()


@login_required
@require_http_methods(["GET", "POST"])
def extension_decide(request, pk: int, extension_pk: int):
    """A district official approves or refuses a pending extension request. The form's
    version is the hazard's (the decision acts on the hazard's deadline)."""

    def load():
        hazard = hazard_get_visible(request.user, pk)
        extension = get_object_or_404(hazard.extensions, pk=extension_pk)
        extension.hazard = hazard
        return hazard, extension

    def bind(hazard, _extension, req, version=None):
        return loop_actions.decide_form(hazard, None if req is None else req.POST,
                                        version=version)

    target = _Target(
        request, load=load, version_of=lambda hazard, _extension: hazard.version,
        rule=rules.can_decide_extension, rule_object=lambda _hazard, extension: extension,
        bind=bind,
        perform=lambda actor, _hazard, extension, form: loop_actions.perform_decision(
            actor, extension, form),
        title=_("延期审批"), slug="decide-extension",
        action_url=reverse("hazards:extension_decide", args=[pk, extension_pk]),
        extra=lambda hazard: {"extension": hazard.extensions.get(pk=extension_pk)})
    return target.get() if request.method == "GET" else target.post()


@login_required
@require_http_methods(["GET", "POST"])
def supervision_lift(request, pk: int, supervision_pk: int):
    """Lift a listed supervision (only after the hazard is closed). The form's version is the
    listing's own."""

    def load():
        hazard = hazard_get_visible(request.user, pk)
        supervision = get_object_or_404(hazard.supervisions, pk=supervision_pk)
        supervision.hazard = hazard
        return hazard, supervision

    def bind(_hazard, supervision, req, version=None):
        return loop_actions.lift_form(supervision, None if req is None else req.POST,
                                      version=version)

    target = _Target(
        request, load=load, version_of=lambda _hazard, supervision: supervision.version,
        rule=rules.can_lift_supervision, rule_object=lambda _hazard, supervision: supervision,
        bind=bind,
        perform=lambda actor, _hazard, supervision, form: loop_actions.perform_lift(
            actor, supervision, form),
        title=_("解除挂牌督办"), slug="lift",
        action_url=reverse("hazards:supervision_lift", args=[pk, supervision_pk]),
        extra=lambda hazard: {"supervision": hazard.supervisions.get(pk=supervision_pk)})
    return target.get() if request.method == "GET" else target.post()


@require_GET
@login_required
def evidence_file_download(request, pk: int, file_pk: int):
    """Serve one evidence file of hazard ``pk`` to a user who may see the hazard (404
    otherwise, also for a file of another hazard). Images inline, PDFs as attachments; the
    stored content type is the detected one and ``nosniff`` stops browsers guessing."""
    hazard = hazard_get_visible(request.user, pk)
    item = get_object_or_404(hazard.evidence_files.filter(Q(evidence__isnull=False)
                                                          | Q(verification__isnull=False)),
                             pk=file_pk)
    require_page(rules.can_download_document, request.user, item)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    name_download(response, item.original_name, fallback=f"evidence-{item.pk}",
                  inline=item.is_image)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<int:pk>/actions/<slug:slug>/", hazard_action, name="action"),
    path("<int:pk>/extensions/<int:extension_pk>/decide/", extension_decide,
         name="extension_decide"),
    path("<int:pk>/supervisions/<int:supervision_pk>/lift/", supervision_lift,
         name="supervision_lift"),
    path("<int:pk>/files/<int:file_pk>/", evidence_file_download, name="evidence_file"),
]
