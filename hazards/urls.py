from django.urls import path

from . import views
from .action_views import urlpatterns as action_urlpatterns

app_name = "hazards"
urlpatterns = [
    path("", views.hazard_register, name="register"),
    path("mine/", views.my_hazards, name="my_hazards"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
]

# the rectification loop's action forms and evidence files (hazards.action_views)
urlpatterns += action_urlpatterns
