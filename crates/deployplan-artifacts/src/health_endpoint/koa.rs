//! Koa: a middleware that answers the health path and passes every other request on.

use deployplan_core::plan::EndpointFamily;

use super::js::{common, export_default, ty};
use super::{Context, EndpointSource};

pub struct Koa;

impl EndpointSource for Koa {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Koa]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        let import = if l == deployplan_core::plan::SourceLanguage::TypeScript {
            "import type { Context, Next } from 'koa';\n\n"
        } else {
            ""
        };
        format!(
            "{import}{common}\n{export}function health(path{str}, checkDatabase{ochk}) {{\n  return async function healthMiddleware(ctx{ctx}, next{next}) {{\n    if (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {{\n      return next();\n    }}\n    const [code, body] = await report(checkDatabase);\n    ctx.status = code;\n    ctx.body = body;\n  }};\n}}\n",
            common = common(l, "Koa middleware", &cx.mount_comment()),
            export = export_default(l),
            str = ty(l, ": string"),
            ochk = ty(l, "?: Check"),
            ctx = ty(l, ": Context"),
            next = ty(l, ": Next"),
        )
    }
}
