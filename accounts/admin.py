from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("角色与范围"), {"fields": (
        "role", "display_name", "district", "enterprise", "department", "badge_number", "phone",
        "is_office_head")}))
    list_display = ("username", "display_name", "role", "district", "enterprise", "is_active")
    list_filter = ("role", "district")
    autocomplete_fields = ("enterprise",)
