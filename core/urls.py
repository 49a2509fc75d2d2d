"""Mounted at /seals/ under the URL namespace ``seals``."""
from django.urls import path

from . import views

app_name = "seals"
urlpatterns = [
    path("keys/", views.seal_keys, name="keys"),
    path("keys.json", views.seal_keys_json, name="keys_json"),
]
