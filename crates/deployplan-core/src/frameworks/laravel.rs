//! Laravel: `APP_ENV=production` and `APP_DEBUG=false` in production (the stack's switches).

use super::{Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct Laravel;

impl FrameworkProvider for Laravel {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("laravel", "Laravel", FullStack, Stack::Php)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
}
