//! brat lines compared by what they say: each id replaced by what it names (a `T` by its
//! type and offsets, an `E` by its type, trigger and arguments), so that two `.ann` files
//! numbered differently compare equal when they say the same.

use std::collections::{BTreeSet, HashMap};

/// Each line of an `.ann` as what it says, ids resolved, with its kind (`M` counts as `A`,
/// brat's older name for it).
pub fn meanings(ann: &str) -> BTreeSet<(char, String)> {
    let mut by_id: HashMap<String, Vec<String>> = HashMap::new();
    for (number, line) in ann
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fields: Vec<String> = line.split('\t').map(|f| f.trim().to_owned()).collect();
        // Equivalences have no id of their own.
        let id = match fields[0].as_str() {
            "*" => format!("*{number}"),
            id => id.to_owned(),
        };
        by_id.insert(id, fields);
    }
    let mut said = BTreeSet::new();
    for fields in by_id.values() {
        let kind = fields[0].chars().next().unwrap_or(' ');
        let kind = if kind == 'M' { 'A' } else { kind };
        said.insert((kind, meaning(&by_id, fields, 0)));
    }
    said
}

/// What one line says, with every id it names replaced by what that names.
fn meaning(by_id: &HashMap<String, Vec<String>>, fields: &[String], depth: usize) -> String {
    let resolve = |id: &str| match by_id.get(id) {
        Some(named) if depth < 16 => format!("({})", meaning(by_id, named, depth + 1)),
        _ => format!("?{id}"),
    };
    let kind = fields[0].chars().next().unwrap_or(' ');
    let head: Vec<&str> = fields
        .get(1)
        .map_or(Vec::new(), |h| h.split_whitespace().collect());
    let tail = fields.get(2).cloned().unwrap_or_default();
    match kind {
        // The covered text is checked on import; offsets say where.
        'T' => format!("T {}", head.join(" ")),
        'E' | 'R' => {
            let mut arguments: Vec<String> = head
                .iter()
                .map(|a| match a.split_once(':') {
                    Some((role, id)) => format!("{role}={}", resolve(id)),
                    None => (*a).to_owned(),
                })
                .collect();
            let first = arguments.remove(0);
            arguments.sort();
            format!("{kind} {first} {}", arguments.join(" "))
        }
        '*' => {
            let mut members: Vec<String> = head[1..].iter().map(|id| resolve(id)).collect();
            members.sort();
            format!("* {} {}", head[0], members.join(" "))
        }
        'A' | 'M' | 'N' | '#' => {
            let rest: Vec<String> = head
                .iter()
                .enumerate()
                .map(|(i, w)| if i == 1 { resolve(w) } else { (*w).to_owned() })
                .collect();
            let kind = if kind == 'M' { 'A' } else { kind };
            format!("{kind} {} {tail}", rest.join(" "))
        }
        _ => fields.join("\t"),
    }
}
