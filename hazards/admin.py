from django.contrib import admin

from .models import AccidentType, Hazard, HazardTransition


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
