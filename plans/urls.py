"""Plan, task and campaign pages at /plans/ (namespace ``plans``); the public listing of
published results is ``public_urlpatterns`` at /public/inspections/."""
from django.urls import path

from .views import campaigns, plans, tasks

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("new/", plans.plan_new, name="new"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/<slug:step>/", plans.plan_step, name="step"),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/new/", tasks.task_new, name="task_new"),
    path("tasks/<int:pk>/file/", tasks.task_file, name="task_file"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("conflicts/new/", tasks.conflict_new, name="conflict_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_coverage, name="campaign"),
    path("campaigns/<int:pk>/remind/", campaigns.campaign_remind, name="campaign_remind"),
]

public_urlpatterns = ([path("", plans.public_results, name="results")], "public_results")
