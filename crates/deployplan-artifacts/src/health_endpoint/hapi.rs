//! hapi: a plugin that adds the route, registered with `{ path, check }`.

use deployplan_core::plan::{EndpointFamily, SourceLanguage};

use super::js::{common, export_default, ty};
use super::{Context, EndpointSource};

pub struct Hapi;

impl EndpointSource for Hapi {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Hapi]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        let import = if l == SourceLanguage::TypeScript {
            "import type { Server } from '@hapi/hapi';\n\n"
        } else {
            ""
        };
        format!(
            "{import}{common}\n{export}{{\n  name: 'deployplan-health',\n  register(server{srv}, opts{opts}) {{\n    server.route({{\n      method: 'GET',\n      path: opts.path || {route},\n      options: {{ auth: false }},\n      handler: async (_request{any}, h{any}) => {{\n        const [code, body] = await report(opts.check);\n        return h.response(body).code(code);\n      }},\n    }});\n  }},\n}};\n",
            common = common(l, "a hapi plugin", &cx.mount_comment()),
            export = export_default(l),
            route = cx.route_literal(),
            srv = ty(l, ": Server"),
            opts = ty(l, ": { path?: string; check?: Check }"),
            any = ty(l, ": any"),
        )
    }
}
