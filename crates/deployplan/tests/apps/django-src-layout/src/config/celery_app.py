from celery import Celery; app = Celery('config')
