from django.urls import path

from . import outbox_views, views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("outbox/", outbox_views.outbox_attention, name="outbox"),
    path("outbox/<int:pk>/<str:action>/", outbox_views.outbox_settle, name="outbox_settle"),
]
