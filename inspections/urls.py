from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("new/", views.inspection_file_view, name="file"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
]

# the checklist, signing and document pages (inspector's day)
from .checklist_urls import urlpatterns as checklist_urlpatterns  # noqa: E402

urlpatterns += checklist_urlpatterns
