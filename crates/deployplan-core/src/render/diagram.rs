//! Section 2's architecture diagram, as Mermaid (which GitHub renders) and as plain text.

use crate::plan::{Plan, ProcessKind};

/// Mermaid node labels are quoted; this keeps a name from breaking the diagram's syntax.
fn label(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            '[' | ']' | '{' | '}' | '<' | '>' | '|' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

struct Node {
    id: &'static str,
    label: String,
}

fn nodes(plan: &Plan) -> (Vec<Node>, Vec<Node>) {
    let p = &plan.platform;
    let mut front = vec![
        Node {
            id: "users",
            label: "Users".into(),
        },
        Node {
            id: "edge",
            label: format!("{} edge / load balancer (HTTPS)", p.name),
        },
    ];
    let web = plan
        .runtime
        .processes
        .iter()
        .find(|x| x.kind == ProcessKind::Web);
    front.push(Node {
        id: "app",
        label: match web {
            Some(_) => format!(
                "App: {} ({} instance{})",
                label(plan.project_name()),
                plan.cost.instances,
                if plan.cost.instances == 1 { "" } else { "s" }
            ),
            None => format!("Static site / functions: {}", label(plan.project_name())),
        },
    });
    let mut back = Vec::new();
    if plan.has_workers() {
        back.push(Node {
            id: "workers",
            label: "Background workers".into(),
        });
    }
    if let Some(db) = &plan.database {
        back.push(Node {
            id: "db",
            label: format!("{} on {}", db.engine_name, label(&db.hosting_name)),
        });
        if let Some(cache) = &db.cache {
            back.push(Node {
                id: "cache",
                label: label(cache),
            });
        }
    }
    back.push(Node {
        id: "apis",
        label: "External APIs".into(),
    });
    (front, back)
}

pub fn mermaid(plan: &Plan) -> String {
    let (front, back) = nodes(plan);
    let mut out = String::from("flowchart LR\n");
    for n in front.iter().chain(back.iter()) {
        out.push_str(&format!("    {}[\"{}\"]\n", n.id, label(&n.label)));
    }
    for pair in front.windows(2) {
        out.push_str(&format!("    {} --> {}\n", pair[0].id, pair[1].id));
    }
    for n in &back {
        if n.id == "workers" {
            out.push_str("    app -- jobs --> workers\n");
        } else {
            out.push_str(&format!("    app --> {}\n", n.id));
        }
    }
    if back.iter().any(|n| n.id == "workers") {
        for n in back.iter().filter(|n| n.id == "db" || n.id == "cache") {
            out.push_str(&format!("    workers --> {}\n", n.id));
        }
    }
    if plan.ci.automated {
        out.push_str(&format!(
            "    ci[\"{}\"] -. deploys .-> app\n",
            label(&plan.ci.provider_name)
        ));
    }
    out
}

pub fn plain(plan: &Plan) -> String {
    let (front, back) = nodes(plan);
    let head = front
        .iter()
        .map(|n| format!("({})", n.label))
        .collect::<Vec<_>>()
        .join(" --> ");
    let indent = head.len() - front.last().map_or(0, |n| n.label.len() + 2);
    let mut out = head;
    out.push('\n');
    for n in &back {
        out.push_str(&" ".repeat(indent));
        out.push_str(&format!("  +--> ({})\n", n.label));
    }
    out
}
