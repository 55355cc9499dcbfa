//! Starlette: an endpoint function added to the app's routes.

use deployplan_core::plan::EndpointFamily;

use super::python::{ASYNC_HANDLER_BODY, header};
use super::{Context, EndpointSource};

pub struct Starlette;

impl EndpointSource for Starlette {
    fn families(&self) -> &'static [EndpointFamily] {
        &[EndpointFamily::Starlette]
    }

    fn source(&self, cx: &Context) -> String {
        format!(
            r#"{header}

async def check_database() -> bool:
    """Ping the database here with the app's own client and return True; False means there
    is nothing to check."""
    return False


async def health(request):
{body}"#,
            body = ASYNC_HANDLER_BODY,
            header = header(
                "a Starlette endpoint",
                &cx.mount_comment(),
                "from starlette.responses import JSONResponse\n"
            ),
        )
    }
}
