//! The platforms of the knowledge base as a type. Code that knows something about one platform
//! matches on a [`PlatformId`], never on its id string, so a platform that is renamed or
//! removed is a compile error wherever it was named. [`Catalog::load`](super::Catalog::load)
//! refuses a catalog whose files are not exactly these ids, in this order.

use crate::answers::choice::{Choice, choice_enum};

choice_enum! {
    /// A platform of `catalog/platforms/`, in the catalog's order.
    PlatformId, key = "platform" {
        Vercel => ("vercel", "Vercel", ""),
        Netlify => ("netlify", "Netlify", ""),
        Cloudflare => ("cloudflare", "Cloudflare", ""),
        Render => ("render", "Render", ""),
        Railway => ("railway", "Railway", ""),
        Heroku => ("heroku", "Heroku", ""),
        DigitalOcean => ("digitalocean", "DigitalOcean App Platform", ""),
        Fly => ("fly", "Fly.io", ""),
        CloudRun => ("cloud-run", "Google Cloud Run", ""),
        AzureContainerApps => ("azure-container-apps", "Azure Container Apps", ""),
        AwsEcs => ("aws-ecs", "AWS ECS Fargate", ""),
        Kubernetes => ("kubernetes", "Kubernetes", ""),
        Kamal => ("kamal", "Kamal", ""),
    }
}

impl PlatformId {
    /// Every platform, in the catalog's order.
    pub fn all() -> &'static [PlatformId] {
        <Self as Choice>::all()
    }

    /// The catalog id (`fly`, `cloud-run`), the name of its file under `catalog/platforms/`.
    pub fn as_str(self) -> &'static str {
        <Self as Choice>::id(self)
    }

    /// Whether the platform's files deploy every service of a monorepo on its own, each from
    /// its folder with its own commands (the artifacts' targets answer from this, and the TDD
    /// says so); on the others the files configure the root app and the TDD lists what to
    /// create for each service.
    pub fn deploys_each_service(self) -> bool {
        use PlatformId::*;
        match self {
            Render | Railway | Fly | Kubernetes | DigitalOcean | CloudRun | AzureContainerApps
            | Kamal | Heroku => true,
            // The frontend hosts deploy the site's own service (section 2 names it).
            Vercel | Netlify | Cloudflare => false,
            AwsEcs => false,
        }
    }

    /// Whether the generated files run the app's worker processes: Cloud Run's services are
    /// request-driven (worker pools are not generated), and the static hosts run no
    /// processes.
    pub fn deploys_workers(self) -> bool {
        use PlatformId::*;
        !matches!(self, CloudRun | Vercel | Netlify | Cloudflare)
    }

    /// The platform with this catalog id, if deployplan knows it.
    pub fn find(id: &str) -> Option<PlatformId> {
        Self::all().iter().copied().find(|p| p.as_str() == id)
    }
}

impl PartialEq<str> for PlatformId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<PlatformId> for str {
    fn eq(&self, other: &PlatformId) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<PlatformId> for String {
    fn eq(&self, other: &PlatformId) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<&str> for PlatformId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for PlatformId {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

/// The id reads as the string it is in files and flags (`platforms::target(&plan.platform.id)`).
impl std::ops::Deref for PlatformId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for PlatformId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&PlatformId> for String {
    fn from(id: &PlatformId) -> String {
        id.as_str().to_string()
    }
}

impl From<PlatformId> for String {
    fn from(id: PlatformId) -> String {
        id.as_str().to_string()
    }
}
