"""Import pages: upload → preview (confirm / correct the mapping) → dry-run report → confirm
→ progress and result. Views only translate HTTP; every decision is in ``imports.services``.

Jobs come from the scoped selectors (another district's job is a 404); each action form is
gated by its predicate in ``imports.rules`` (a 403 page when the user may see the job but not
do this to it), the same predicate the service checks.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.downloads import name_download
from core.errors import DomainError
from core.rules import require_page

from . import dispatch, rules, selectors, services
from .forms import ConfirmForm, MappingForm, SavePresetForm, UploadForm
from .models import JobStatus


@login_required
def job_list(request):
    jobs = selectors.jobs_visible_to(user=request.user)[:50]
    return render(request, "imports/list.html", {
        "jobs": jobs, "nav": "imports", "can_import": rules.can_import(request.user, None)})


@login_required
def upload(request):
    require_page(rules.can_import, request.user, None)
    services.preset_ensure_builtins()
    presets = selectors.presets_for(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, presets=presets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {}
        if data["default_inspected_on"]:
            options["default_inspected_on"] = data["default_inspected_on"].isoformat()
        try:
            job = services.job_create(
                actor=request.user, preset=data["preset"], file=data["file"],
                name=data["file"].name, district_code=request.user.district_id,
                mode=data["mode"], options=options)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("imports:preview", pk=job.pk)
    return render(request, "imports/upload.html", {"form": form, "nav": "imports"})


@login_required
def preview(request, pk):
    job = selectors.job_get_visible(user=request.user, pk=pk)
    require_page(rules.can_set_mapping, request.user, job)
    data = services.job_preview(job)
    form = MappingForm(request.POST or None, headers=data["headers"], layout=job.preset.layout,
                       initial_mapping=data["mapping"])
    if request.method == "POST" and form.is_valid():
        try:
            services.job_set_mapping(job=job, actor=request.user, mapping=form.mapping())
            services.job_dry_run(job=job)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("imports:detail", pk=job.pk)
    return render(request, "imports/preview.html", {
        "job": job, "form": form, "preview": data, "nav": "imports",
        "columns": [(index, header, form[f"col_{index}"])
                    for index, header in enumerate(data["headers"])]})


@login_required
def detail(request, pk):
    job = selectors.job_get_visible(user=request.user, pk=pk)
    issues = job.issues.all()[:200]
    return render(request, "imports/detail.html", {
        "job": job, "issues": issues, "nav": "imports",
        "confirm_form": ConfirmForm(initial={"mode": job.mode}),
        "preset_form": SavePresetForm(),
        "can_confirm": rules.can_confirm_import(request.user, job),
        "can_set_mapping": rules.can_set_mapping(request.user, job),
        "can_save_preset": rules.can_save_preset(request.user, job),
        "in_progress": job.status in (JobStatus.QUEUED, JobStatus.RUNNING)})


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request, pk):
    """POST: confirm the job. Its form is on the job page: a GET goes there, or is a 403 page
    for someone who may not confirm it."""
    job = selectors.job_get_visible(user=request.user, pk=pk)
    require_page(rules.can_confirm_import, request.user, job)
    if request.method != "POST":
        return redirect("imports:detail", pk=job.pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            job = dispatch.job_confirm(job=job, actor=request.user, mode=form.cleaned_data["mode"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, job.message or _("导入已开始。"))
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def save_preset(request, pk):
    """POST: save the job's mapping as a preset (form on the job page; a GET goes there, or is
    a 403 page for someone who may not)."""
    job = selectors.job_get_visible(user=request.user, pk=pk)
    require_page(rules.can_save_preset, request.user, job)
    if request.method != "POST":
        return redirect("imports:detail", pk=job.pk)
    form = SavePresetForm(request.POST)
    if form.is_valid():
        try:
            preset = services.preset_save_from_job(job=job, actor=request.user,
                                                   **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存导入方案“%(name)s”。") % {"name": preset.name})
    else:
        messages.error(request, _("方案代码只能包含字母、数字、下划线和连字符。"))
    return redirect("imports:detail", pk=job.pk)


@login_required
def progress(request, pk):
    job = selectors.job_get_visible(user=request.user, pk=pk)
    from django.core.cache import cache

    done = cache.get(services.progress_key(job.pk), job.progress)
    return JsonResponse({"status": job.status, "progress": done, "rows_read": job.rows_read,
                         "message": job.message})


@login_required
def rejected_report(request, pk):
    job = selectors.job_get_visible(user=request.user, pk=pk)
    response = HttpResponse(
        services.rejected_rows_workbook(job),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name, fallback = services.rejected_rows_filename(job)
    return name_download(response, name, fallback=fallback)
