from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("角色与范围"), {"fields": (
        "role", "display_name", "district", "enterprise", "department", "badge_number", "phone",
        "is_office_head")}))
    list_display = ("username", "display_name", "role", "district", "enterprise", "is_active")
    list_filter = ("role", "district")
    autocomplete_fields = ("enterprise",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created on the owner's profile page (the key is shown once there); the admin
    lists them and can revoke one by setting ``revoked_at``."""

    list_display = ("name", "user", "prefix", "read_only", "created_at", "last_used_at",
                    "revoked_at")
    list_filter = ("read_only", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "user__username", "user__display_name")
    readonly_fields = ("user", "name", "prefix", "key_hash", "read_only", "created_at",
                       "last_used_at")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False
