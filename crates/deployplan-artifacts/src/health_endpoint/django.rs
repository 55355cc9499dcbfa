//! Django: a view routed in the root URLconf; with a database in the plan it checks the
//! default connection.

use deployplan_core::plan::EndpointFamily;

use super::python::header;
use super::{Context, EndpointSource};

pub struct Django;

impl EndpointSource for Django {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Django]
    }

    fn source(&self, cx: &Context) -> String {
        let (import, check) = if cx.database {
            (
                "from django.db import connection\n",
                "    try:\n        connection.ensure_connection()\n        body[\"database\"] = \"connected\"\n    except Exception as exc:  # the probe must answer, never raise\n        return JsonResponse(\n            {\"status\": \"unhealthy\", \"database\": \"disconnected\", \"error\": str(exc)}, status=503\n        )\n",
            )
        } else {
            ("", "")
        };
        let route = cx.route.trim_start_matches('/');
        let mount = format!(
            "{}\n\nProbes from inside the platform (Kubernetes, ECS) send the instance's IP as Host: allow it in\nALLOWED_HOSTS, or Django answers 400. With SECURE_SSL_REDIRECT, exempt the path\n(SECURE_REDIRECT_EXEMPT = [r\"^{}$\"]) or the plain-HTTP probe gets a redirect.",
            cx.mount_comment(),
            route.replace('"', "")
        );
        format!(
            r#"{header}

def health(request):
    body = {{"status": "healthy", "version": _version(), "uptime": int(time.monotonic() - _STARTED)}}
{check}    return JsonResponse(body)
"#,
            header = header(
                "a Django view",
                &mount,
                &format!("{import}from django.http import JsonResponse\n")
            ),
        )
    }
}
