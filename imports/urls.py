from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.upload, name="upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/save-preset/", views.save_preset, name="save_preset"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/rejected.xlsx", views.rejected_report, name="rejected_report"),
]
