"""Admin for the determination standards library and (read-only) inspection records.

A standard in use is read-only here (the model refuses edits too); officials use the actions
"create new version" and "import clauses from a spreadsheet" instead.
"""
from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.errors import DomainError

from .models import HazardCriterion, HazardStandard, Inspection, InspectionCheckResult
from .standards import criteria_import, standard_new_version


class HazardCriterionInline(admin.TabularInline):
    model = HazardCriterion
    extra = 0
    fields = ("number", "group_name", "code", "text", "sort_order", "activity")

    def _in_use(self, obj):
        return obj is not None and obj.is_in_use

    def get_readonly_fields(self, request, obj=None):
        return self.fields if self._in_use(obj) else ()

    def has_add_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


class NewVersionForm(forms.Form):
    version = forms.CharField(label=gettext_lazy("新版本号"), max_length=20)
    title = forms.CharField(label=gettext_lazy("标准名称"), max_length=200, required=False)
    document_number = forms.CharField(label=gettext_lazy("文号"), max_length=100, required=False)
    effective_date = forms.DateField(label=gettext_lazy("施行日期"), required=False)
    copy_criteria = forms.BooleanField(label=gettext_lazy("复制原条款"), required=False,
                                       initial=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("条款表格（.xlsx 或 UTF-8 .csv）"),
                           help_text=gettext_lazy("列：条款号、条款内容，可选：分组、条目代码"))


@admin.register(HazardStandard)
class HazardStandardAdmin(admin.ModelAdmin):
    list_display = ("title", "version", "sector", "document_number", "effective_date",
                     "superseded_on", "text_loaded", "is_current", "code")
    list_filter = ("sector", "is_current", "text_loaded")
    search_fields = ("title", "document_number", "code")
    inlines = [HazardCriterionInline]
    readonly_fields = ("superseded_by",)
    change_form_template = "admin/inspections/hazardstandard/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_in_use:
            return ("sector", "code", "title", "issuing_authority", "document_number",
                    "effective_date", "version", "is_current", "superseded_by")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_in_use) and super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path("<int:pk>/new-version/", self.admin_site.admin_view(self.new_version_view),
                 name="inspections_hazardstandard_new_version"),
            path("<int:pk>/import/", self.admin_site.admin_view(self.import_view),
                 name="inspections_hazardstandard_import"),
            *super().get_urls(),
        ]

    def _page(self, request, standard, form, title):
        return render(request, "admin/inspections/hazardstandard/action_form.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "original": standard, "form": form, "title": title})

    def new_version_view(self, request, pk):
        standard = self.get_object(request, pk)
        if standard is None or not self.has_add_permission(request):
            return redirect("admin:inspections_hazardstandard_changelist")
        form = NewVersionForm(request.POST or None,
                              initial={"title": standard.title,
                                       "document_number": standard.document_number})
        if request.method == "POST" and form.is_valid():
            try:
                new = standard_new_version(standard=standard, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已创建新版本，原版本已标记为被替代。"))
                return redirect(reverse("admin:inspections_hazardstandard_change",
                                        args=[new.pk]))
        return self._page(request, standard, form, _("创建新版本：%(s)s") % {"s": standard})

    def import_view(self, request, pk):
        standard = self.get_object(request, pk)
        if standard is None or not self.has_change_permission(request, standard):
            return redirect("admin:inspections_hazardstandard_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = criteria_import(standard=standard, upload=upload, name=upload.name)
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("已导入 %(n)d 条条款。") % {"n": count})
                return redirect(reverse("admin:inspections_hazardstandard_change",
                                        args=[standard.pk]))
        return self._page(request, standard, form, _("导入条款：%(s)s") % {"s": standard})


class CheckResultInline(admin.TabularInline):
    model = InspectionCheckResult
    extra = 0
    can_delete = False
    readonly_fields = ("criterion", "result", "note", "hazard")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    """Read-only: inspections are filed, filled and signed through the services."""

    list_display = ("reference_number", "enterprise", "kind", "inspected_on", "signed_at")
    list_filter = ("kind", "district")
    list_select_related = ("enterprise",)
    inlines = [CheckResultInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
