from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
urlpatterns = [
    path("", TemplateView.as_view(template_name="pages/home.html"), name="home"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("users/", include("myproj.users.urls", namespace="users")),
    path("accounts/", include("allauth.urls")),
]
