from django.contrib.auth import views as auth_views
from django.urls import path

from antq.accounts import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("lockouts/", views.lockout_list, name="lockouts"),
    path("lockouts/unlock/", views.lockout_release, name="unlock"),
    path("profile/", views.profile, name="profile"),
    path("2fa/verify/", views.otp_verify, name="otp-verify"),
    path("2fa/setup/", views.otp_setup, name="otp-setup"),
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/second-factor/", views.person_otp_reset, name="person-otp-reset"),
    path("people/new/", views.person_new, name="person-new"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/roles/", views.person_role_grant, name="person-role-grant"),
    path(
        "people/<int:pk>/roles/<int:role_pk>/remove/",
        views.person_role_revoke,
        name="person-role-revoke",
    ),
    path("people/<int:pk>/active/", views.person_active, name="person-active"),
    path("people/<int:pk>/link/", views.person_link, name="person-link"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
