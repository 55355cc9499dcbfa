//! Next.js: a route handler (`app/api/health/route.ts`) or an API route
//! (`pages/api/health.ts`), as the app's router is. The file is the route: nothing to mount.

use deployplan_core::plan::{EndpointFamily, SourceLanguage};

use super::js::{file_route_common, ty};
use super::{Context, EndpointSource};

pub struct Next;

impl EndpointSource for Next {
    fn families(&self) -> &'static [EndpointFamily] {
        &[
            EndpointFamily::NextAppRouter,
            EndpointFamily::NextPagesRouter,
        ]
    }

    fn source(&self, cx: &Context) -> String {
        let l = cx.language;
        if cx.family == EndpointFamily::NextAppRouter {
            // Route handlers are cached at build time unless dynamic: a probe must run each
            // time. The Node.js runtime, for process.env and timers.
            return format!(
                "{common}\nexport const dynamic = 'force-dynamic';\nexport const runtime = 'nodejs';\n\nexport async function GET(){res} {{\n  const [code, body] = await report(checkDatabase);\n  return new Response(JSON.stringify(body), {{\n    status: code,\n    headers: {{ 'content-type': 'application/json', 'cache-control': 'no-store' }},\n  }});\n}}\n",
                common = file_route_common(l, "a Next.js route handler", &cx.served()),
                res = ty(l, ": Promise<Response>"),
            );
        }
        let import = if l == SourceLanguage::TypeScript {
            "import type { NextApiRequest, NextApiResponse } from 'next';\n\n"
        } else {
            ""
        };
        format!(
            "{import}{common}\nexport default async function handler(_req{req}, res{res}){void} {{\n  const [code, body] = await report(checkDatabase);\n  res.setHeader('cache-control', 'no-store');\n  res.status(code).json(body);\n}}\n",
            common = file_route_common(l, "a Next.js API route", &cx.served()),
            req = ty(l, ": NextApiRequest"),
            res = ty(l, ": NextApiResponse"),
            void = ty(l, ": Promise<void>"),
        )
    }
}
