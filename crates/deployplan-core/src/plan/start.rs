//! A web command must listen where the platform sends traffic: on every interface (not
//! `localhost`) and on the port the platform gives in `PORT`. Servers that do not read `PORT`
//! by themselves get the flag that says it, with the plan's port as the fallback
//! (`${PORT:-8000}`) for platforms that route to a fixed port. Wrappers that exist only in a
//! Heroku buildpack are dropped on other platforms, where they are not installed.

/// A start command as the platform should run it, and what was changed, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listening {
    pub command: String,
    pub changed: Option<String>,
}

fn has_any(words: &[&str], flags: &[&str]) -> bool {
    words.iter().any(|w| {
        flags
            .iter()
            .any(|f| w == f || w.starts_with(&format!("{f}=")))
    })
}

/// Programs that only exist in Heroku's buildpacks (`jemalloc.sh` from the jemalloc
/// buildpack, `bin/start-nginx` from the nginx buildpack); the command they wrap follows them.
const HEROKU_WRAPPERS: &[&str] = &[
    "jemalloc.sh",
    "bin/start-nginx",
    "bin/start-nginx-solo",
    "bin/start-pgbouncer",
    "bin/start-pgbouncer-stunnel",
];

/// The command made to listen on the platform's port. `on_heroku`: Heroku's own wrappers stay.
/// In `cd backend && uvicorn …` the server is the last command of the chain.
pub fn listen_on_port(command: &str, port: u16, on_heroku: bool) -> Listening {
    if let Some((before, last)) = command.rsplit_once("&& ") {
        let inner = listen_on_server(last, port, on_heroku);
        return Listening {
            command: format!("{before}&& {}", inner.command),
            changed: inner.changed,
        };
    }
    listen_on_server(command, port, on_heroku)
}

