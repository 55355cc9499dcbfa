//! Flask: a blueprint, registered where the app is created. With a database in the plan it
//! pings it through Flask-SQLAlchemy when the app uses that extension.

use deployplan_core::plan::EndpointFamily;

use super::python::header;
use super::{Context, EndpointSource};

pub struct Flask;

impl EndpointSource for Flask {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Flask]
    }

    fn source(&self, cx: &Context) -> String {
        let check = if cx.database {
            r#"def check_database():
    """Pings the database through Flask-SQLAlchemy when the app uses it; False when there is
    nothing to check. Replace with the app's own check if it talks to the database otherwise."""
    ext = current_app.extensions.get("sqlalchemy")
    if ext is None:
        return False
    from sqlalchemy import text

    engine = getattr(getattr(ext, "db", ext), "engine")
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return True
"#
        } else {
            "def check_database():\n    \"\"\"The app has no database in its plan: nothing to check.\"\"\"\n    return False\n"
        };
        format!(
            r#"{header}

{check}

health_bp = Blueprint("health", __name__)


@health_bp.get({route})
def health():
    body = {{"status": "healthy", "version": _version(), "uptime": int(time.monotonic() - _STARTED)}}
    try:
        if check_database():
            body["database"] = "connected"
    except Exception as exc:  # the probe must answer, never raise
        return jsonify(status="unhealthy", database="disconnected", error=str(exc)), 503
    return jsonify(body), 200
"#,
            header = header(
                "a Flask blueprint",
                &cx.mount_comment(),
                "from flask import Blueprint, current_app, jsonify\n"
            ),
            route = cx.route_literal(),
        )
    }
}
