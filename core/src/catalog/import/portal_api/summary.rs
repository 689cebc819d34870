//! Summary objects with Vietnamese keys (`ma_tthc`, `ten_tthc`, `cap_thuc_hien`, ...), as a
//! province's list of applicable procedures is saved (Gia Lai's `gia-lai-index.json`).

use super::super::record::{levels_from_labels, FieldReader};
use super::Object;
use crate::catalog::clean::{present, split_list};
use crate::catalog::import::{ImportReport, Position};
use crate::catalog::model::{Field, Level, Procedure};

pub(super) fn summary(
    obj: &Object,
    position: &Position,
    report: &mut ImportReport,
) -> Option<Procedure> {
    let (mut p, mut r) = FieldReader::identity(obj, report, position, &["ma_tthc"], "ten_tthc")?;
    let level_text = r.string("cap_thuc_hien").unwrap_or_default();
    let is_province = r.boolean("isProvince");
    let is_ward = r.boolean("isWard");
    let procedure_type = r.string("loai_tthc");
    let field = r.string("linh_vuc");
    let issuing = r.string("co_quan_ban_hanh");
    let executing = r.string("co_quan_thuc_hien");
    let url = r.string("url");
    p.levels = levels_from_labels(&level_text, position, &p.code, r.report);
    if p.levels.is_empty() {
        if is_province == Some(true) {
            p.levels.push(Level::Province);
        }
        if is_ward == Some(true) {
            p.levels.push(Level::Commune);
        }
    }
    p.procedure_type = procedure_type.as_deref().and_then(present);
    if let Some(name) = field.as_deref().and_then(present) {
        p.fields.push(Field { name, code: None });
    }
    p.competent_agencies = issuing.as_deref().map(split_list).unwrap_or_default();
    p.executing_agencies = executing.as_deref().map(split_list).unwrap_or_default();
    p.source_url = url.as_deref().and_then(present);
    Some(p)
}