fn listen_on_server(command: &str, port: u16, on_heroku: bool) -> Listening {
    let mut notes = Vec::new();
    let mut words: Vec<String> = command.split_whitespace().map(String::from).collect();
    if !on_heroku {
        while let Some(first) = words.first() {
            if !HEROKU_WRAPPERS.contains(&first.as_str()) || words.len() == 1 {
                break;
            }
            notes.push(format!("dropped `{first}` (a Heroku buildpack wrapper)"));
            words.remove(0);
        }
    }
    let port_ref = format!("${{PORT:-{port}}}");
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    // The program after `bundle exec`, `poetry run`, `uv run`, `pipenv run`, `python -m`.
    let program_at = refs
        .iter()
        .position(|w| {
            !matches!(
                *w,
                "bundle"
                    | "exec"
                    | "poetry"
                    | "uv"
                    | "pipenv"
                    | "run"
                    | "python"
                    | "python3"
                    | "-m"
            )
        })
        .unwrap_or(0);
    let program = refs.get(program_at).copied().unwrap_or("");
    let rest = &refs[program_at..];
    let mut added: Vec<String> = Vec::new();
    match program {
        "uvicorn" => {
            if !has_any(rest, &["--host", "--uds", "--fd"]) {
                added.extend(["--host".into(), "0.0.0.0".into()]);
            }
            if !has_any(rest, &["--port", "--uds", "--fd"]) {
                added.extend(["--port".into(), port_ref.clone()]);
            }
        }
        "hypercorn" | "granian" if !has_any(rest, &["--bind", "-b", "--port"]) => {
            if program == "hypercorn" {
                added.extend(["--bind".into(), format!("0.0.0.0:{port_ref}")]);
            } else {
                added.extend([
                    "--host".into(),
                    "0.0.0.0".into(),
                    "--port".into(),
                    port_ref.clone(),
                ]);
            }
        }
        "daphne"
            if !has_any(
                rest,
                &["-b", "--bind", "-p", "--port", "-u", "--unix-socket"],
            ) =>
        {
            added.extend(["-b".into(), "0.0.0.0".into(), "-p".into(), port_ref.clone()]);
        }
        "flask" if rest.get(1) == Some(&"run") && !has_any(rest, &["--port", "-p"]) => {
            added.extend(["--host=0.0.0.0".into(), format!("--port={port_ref}")]);
        }
        "streamlit" if !has_any(rest, &["--server.port"]) => {
            added.extend([
                "--server.address".into(),
                "0.0.0.0".into(),
                "--server.port".into(),
                port_ref.clone(),
            ]);
        }
        _ => {}
    }
    // `rails server` / `rails s` and `php artisan serve` take their address as flags.
    let rails_server = refs
        .windows(2)
        .any(|w| w[0].ends_with("rails") && matches!(w[1], "server" | "s"));
    if rails_server && !has_any(&refs, &["-p", "--port"]) {
        added.extend(["-b".into(), "0.0.0.0".into(), "-p".into(), port_ref.clone()]);
    }
    let artisan_serve = refs
        .windows(2)
        .any(|w| w[0] == "artisan" && w[1] == "serve");
    if artisan_serve && !has_any(&refs, &["--port"]) {
        added.extend(["--host=0.0.0.0".into(), format!("--port={port_ref}")]);
    }
    // `manage.py runserver` and `php -S` name host and port in one argument.
    for i in 0..words.len() {
        let before = if i > 0 { words[i - 1].as_str() } else { "" };
        let local_address = before == "-S" || before == "runserver";
        let after_runserver = words[i] == "runserver" && i + 1 == words.len();
        if local_address && !words[i].starts_with('-') && !words[i].contains("$PORT") {
            notes.push(format!(
                "`{}` listens on {}",
                before,
                format_args!("0.0.0.0:{port_ref}")
            ));
            words[i] = format!("0.0.0.0:{port_ref}");
        } else if after_runserver {
            added.push(format!("0.0.0.0:{port_ref}"));
        }
    }
    if !added.is_empty() {
        notes.push(format!(
            "added `{}` so it listens on the platform's port",
            added.join(" ")
        ));
        words.extend(added);
    }
    Listening {
        command: if notes.is_empty() {
            command.to_string()
        } else {
            words.join(" ")
        },
        changed: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(c: &str) -> String {
        listen_on_port(c, 8000, false).command
    }

    #[test]
    fn servers_that_ignore_port_get_the_flags() {
        assert_eq!(
            cmd("uvicorn app.main:app"),
            "uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-8000}"
        );
        assert_eq!(
            cmd("uvicorn backend.main:app --host 0.0.0.0"),
            "uvicorn backend.main:app --host 0.0.0.0 --port ${PORT:-8000}"
        );
        assert_eq!(
            cmd("poetry run uvicorn app:app --port=9000"),
            "poetry run uvicorn app:app --port=9000 --host 0.0.0.0"
        );
        assert_eq!(
            cmd("bin/rails server"),
            "bin/rails server -b 0.0.0.0 -p ${PORT:-8000}"
        );
        assert_eq!(
            cmd("php artisan serve"),
            "php artisan serve --host=0.0.0.0 --port=${PORT:-8000}"
        );
        assert_eq!(
            cmd("php -S localhost:8000 -t public"),
            "php -S 0.0.0.0:${PORT:-8000} -t public"
        );
        assert_eq!(
            cmd("python manage.py runserver"),
            "python manage.py runserver 0.0.0.0:${PORT:-8000}"
        );
        assert_eq!(
            cmd("flask run"),
            "flask run --host=0.0.0.0 --port=${PORT:-8000}"
        );
    }

    #[test]
    fn servers_that_read_port_or_bind_already_are_left_alone() {
        for c in [
            "gunicorn proj.wsgi",
            "gunicorn app:app --bind 0.0.0.0:$PORT",
            "uvicorn app:app --host 0.0.0.0 --port $PORT",
            "bundle exec puma -C config/puma.rb",
            "npm start",
            "node dist/server.js",
            "python manage.py runserver 0.0.0.0:$PORT",
        ] {
            let l = listen_on_port(c, 8000, false);
            assert_eq!(l.command, c);
            assert_eq!(l.changed, None, "{c}");
        }
    }

    #[test]
    fn heroku_wrappers_are_dropped_elsewhere_and_kept_on_heroku() {
        let l = listen_on_port(
            "jemalloc.sh bundle exec puma -C config/puma.rb",
            3000,
            false,
        );
        assert_eq!(l.command, "bundle exec puma -C config/puma.rb");
        assert!(l.changed.unwrap().contains("jemalloc.sh"));
        let kept = listen_on_port("jemalloc.sh bundle exec puma -C config/puma.rb", 3000, true);
        assert_eq!(
            kept.command,
            "jemalloc.sh bundle exec puma -C config/puma.rb"
        );
    }
}
