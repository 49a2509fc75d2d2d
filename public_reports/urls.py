"""Report pages. ``public_urlpatterns`` (no login) are mounted at /report/; the handlers'
pages at /reports/ under the namespace ``public_reports``."""
from django.urls import path

from .views import public, staff, verification

app_name = "public_reports"
urlpatterns = [
    path("", staff.report_list, name="list"),
    path("<int:pk>/", staff.report_detail, name="detail"),
    path("<int:pk>/verify/", verification.report_verify, name="verify"),
    path("<int:pk>/actions/<slug:slug>/", staff.report_action, name="action"),
    path("<int:pk>/reward/<slug:slug>/", staff.reward_action, name="reward_action"),
    path("<int:pk>/photos/<int:photo_pk>/", staff.report_photo, name="photo"),
]

public_urlpatterns = ([
    path("", public.report_new, name="new"),
    path("status/", public.report_status, name="status"),
    path("townships/", public.townships, name="townships"),
], "public_report")
