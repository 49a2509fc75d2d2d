from django.contrib import admin

from .models import ImportedEnterprise, ImportedRecord, ImportJob, ImportPreset


@admin.register(ImportPreset)
class ImportPresetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "layout", "is_builtin"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "original_name", "preset", "district", "status", "rows_read",
                    "created", "updated", "unchanged", "rejected", "created_at"]
    list_select_related = ["preset", "district"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ["preset_code", "kind", "natural_key", "object_id", "updated_at"]
    search_fields = ["natural_key"]


@admin.register(ImportedEnterprise)
class ImportedEnterpriseAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "placeholder_credit_code", "source_key"]
    list_select_related = ["enterprise"]
