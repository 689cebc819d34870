//! A bounded cache of rendered answers for one catalog version (the edge keeps one per isolate
//! for `GET /v1/procedures`): citizens' queries repeat — the same first letters, the same
//! common procedures — so most searches are answered without ranking or serialising again.
//!
//! Bounded by total bytes; when full, the oldest entries go first (insertion order: a hit does
//! not refresh an entry, which keeps a hit free of writes). A new catalog version empties it.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

#[derive(Debug)]
pub struct AnswerCache {
    max_bytes: usize,
    bytes: usize,
    version: String,
    entries: HashMap<String, Rc<str>>,
    order: VecDeque<String>,
}

impl AnswerCache {
    pub fn new(max_bytes: usize) -> AnswerCache {
        AnswerCache {
            max_bytes,
            bytes: 0,
            version: String::new(),
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// The answer cached for `key` under catalog `version`.
    pub fn get(&self, version: &str, key: &str) -> Option<Rc<str>> {
        if self.version != version {
            return None;
        }
        self.entries.get(key).cloned()
    }

    /// Keeps `answer` (an answer larger than the whole budget is not kept).
    pub fn put(&mut self, version: &str, key: String, answer: Rc<str>) {
        if self.version != version {
            self.entries.clear();
            self.order.clear();
            self.bytes = 0;
            self.version = version.to_owned();
        }
        let size = key.len() + answer.len();
        if size > self.max_bytes || self.entries.contains_key(&key) {
            return;
        }
        while self.bytes + size > self.max_bytes {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(a) = self.entries.remove(&old) {
                self.bytes -= old.len() + a.len();
            }
        }
        self.bytes += size;
        self.order.push_back(key.clone());
        self.entries.insert(key, answer);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes held (keys and answers).
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_per_version_within_the_budget() {
        let mut c = AnswerCache::new(18);
        c.put("v1", "a".into(), "12345".into());
        c.put("v1", "b".into(), "12345".into());
        assert_eq!(c.get("v1", "a").as_deref(), Some("12345"));
        assert_eq!(c.get("v2", "a"), None);
        assert_eq!(c.bytes(), 12);
        // Over budget: the oldest goes.
        c.put("v1", "c".into(), "1234567".into());
        assert_eq!(c.get("v1", "a"), None);
        assert_eq!(c.get("v1", "c").as_deref(), Some("1234567"));
        assert!(c.bytes() <= 18);
        // Too big to keep at all.
        c.put("v1", "d".into(), "x".repeat(50).into());
        assert_eq!(c.get("v1", "d"), None);
        // A new version starts empty.
        c.put("v2", "a".into(), "z".into());
        assert_eq!(c.len(), 1);
        assert_eq!(c.get("v1", "b"), None);
    }
}
