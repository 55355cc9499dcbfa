//! SvelteKit: a `+server` endpoint. The file is the route: nothing to mount.

use deployplan_core::plan::EndpointFamily;

use super::js::{file_route_common, ty};
use super::{Context, EndpointSource};

pub struct SvelteKit;

impl EndpointSource for SvelteKit {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::SvelteKit]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        format!(
            "{common}\n// A probe must run every time, never a prerendered copy.\nexport const prerender = false;\n\nexport async function GET(){res} {{\n  const [code, body] = await report(checkDatabase);\n  return new Response(JSON.stringify(body), {{\n    status: code,\n    headers: {{ 'content-type': 'application/json', 'cache-control': 'no-store' }},\n  }});\n}}\n",
            common = file_route_common(l, "a SvelteKit endpoint", &cx.served()),
            res = ty(l, ": Promise<Response>"),
        )
    }
}
