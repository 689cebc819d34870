//! The results section (`ket_qua_xu_ly`): result names each followed by its code.

use crate::catalog::clean::present;
use crate::catalog::labels::labels;
use crate::catalog::model::ProcedureResult;

/// Results: "NameMã: KQ.G04.000057Name2Mã: KQ...Từ khóa..." (the page's widgets follow
/// "Từ khóa" and are dropped).
pub fn parse_results(text: &str) -> Vec<ProcedureResult> {
    let text = text.split("Từ khóa").next().unwrap_or("");
    if labels().is_absent(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pieces = text.split("Mã: ");
    let mut name = pieces.next().unwrap_or("").to_string();
    for piece in pieces {
        let code_len = piece
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '.'))
            .map_or(piece.len(), |(i, _)| i);
        let code = piece[..code_len].trim_end_matches('.');
        if let Some(n) = present(&name) {
            out.push(ProcedureResult {
                name: n,
                code: (!code.is_empty()).then(|| code.to_string()),
            });
        }
        name = piece[code_len..].to_string();
    }
    if let Some(n) = present(&name) {
        out.push(ProcedureResult {
            name: n,
            code: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_split_on_codes() {
        let r = parse_results("Văn bản chấp thuậnMã: KQ.G19.000096văn bản từ chốiMã: KQ.G19.000560Từ khóaKhông có thông tinMô tả");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].name, "văn bản từ chối");
        assert_eq!(r[1].code.as_deref(), Some("KQ.G19.000560"));
        assert!(parse_results("Không có thông tin").is_empty());
    }
}
