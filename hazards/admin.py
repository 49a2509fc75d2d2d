from django.contrib import admin

from .models import (
    AccidentType,
    DeadlineExtension,
    DocumentSequence,
    Hazard,
    HazardTransition,
    RectificationOrder,
    RectificationPlan,
    Supervision,
    Verification,
)


@admin.register(AccidentType)
class AccidentTypeAdmin(admin.ModelAdmin):
    list_display = ("edition", "code", "name", "maps_to")
    list_filter = ("edition",)


class HazardTransitionInline(admin.TabularInline):
    model = HazardTransition
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "at", "note", "data")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hazard)
class HazardAdmin(admin.ModelAdmin):
    """Read-only: every state change goes through hazards.services, never the admin."""

    list_display = ("id", "enterprise", "grade", "status", "rectification_deadline")
    list_filter = ("status", "grade", "district")
    list_select_related = ("enterprise",)
    inlines = [HazardTransitionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Loop records are written by hazards.services only; the admin shows them."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RectificationOrder)
class RectificationOrderAdmin(_ReadOnlyAdmin):
    list_display = ("number", "hazard", "department", "rectification_deadline", "issued_at")
    search_fields = ("number",)
    list_select_related = ("department",)


@admin.register(Verification)
class VerificationAdmin(_ReadOnlyAdmin):
    list_display = ("number", "hazard", "result", "verified_on", "verified_by")
    search_fields = ("number",)
    list_select_related = ("verified_by",)


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(_ReadOnlyAdmin):
    list_display = ("hazard", "status", "old_deadline", "requested_deadline", "decided_at")
    list_filter = ("status",)


@admin.register(Supervision)
class SupervisionAdmin(_ReadOnlyAdmin):
    list_display = ("letter_number", "authority", "hazard", "started_on", "lifted_on")
    search_fields = ("letter_number",)


@admin.register(RectificationPlan)
class RectificationPlanAdmin(_ReadOnlyAdmin):
    list_display = ("hazard", "responsibility", "funds", "time_limit")


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(_ReadOnlyAdmin):
    list_display = ("scope", "kind", "year", "last_value")
