from django.db import connection
from django.http import JsonResponse

from .models import Note


def health(_request):
    with connection.cursor() as cursor:
        cursor.execute("select 1")
    return JsonResponse({"status": "ok"})


def index(_request):
    return JsonResponse({"notes": list(Note.objects.values_list("body", flat=True))})
