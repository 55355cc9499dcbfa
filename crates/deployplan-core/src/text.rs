//! Text rules shared by every output: repository-supplied strings made safe for a terminal or
//! a document, line endings compared without regard to CRLF, and the invisible characters
//! (bidirectional controls) that no name may hold.

use std::borrow::Cow;

/// Unicode bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM,
/// ALM): they reorder what a reader sees without changing what a program reads
/// (CVE-2021-42574, "Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// A character a terminal or a document viewer would act on rather than show: C0/C1 controls
/// (ESC starts terminal sequences), DEL and the bidirectional controls.
fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    if keep_newlines && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control() || is_bidi_control(c)
}

fn escape(value: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !value.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if is_unsafe(c, keep_newlines) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A repository-supplied string (a path, a command, a name) for one line of a terminal or a
/// document: every control or bidi character shown as an escape (`\u{1b}`), the rest as is.
pub fn escaped(value: &str) -> Cow<'_, str> {
    escape(value, false)
}

/// A whole block of text for a terminal: newlines and tabs kept, every other control or bidi
/// character escaped, so nothing printed can move the cursor, retitle the window or recolour.
pub fn escaped_block(value: &str) -> Cow<'_, str> {
    escape(value, true)
}

/// The text with CRLF (and lone CR) line endings turned into LF, for comparisons that must
/// not see a checkout's line-ending conversion as a change.
pub fn lf(value: &str) -> Cow<'_, str> {
    if !value.contains('\r') {
        return Cow::Borrowed(value);
    }
    Cow::Owned(value.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Whether two texts are the same once line endings are normalized.
pub fn same_lines(a: &str, b: &str) -> bool {
    lf(a) == lf(b)
}

/// Whether a file uses CRLF line endings (its first line ending is CRLF).
pub fn uses_crlf(value: &str) -> bool {
    value
        .find('\n')
        .is_some_and(|i| i > 0 && value.as_bytes()[i - 1] == b'\r')
}

/// The text with LF line endings turned into CRLF (to append to a CRLF file).
pub fn crlf(value: &str) -> String {
    lf(value).replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(escaped("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escaped("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(escaped("a\nb"), "a\\nb");
        assert_eq!(escaped_block("a\nb\u{7}"), "a\nb\\u{7}");
        assert!(matches!(escaped("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn line_endings() {
        assert!(same_lines("a\r\nb\r\n", "a\nb\n"));
        assert!(!same_lines("a\nb", "a\nc"));
        assert!(uses_crlf("x\r\ny"));
        assert!(!uses_crlf("x\ny\r\n"));
        assert_eq!(crlf("a\nb\r\n"), "a\r\nb\r\n");
    }
}
