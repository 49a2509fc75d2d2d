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
    list_display = ("name", "credit_code", "district", "sector")
    list_filter = ("sector", "district")
    search_fields = ("name", "credit_code")
    list_select_related = ("district", "sector")
    raw_id_fields = ("township", "industry")
