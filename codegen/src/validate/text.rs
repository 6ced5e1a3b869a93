//! Spec text becomes rustdoc. Text that rustdoc would read as code (a ``` fence, which
//! would become a failing doctest) or that cannot be in a doc comment (a bare CR, other
//! control characters) is refused where it is written.

use crate::diagnostic::Diagnostics;
use crate::load::Loaded;

pub(super) fn check<T>(file: &Loaded<T>, path: &str, text: &str, d: &mut Diagnostics) {
    if text.contains("```") || text.contains("~~~") {
        d.push(
            file.error_at(
                path,
                "text holds a code fence, which rustdoc would compile as a doctest",
            )
            .hint("write code as `inline code`"),
        );
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        d.push(
            file.error_at(
                path,
                format!("text holds the control character U+{:04X}", c as u32),
            )
            .hint("use plain line breaks (LF) only"),
        );
    }
    if text
        .lines()
        .any(|l| l.starts_with("    ") || l.starts_with('\t'))
    {
        d.push(
            file.error_at(
                path,
                "an indented line would become a code block (a doctest)",
            )
            .hint("start each line of the text at the margin"),
        );
    }
}

pub(super) fn check_opt<T>(
    file: &Loaded<T>,
    path: &str,
    text: &Option<String>,
    d: &mut Diagnostics,
) {
    if let Some(t) = text {
        check(file, path, t, d);
    }
}
