from django.contrib import admin

from .models import Department, District, Enterprise, Industry, Sector, Township


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district")
    list_filter = ("district",)
    search_fields = ("code", "name")


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sort_order")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "district", "document_prefix")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    """Read-only: an enterprise is registered and edited only through
    ``enterprises.services`` (the product's pages and API), which check the role, the version
    and the credit code, and keep the field history with who changed what. A second door
    here would skip all of that."""

    list_display = ("name", "credit_code", "district", "sector", "version")
    list_filter = ("sector", "district")
    search_fields = ("name", "credit_code")
    list_select_related = ("district", "sector")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
