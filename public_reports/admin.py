"""Admin: the reward tier table is the office's to maintain; reports and rewards are read
only here (every change goes through the services), and the encrypted identity is never
shown."""
from django.contrib import admin

from .models import PublicReport, Reward, RewardTier


@admin.register(RewardTier)
class RewardTierAdmin(admin.ModelAdmin):
    list_display = ("name", "basis", "rate", "amount", "min_amount", "max_amount",
                    "source_number", "official", "is_active")
    list_filter = ("official", "is_active")


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicReport)
class PublicReportAdmin(_ReadOnly):
    list_display = ("pk", "district", "status", "outcome", "received_at", "answer_due")
    list_filter = ("status", "outcome")
    exclude = ("reporter_name_encrypted", "reporter_phone_encrypted", "reporter_phone_lookup",
               "query_code_hash")


@admin.register(Reward)
class RewardAdmin(_ReadOnly):
    list_display = ("report", "district", "tier", "amount", "status", "paid_on")
    list_filter = ("status",)
