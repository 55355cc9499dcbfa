//! Well-known shapes of credentials (Stripe live keys, GitHub and Slack tokens, OpenAI and
//! Anthropic keys, AWS access key ids, PEM private keys), found anywhere in a text. Used by the
//! scanner (committed secrets), by the answers rules (a value typed where a name belongs) and
//! by the renderers (a repository command that carries one is never copied). Reports the kind
//! and where, never the value.

/// Marks where the scanner cut a credential out of a command; `generate` refuses to copy such
/// a command into a file.
pub const REDACTED: &str = "[redacted credential]";

/// (prefix, kind, shortest body after the prefix, characters allowed in the body).
const SHAPES: &[(&str, &str, usize, Body)] = &[
    ("sk_live_", "stripe-live-key", 16, Body::AlnumUnderscore),
    ("rk_live_", "stripe-live-key", 16, Body::AlnumUnderscore),
    ("ghp_", "github-token", 30, Body::Alnum),
    ("gho_", "github-token", 30, Body::Alnum),
    ("ghu_", "github-token", 30, Body::Alnum),
    ("ghs_", "github-token", 30, Body::Alnum),
    ("ghr_", "github-token", 30, Body::Alnum),
    ("github_pat_", "github-token", 22, Body::AlnumUnderscore),
    ("xoxb-", "slack-token", 10, Body::AlnumDash),
    ("xoxp-", "slack-token", 10, Body::AlnumDash),
    ("xoxa-", "slack-token", 10, Body::AlnumDash),
    ("xoxs-", "slack-token", 10, Body::AlnumDash),
    ("sk-proj-", "openai-key", 20, Body::AlnumDashUnderscore),
    ("sk-ant-", "anthropic-key", 20, Body::AlnumDashUnderscore),
    ("AKIA", "aws-access-key", 16, Body::UpperDigit),
    ("ASIA", "aws-access-key", 16, Body::UpperDigit),
];

#[derive(Clone, Copy)]
enum Body {
    Alnum,
    AlnumUnderscore,
    AlnumDash,
    AlnumDashUnderscore,
    UpperDigit,
}

impl Body {
    fn allows(self, b: u8) -> bool {
        match self {
            Body::Alnum => b.is_ascii_alphanumeric(),
            Body::AlnumUnderscore => b.is_ascii_alphanumeric() || b == b'_',
            Body::AlnumDash => b.is_ascii_alphanumeric() || b == b'-',
            Body::AlnumDashUnderscore => b.is_ascii_alphanumeric() || b == b'-' || b == b'_',
            Body::UpperDigit => b.is_ascii_uppercase() || b.is_ascii_digit(),
        }
    }
}

/// A credential found in a text: its kind and the byte offset where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: &'static str,
    pub offset: usize,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Placeholder bodies of documentation (`AKIAIOSFODNN7EXAMPLE`, `sk_live_xxxx...`).
fn is_placeholder(body: &[u8]) -> bool {
    let lower = String::from_utf8_lossy(body).to_ascii_lowercase();
    lower.contains("example")
        || lower.contains("xxxxxxxx")
        || lower.contains("your")
        || body.iter().all(|&b| b == body[0])
}

/// The first well-known credential in `text`, if any.
pub fn find(text: &str) -> Option<Token> {
    find_all(text).next()
}

/// Every well-known credential in `text`, in order.
pub fn find_all(text: &str) -> impl Iterator<Item = Token> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let i = at;
            at += 1;
            if i > 0 && is_word(bytes[i - 1]) {
                continue;
            }
            if bytes[i..].starts_with(b"-----BEGIN ") {
                let line_end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                if text[i..line_end].contains("PRIVATE KEY-----") {
                    at = line_end;
                    return Some(Token {
                        kind: "private-key",
                        offset: i,
                    });
                }
                continue;
            }
            for &(prefix, kind, min, body) in SHAPES {
                if !bytes[i..].starts_with(prefix.as_bytes()) {
                    continue;
                }
                let start = i + prefix.len();
                let len = bytes[start..]
                    .iter()
                    .take_while(|&&b| body.allows(b))
                    .count();
                let exact_aws = matches!(body, Body::UpperDigit) && len != min;
                if len >= min && !exact_aws && !is_placeholder(&bytes[start..start + len]) {
                    at = start + len;
                    return Some(Token { kind, offset: i });
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_shape_and_not_its_placeholders() {
        let cases = [
            ("key=sk_live_51HqLyjWDarjtT1zdp7dc", "stripe-live-key"),
            ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github-token"),
            (
                "github_pat_11ABCDEFG0123456789_abcdefghijkl",
                "github-token",
            ),
            ("SLACK=xoxb-123456789012-abcdefghij", "slack-token"),
            ("sk-proj-abcdefghijklmnopqrstuvwxyz", "openai-key"),
            ("AKIAZ7QWERTYUIOPASDF", "aws-access-key"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc", "private-key"),
        ];
        for (text, kind) in cases {
            assert_eq!(find(text).map(|t| t.kind), Some(kind), "{text}");
        }
        for text in [
            "AKIAIOSFODNN7EXAMPLE",
            "sk_live_xxxxxxxxxxxxxxxxxxxx",
            "task_live_update",
            "ghp_short",
            "MY_AKIAZ7QWERTYUIOPASDF",
            "if k.startswith('-----BEGIN RSA')",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}
