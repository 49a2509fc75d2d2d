from django.urls import path

from . import page_views, views

app_name = "oversight"
urlpatterns = [
    path("", views.district_dashboard, name="district_dashboard"),
    path("district/<str:code>/", views.district_dashboard, name="district_dashboard_for"),
    path("city/", views.city_dashboard, name="city_dashboard"),
    path("statistics/", page_views.statistics, name="statistics"),
    path("ranking/", page_views.ranking_page, name="ranking"),
    path("ranking/follow-up/", page_views.follow_up_create, name="follow_up_create"),
    path("reports/", page_views.report_list, name="reports"),
    path("reports/new/", page_views.report_create, name="report_create"),
    path("reports/<int:pk>/", page_views.report_detail, name="report"),
    path("reports/<int:pk>/<str:fmt>/", page_views.report_file, name="report_file"),
]
