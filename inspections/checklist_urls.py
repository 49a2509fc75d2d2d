"""URL patterns of the checklist, signing and document pages (included by ``inspections.urls``,
app_name ``inspections``)."""
from django.urls import path

from . import checklist_views as views

urlpatterns = [
    path("checklist/new/", views.checklist_start, name="checklist_start"),
    path("<int:pk>/checklist/", views.checklist_fill, name="checklist"),
    path("<int:pk>/sign/", views.record_sign, name="sign"),
    path("<int:pk>/record/", views.record_detail, name="record"),
    path("<int:pk>/verify/", views.record_verify, name="verify"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
    path("photos/<int:pk>/", views.finding_photo, name="finding_photo"),
    path("findings/<int:pk>/photos/", views.finding_photo_add, name="finding_photo_add"),
    path("documents/orders/<int:pk>.pdf", views.rectification_order_pdf,
         name="rectification_order_pdf"),
    path("documents/verifications/<int:pk>.pdf", views.reinspection_opinion_pdf,
         name="reinspection_opinion_pdf"),
]
