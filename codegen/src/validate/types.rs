//! The spec's type expressions: `string`, `int32`, `list<Model>`, `map<decimal>`, …

use std::collections::BTreeSet;

use crate::ir::TypeRef;

/// The model and enum names defined anywhere in the spec.
pub struct Known<'a> {
    pub models: BTreeSet<&'a str>,
    pub enums: BTreeSet<&'a str>,
}

/// Parses a type expression. The error is (message, hint).
pub fn parse_type(text: &str, known: &Known) -> Result<TypeRef, (String, String)> {
    let t = text.trim();
    let generic = |prefix: &str| t.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
    if let Some(inner) = generic("list<") {
        return Ok(TypeRef::List(Box::new(parse_type(inner, known)?)));
    }
    if let Some(inner) = generic("map<") {
        return Ok(TypeRef::Map(Box::new(parse_type(inner, known)?)));
    }
    Ok(match t {
        "string" => TypeRef::String,
        "timestamp" => TypeRef::Timestamp,
        "boolean" => TypeRef::Bool,
        "int32" => TypeRef::I32,
        "int64" => TypeRef::I64,
        "decimal" => TypeRef::Decimal,
        "decimal_string" => TypeRef::DecimalString,
        "double" => TypeRef::F64,
        "json" => TypeRef::Json,
        name if known.models.contains(name) => TypeRef::Model(name.to_string()),
        name if known.enums.contains(name) => TypeRef::Enum(name.to_string()),
        name => {
            let hint = match name.to_ascii_lowercase().as_str() {
                "integer" | "int" | "long" => "use int32 or int64".to_string(),
                "bigdecimal" | "number" | "float" | "money" => "use decimal (exact) for amounts".to_string(),
                "bool" => "use boolean".to_string(),
                "str" | "text" => "use string".to_string(),
                _ if name.contains('<') => "generic types are list<T> and map<T>".to_string(),
                _ => "use a built-in type (string, timestamp, boolean, int32, int64, decimal, decimal_string, double, json, list<T>, map<T>) or a model/enum defined in spec/groups".to_string(),
            };
            return Err((format!("unknown type `{name}`"), hint));
        }
    })
}

pub fn is_scalar(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::String
            | TypeRef::Timestamp
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::Decimal
            | TypeRef::DecimalString
            | TypeRef::F64
            | TypeRef::Enum(_)
    )
}

/// Decimals are exact only through the runtime's serde helpers, which cover a decimal and
/// a list of number-coded decimals; other nestings are refused with this message.
pub fn decimal_shape_error(t: &TypeRef) -> Option<&'static str> {
    fn contains_decimal(t: &TypeRef) -> bool {
        match t {
            TypeRef::Decimal | TypeRef::DecimalString => true,
            TypeRef::List(i) | TypeRef::Map(i) => contains_decimal(i),
            _ => false,
        }
    }
    match t {
        TypeRef::Decimal | TypeRef::DecimalString => None,
        TypeRef::List(i) if **i == TypeRef::Decimal => None,
        other if contains_decimal(other) => {
            Some("decimals can be a field, or a list<decimal>; other nestings would lose exactness")
        }
        _ => None,
    }
}

/// Pushes every model named anywhere inside `t`.
pub fn collect_models(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Model(m) => out.push(m.clone()),
        TypeRef::List(i) | TypeRef::Map(i) => collect_models(i, out),
        _ => {}
    }
}
