//! Hono: a handler factory the app mounts with `app.get(path, health(check))`.

use deployplan_core::plan::{EndpointFamily, SourceLanguage};

use super::js::{common, export_default, ty};
use super::{Context, EndpointSource};

pub struct Hono;

impl EndpointSource for Hono {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Hono]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        let import = if l == SourceLanguage::TypeScript {
            "import type { Context as HonoContext } from 'hono';\n\n"
        } else {
            ""
        };
        format!(
            "{import}{common}\n{export}function health(checkDatabase{ochk}) {{\n  return async function healthHandler(c{ctx}) {{\n    const [code, body] = await report(checkDatabase);\n    return c.json(body, code{cast});\n  }};\n}}\n",
            common = common(l, "a Hono handler", &cx.mount_comment()),
            export = export_default(l),
            ochk = ty(l, "?: Check"),
            ctx = ty(l, ": HonoContext"),
            cast = ty(l, " as 200 | 503"),
        )
    }
}
