from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("new/", views.inspection_file_view, name="file"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
]
