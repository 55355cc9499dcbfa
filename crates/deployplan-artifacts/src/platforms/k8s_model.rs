//! Typed Kubernetes objects (the fields deployplan writes), for `k8s/*.yaml`.

use std::collections::BTreeMap;

use serde::Serialize;

pub type Labels = BTreeMap<String, String>;

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Object<S: Serialize> {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: Metadata,
    #[serde(flatten)]
    pub body: S,
}

#[derive(Serialize, Clone)]
pub struct Metadata {
    pub name: String,
    pub namespace: &'static str,
    pub labels: Labels,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

#[derive(Serialize, Clone)]
pub struct Spec<T: Serialize> {
    pub spec: T,
}

#[derive(Serialize, Clone)]
pub struct Data {
    pub data: BTreeMap<String, String>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSpec {
    pub replicas: u32,
    pub revision_history_limit: u32,
    pub selector: Selector,
    pub strategy: Strategy,
    pub template: PodTemplate,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    pub match_labels: Labels,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Strategy {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub rolling_update: RollingUpdate,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdate {
    pub max_surge: u32,
    pub max_unavailable: u32,
}

#[derive(Serialize, Clone)]
pub struct PodTemplate {
    pub metadata: TemplateMetadata,
    pub spec: PodSpec,
}

#[derive(Serialize, Clone)]
pub struct TemplateMetadata {
    pub labels: Labels,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    pub automount_service_account_token: bool,
    pub security_context: PodSecurity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<&'static str>,
    pub containers: Vec<Container>,
    pub volumes: Vec<Volume>,
}

/// A scratch volume (`/tmp`) for a container whose root filesystem is read-only.
#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    pub name: &'static str,
    pub empty_dir: EmptyDir,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct EmptyDir {
    pub size_limit: &'static str,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct VolumeMount {
    pub name: &'static str,
    pub mount_path: &'static str,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct PodSecurity {
    pub run_as_non_root: bool,
    pub run_as_user: u32,
    pub run_as_group: u32,
    pub seccomp_profile: Seccomp,
}

#[derive(Serialize, Clone)]
pub struct Seccomp {
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub name: String,
    pub image: String,
    pub image_pull_policy: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env_from: Vec<EnvFrom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
    pub resources: Resources,
    pub security_context: ContainerSecurity,
    pub volume_mounts: Vec<VolumeMount>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    pub name: &'static str,
    pub container_port: u16,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub enum EnvFrom {
    ConfigMapRef(NameRef),
    SecretRef(NameRef),
}

#[derive(Serialize, Clone)]
pub struct NameRef {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_get: Option<HttpGet>,
    /// A port check when the app serves no health path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<TcpSocket>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<u32>,
    pub period_seconds: u32,
    pub timeout_seconds: u32,
    pub failure_threshold: u32,
}

#[derive(Serialize, Clone)]
pub struct TcpSocket {
    pub port: &'static str,
}

#[derive(Serialize, Clone)]
pub struct HttpGet {
    pub path: String,
    pub port: &'static str,
}

#[derive(Serialize, Clone)]
pub struct Resources {
    pub requests: BTreeMap<String, String>,
    pub limits: BTreeMap<String, String>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ContainerSecurity {
    pub allow_privilege_escalation: bool,
    pub read_only_root_filesystem: bool,
    pub capabilities: Capabilities,
}

#[derive(Serialize, Clone)]
pub struct Capabilities {
    pub drop: Vec<&'static str>,
}

#[derive(Serialize, Clone)]
pub struct ServiceSpec {
    pub selector: Labels,
    pub ports: Vec<ServicePort>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    pub name: &'static str,
    pub port: u16,
    pub target_port: &'static str,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct IngressSpec {
    pub ingress_class_name: &'static str,
    pub rules: Vec<IngressRule>,
}

#[derive(Serialize, Clone)]
pub struct IngressRule {
    pub host: String,
    pub http: IngressHttp,
}

#[derive(Serialize, Clone)]
pub struct IngressHttp {
    pub paths: Vec<IngressPath>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct IngressPath {
    pub path: &'static str,
    pub path_type: &'static str,
    pub backend: IngressBackend,
}

#[derive(Serialize, Clone)]
pub struct IngressBackend {
    pub service: BackendService,
}

#[derive(Serialize, Clone)]
pub struct BackendService {
    pub name: String,
    pub port: BackendPort,
}

#[derive(Serialize, Clone)]
pub struct BackendPort {
    pub name: &'static str,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct HpaSpec {
    pub scale_target_ref: ScaleTarget,
    pub min_replicas: u32,
    pub max_replicas: u32,
    pub metrics: Vec<Metric>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ScaleTarget {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub name: String,
}

#[derive(Serialize, Clone)]
pub struct Metric {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub resource: ResourceMetric,
}

#[derive(Serialize, Clone)]
pub struct ResourceMetric {
    pub name: &'static str,
    pub target: MetricTarget,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct MetricTarget {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub average_utilization: u32,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    pub backoff_limit: u32,
    pub active_deadline_seconds: u32,
    pub ttl_seconds_after_finished: u32,
    pub template: PodTemplate,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct CronJobSpec {
    pub schedule: String,
    pub concurrency_policy: &'static str,
    pub job_template: Spec<JobSpec>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPolicySpec {
    pub pod_selector: Selector,
    pub policy_types: Vec<&'static str>,
    /// Empty: no traffic in (workers, jobs).
    pub ingress: Vec<NetworkPolicyIngress>,
}

#[derive(Serialize, Clone)]
pub struct NetworkPolicyIngress {
    pub ports: Vec<NetworkPolicyPort>,
}

#[derive(Serialize, Clone)]
pub struct NetworkPolicyPort {
    pub protocol: &'static str,
    pub port: &'static str,
}
