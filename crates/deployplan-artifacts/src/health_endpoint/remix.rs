//! Remix: a resource route (a `loader` and no component). The file is the route: nothing to
//! mount.

use deployplan_core::plan::EndpointFamily;

use super::js::{file_route_common, ty};
use super::{Context, EndpointSource};

pub struct Remix;

impl EndpointSource for Remix {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Remix]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        format!(
            "{common}\nexport async function loader(){res} {{\n  const [code, body] = await report(checkDatabase);\n  return new Response(JSON.stringify(body), {{\n    status: code,\n    headers: {{ 'content-type': 'application/json', 'cache-control': 'no-store' }},\n  }});\n}}\n",
            common = file_route_common(l, "a Remix resource route", &cx.served()),
            res = ty(l, ": Promise<Response>"),
        )
    }
}
