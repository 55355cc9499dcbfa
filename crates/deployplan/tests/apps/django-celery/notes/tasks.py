from celery import shared_task

from .models import Note


@shared_task
def add_note(body):
    return Note.objects.create(body=body).pk
