from django.contrib.auth import views as auth_views
from django.urls import path

from . import audit_views, login_views, user_views

app_name = "accounts"
urlpatterns = [
    path("login/", login_views.LoginView.as_view(), name="login"),
    path("login/otp/", login_views.login_otp, name="login_otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", login_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", login_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", login_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("otp/setup/", login_views.otp_setup, name="otp_setup"),
    path("users/", user_views.user_list, name="users"),
    path("users/new/", user_views.user_create_view, name="user_create"),
    path("users/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("users/<int:pk>/<str:action>/", user_views.user_action, name="user_action"),
    path("security-log/", audit_views.security_log, name="security_log"),
]

# API tokens on the profile page (issue 4 §3)
from . import token_views  # noqa: E402

urlpatterns += [
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
