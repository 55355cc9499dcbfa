//! CloudFormation's long form as JSON values (`Ref`, `Fn::GetAtt`, `Fn::Sub`, ...), the
//! resources map, and the pieces several parts of the stack share.

use serde_json::{Map, Value, json};

pub fn r(name: &str) -> Value {
    json!({ "Ref": name })
}

pub fn att(resource: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [resource, attribute] })
}

pub fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}

pub fn if_prod(yes: Value, no: Value) -> Value {
    json!({ "Fn::If": ["IsProduction", yes, no] })
}

/// The `i`th availability zone of the stack's region.
pub fn az(i: u32) -> Value {
    json!({ "Fn::Select": [i, { "Fn::GetAZs": "" }] })
}

pub fn tags(name: &str) -> Value {
    json!([{ "Key": "Name", "Value": sub(name) }])
}

/// `Metadata: checkov: skip` with the reason of each skipped check.
pub fn skip(checks: &[(&str, &str)]) -> Value {
    let list: Vec<Value> = checks
        .iter()
        .map(|(id, why)| json!({ "id": id, "comment": why }))
        .collect();
    json!({ "checkov": { "skip": list } })
}

/// The template's `Resources`, by logical id.
pub struct Resources(pub Map<String, Value>);

impl Resources {
    /// Adds a resource and returns it, for its `Condition`, `DependsOn` or `Metadata`.
    pub fn add(&mut self, id: &str, kind: &str, properties: Value) -> &mut Map<String, Value> {
        self.0
            .insert(id.into(), json!({ "Type": kind, "Properties": properties }));
        self.0
            .get_mut(id)
            .and_then(Value::as_object_mut)
            .expect("just inserted")
    }
}

/// A trust policy letting an AWS service of this account assume a role.
pub fn role_trust(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": service },
            "Action": "sts:AssumeRole",
            "Condition": { "StringEquals": { "aws:SourceAccount": r("AWS::AccountId") } }
        }]
    })
}
