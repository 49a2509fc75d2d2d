"""The inspector's day: filing, checklist, signing, records and their documents. Mounted at
/inspections/ under the URL namespace ``inspections``."""
from django.urls import path

from . import checklist_views, seal_views, views

app_name = "inspections"
urlpatterns = [
    path("new/", views.inspection_file_view, name="file"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("checklist/new/", checklist_views.checklist_start, name="checklist_start"),
    path("<int:pk>/checklist/", checklist_views.checklist_fill, name="checklist"),
    path("<int:pk>/sign/", checklist_views.record_sign, name="sign"),
    path("<int:pk>/record/", checklist_views.record_detail, name="record"),
    path("<int:pk>/verify/", seal_views.record_verify, name="verify"),
    path("<int:pk>/record.pdf", checklist_views.record_pdf, name="record_pdf"),
    path("photos/<int:pk>/", checklist_views.finding_photo, name="finding_photo"),
    path("findings/<int:pk>/photos/", checklist_views.finding_photo_add,
         name="finding_photo_add"),
    path("documents/orders/<int:pk>.pdf", checklist_views.rectification_order_pdf,
         name="rectification_order_pdf"),
    path("documents/verifications/<int:pk>.pdf", checklist_views.reinspection_opinion_pdf,
         name="reinspection_opinion_pdf"),
    path("documents/orders/<int:pk>/verify/", seal_views.order_verify, name="order_verify"),
    path("documents/verifications/<int:pk>/verify/", seal_views.opinion_verify,
         name="opinion_verify"),
]
