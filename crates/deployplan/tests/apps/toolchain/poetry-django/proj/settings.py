import os
SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')
INSTALLED_APPS = ['django.contrib.contenttypes', 'notes']
DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': os.environ.get('PGDATABASE', 'notes')}}
ROOT_URLCONF = 'proj.urls'
