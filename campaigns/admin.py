from django.contrib import admin

from .models import Campaign, CampaignPhase


class PhaseInline(admin.TabularInline):
    model = CampaignPhase
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "district", "starts_on", "ends_on")
    inlines = [PhaseInline]
    filter_horizontal = ("sectors",)
    readonly_fields = ("version",)
