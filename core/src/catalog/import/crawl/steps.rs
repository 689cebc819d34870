//! The steps section (`trinh_tu_thuc_hien`).

use crate::catalog::clean::present_multiline;

/// Steps: a new step at each line starting "Bước N"; otherwise the whole text is one step.
pub fn parse_steps(text: &str) -> Vec<String> {
    let Some(all) = present_multiline(text) else {
        return Vec::new();
    };
    let mut steps: Vec<String> = Vec::new();
    for line in all.lines() {
        let starts_step = line
            .strip_prefix("Bước")
            .map(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(false);
        match steps.last_mut() {
            Some(last) if !starts_step => {
                last.push('\n');
                last.push_str(line);
            }
            _ => steps.push(line.to_string()),
        }
    }
    steps
}
