from .base import *  # noqa
from .base import env
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-key")
TEST_RUNNER = "django.test.runner.DiscoverRunner"
