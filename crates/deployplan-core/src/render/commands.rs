//! Commands the document prints in a `bash` block run as written: a value only the person
//! knows (`<service-id>` in the knowledge base) becomes a shell variable (`"${SERVICE_ID}"`),
//! quoted for where it stands, and the block is preceded by the list of variables to set.

use serde::Serialize;

/// A shell variable a command block reads, and what to set it to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShellVariable {
    pub name: String,
    /// The knowledge base's placeholder, in words ("service id").
    pub means: String,
}

/// Commands ready for a `bash` block, with the variables to set first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CommandBlock {
    pub lines: Vec<String>,
    pub set_first: Vec<ShellVariable>,
}

/// The variable name of a placeholder: `service-id` → `SERVICE_ID`, `owner/name` →
/// `OWNER_NAME`, `N` → `N`.
fn variable_name(placeholder: &str) -> String {
    placeholder
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A placeholder at the start of `rest` (`<service-id>…`): its inside and its length.
fn placeholder(rest: &str) -> Option<(&str, usize)> {
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    let name = &inner[..end];
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/".contains(c));
    valid.then_some((name, end + 2))
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
    Double,
}

/// One command with its placeholders replaced by variables, quoted for where each stands:
/// `"${X}"` outside quotes, `${X}` inside double quotes, and out of single quotes and back
/// (`'"${X}"'`) inside single ones, where the shell would not expand it.
pub fn with_variables(command: &str, found: &mut Vec<ShellVariable>) -> String {
    let mut out = String::new();
    let mut quote = Quote::None;
    let mut i = 0;
    while i < command.len() {
        let rest = &command[i..];
        if let Some((name, len)) = placeholder(rest) {
            let var = variable_name(name);
            if !found.iter().any(|v| v.name == var) {
                found.push(ShellVariable {
                    name: var.clone(),
                    means: name.replace(['-', '_'], " "),
                });
            }
            // `'<value>'`: the whole single-quoted word is the value.
            if quote == Quote::Single && out.ends_with('\'') && rest[len..].starts_with('\'') {
                out.pop();
                out.push_str(&format!("\"${{{var}}}\""));
                i += len + 1;
                quote = Quote::None;
                continue;
            }
            out.push_str(&match quote {
                Quote::None => format!("\"${{{var}}}\""),
                Quote::Double => format!("${{{var}}}"),
                Quote::Single => format!("'\"${{{var}}}\"'"),
            });
            i += len;
            continue;
        }
        let c = rest.chars().next().expect("not at the end");
        quote = match (quote, c) {
            (Quote::None, '\'') => Quote::Single,
            (Quote::None, '"') => Quote::Double,
            (Quote::Single, '\'') | (Quote::Double, '"') => Quote::None,
            (q, _) => q,
        };
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The block of `commands`, placeholders turned into variables.
pub fn block<S: AsRef<str>>(commands: &[S]) -> CommandBlock {
    let mut set_first = Vec::new();
    let lines = commands
        .iter()
        .map(|c| with_variables(c.as_ref(), &mut set_first))
        .collect();
    CommandBlock { lines, set_first }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_variables_quoted_for_where_they_stand() {
        let b = block(&[
            "render deploys create <service-id> --commit <good-commit-sha> --wait",
            "curl -d '{\"deployment_id\": \"<deployment-id>\"}' https://x/$APP",
            "printf '%s' '<value>' | gcloud secrets create <NAME> --data-file=-",
            "gcloud x --attribute-condition=\"assertion.repository=='<owner/name>'\"",
            "heroku releases:rollback v<N> -a $HEROKU_APP_NAME",
        ]);
        assert_eq!(
            b.lines,
            [
                "render deploys create \"${SERVICE_ID}\" --commit \"${GOOD_COMMIT_SHA}\" --wait",
                "curl -d '{\"deployment_id\": \"'\"${DEPLOYMENT_ID}\"'\"}' https://x/$APP",
                "printf '%s' \"${VALUE}\" | gcloud secrets create \"${NAME}\" --data-file=-",
                "gcloud x --attribute-condition=\"assertion.repository=='${OWNER_NAME}'\"",
                "heroku releases:rollback v\"${N}\" -a $HEROKU_APP_NAME",
            ]
        );
        let names: Vec<&str> = b.set_first.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "SERVICE_ID",
                "GOOD_COMMIT_SHA",
                "DEPLOYMENT_ID",
                "VALUE",
                "NAME",
                "OWNER_NAME",
                "N"
            ]
        );
        assert_eq!(b.set_first[0].means, "service id");
    }

    #[test]
    fn a_command_without_placeholders_is_unchanged() {
        let b = block(&["echo \"$A\" 'b' <<EOF", "a < b > c"]);
        assert_eq!(b.lines, ["echo \"$A\" 'b' <<EOF", "a < b > c"]);
        assert!(b.set_first.is_empty());
    }
}
