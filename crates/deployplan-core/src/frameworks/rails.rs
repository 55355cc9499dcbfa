//! Ruby on Rails: `/up` is its own health route (Rails 7.1+); Kamal, Heroku and Render are
//! built around it.

use super::{Affinity, Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;

pub struct Rails;

impl FrameworkProvider for Rails {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("rails", "Ruby on Rails", FullStack, Stack::Ruby)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn health(&self, _: &str) -> Option<HealthConvention> {
        Some(HealthConvention {
            family: "rails",
            path: "/up",
        })
    }
    fn affinity(&self, _: &str) -> &'static [Affinity] {
        &[
            Affinity {
                platform: "kamal",
                bonus: 10,
            },
            Affinity {
                platform: "heroku",
                bonus: 10,
            },
            Affinity {
                platform: "render",
                bonus: 10,
            },
        ]
    }
}
