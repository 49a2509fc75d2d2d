"""Read-only admin for the ladder's record: reminders are written by the sweep only."""
from django.contrib import admin

from .models import Notification, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["rung", "period", "hazard", "district", "sent_at", "skipped"]
    list_filter = ["rung", "skipped"]
    date_hierarchy = "period"
    raw_id_fields = ["hazard"]
    list_select_related = ["hazard", "district"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at"]
    raw_id_fields = ["recipient", "hazard", "reminder"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False
