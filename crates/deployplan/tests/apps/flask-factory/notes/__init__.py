"""A notes API built by an app factory, as the Flask tutorial does."""
from flask import Flask, jsonify


def create_app():
    app = Flask(__name__)

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    @app.get("/")
    def index():
        return jsonify(notes=[])

    return app
