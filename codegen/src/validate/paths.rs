//! Path templates and parameter names, parsed once so the runtime sends exactly what the
//! spec says. A template is `/`-separated segments, each either a literal of unreserved
//! characters (`A-Z a-z 0-9 - . _ ~`, and not `.` or `..`) or exactly one `{placeholder}`.
//! Anything else (`id-{id}`, `{a}{b}`, `?`, `#`, `%`, empty or dot segments) would be sent
//! differently from how it reads, or signed differently from how it is sent, so it is
//! refused here.

use super::super::ir::{ParamIn, PathTemplate, Segment};

/// Parses a path template; the error says what is wrong.
pub(super) fn parse(path: &str) -> Result<PathTemplate, String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err("path must start with `/`".into());
    };
    if rest.is_empty() {
        return Ok(PathTemplate { segments: vec![] });
    }
    let mut segments = Vec::new();
    for seg in rest.split('/') {
        segments.push(segment(seg)?);
    }
    Ok(PathTemplate { segments })
}

fn segment(seg: &str) -> Result<Segment, String> {
    if seg.is_empty() {
        return Err("empty path segment (`//` or a trailing `/`)".into());
    }
    let braces = seg.matches(['{', '}']).count();
    if let Some(name) = seg
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .filter(|_| braces == 2)
    {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("malformed placeholder `{seg}` in path"));
        }
        return Ok(Segment::Param(name.to_string()));
    }
    if braces > 0 {
        if !seg.contains('}') {
            return Err("unclosed `{` in path".into());
        }
        if !seg.contains('{') {
            return Err("unmatched `}` in path".into());
        }
        return Err(format!(
            "`{seg}`: a placeholder must be a whole path segment"
        ));
    }
    if seg == "." || seg == ".." {
        return Err(format!(
            "`{seg}` segment: URL handling would resolve it away"
        ));
    }
    if let Some(c) = seg
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
    {
        return Err(format!(
            "`{c}` in the path segment `{seg}` would be percent-encoded; literal segments take letters, digits and `-._~` only"
        ));
    }
    Ok(Segment::Literal(seg.to_string()))
}

/// Whether a parameter name can travel where it is sent: a header name must be an HTTP
/// token, a query name must not be empty, a path name must be a placeholder name.
pub(super) fn name_error(name: &str, location: ParamIn) -> Option<String> {
    match location {
        ParamIn::Header => {
            let token = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
            (!token).then(|| format!("`{name}` is not a valid HTTP header name"))
        }
        ParamIn::Query => name
            .trim()
            .is_empty()
            .then(|| "a query parameter needs a name".to_string()),
        ParamIn::Path => (name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| format!("`{name}` cannot be a path placeholder name (letters, digits, `_`)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_parsed_or_refused() {
        let t = parse("/v1.0/{domain_id}/orders").unwrap();
        assert_eq!(t.to_string(), "/v1.0/{domain_id}/orders");
        assert_eq!(t.segments[1], Segment::Param("domain_id".into()));
        for bad in [
            "/v1/things/id-{id}",
            "/v1/{a}{b}",
            "/v1/x?y=1",
            "/v1/x#y",
            "/v1/../admin",
            "/v1/./x",
            "/v1//x",
            "/v1/x/",
            "/v1/a%2Fb",
            "v1",
            "/v1/{x",
        ] {
            assert!(parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn parameter_names_must_travel() {
        assert!(name_error("X-Language", ParamIn::Header).is_none());
        assert!(name_error("X Lang", ParamIn::Header).is_some());
        assert!(name_error("", ParamIn::Query).is_some());
        assert!(name_error("order_id", ParamIn::Query).is_none());
    }
}
