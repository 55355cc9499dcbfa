from fastapi import FastAPI

from app.db import Session
from app.models import Item

app = FastAPI()


@app.get("/api/health")
def health():
    return {"status": "ok"}


@app.get("/api/items")
def items():
    with Session() as session:
        return [{"id": i.id, "name": i.name} for i in session.query(Item).all()]
