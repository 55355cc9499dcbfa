"""Tasks API: FastAPI on uvicorn, schema managed by Alembic."""
from fastapi import FastAPI
from sqlalchemy import select, text

from .db import Session
from .models import Task

app = FastAPI()


@app.get("/health")
def health():
    with Session() as s:
        s.execute(text("select 1"))
    return {"status": "ok"}


@app.get("/")
def index():
    with Session() as s:
        return {"tasks": [t.title for t in s.scalars(select(Task))]}
