"""A small notes service: Flask, SQLAlchemy, migrations with Flask-Migrate."""
import os

from flask import Flask, jsonify
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
migrate = Migrate()


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    body = db.Column(db.String(500), nullable=False)


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    db.init_app(app)
    migrate.init_app(app, db)

    @app.get("/health")
    def health():
        db.session.execute(db.text("select 1"))
        return jsonify(status="ok")

    @app.get("/")
    def index():
        return jsonify(notes=[n.body for n in Note.query.all()])

    return app


app = create_app()
