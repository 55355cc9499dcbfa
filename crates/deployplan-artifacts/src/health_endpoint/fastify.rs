//! Fastify: a plugin registered with `{ path, check }`.

use deployplan_core::plan::{EndpointFamily, SourceLanguage};

use super::js::{common, export_default, ty};
use super::{Context, EndpointSource};

pub struct Fastify;

impl EndpointSource for Fastify {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Fastify]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        let import = if l == SourceLanguage::TypeScript {
            "import type { FastifyInstance } from 'fastify';\n\n"
        } else {
            ""
        };
        // Fastify encapsulates a plugin's routes unless it is marked to skip that; a route
        // needs no sharing, so the plain async plugin is enough.
        format!(
            "{import}{common}\n{export}async function health(fastify{inst}, opts{opts}) {{\n  fastify.get(opts.path || {route}, async (_request{any}, reply{any}) => {{\n    const [code, body] = await report(opts.check);\n    reply.code(code);\n    return body;\n  }});\n}}\n",
            common = common(l, "a Fastify plugin", &cx.mount_comment()),
            export = export_default(l),
            route = cx.route_literal(),
            inst = ty(l, ": FastifyInstance"),
            opts = ty(l, ": { path?: string; check?: Check }"),
            any = ty(l, ": any"),
        )
    }
}
