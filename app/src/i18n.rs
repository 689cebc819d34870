//! Interface strings, Vietnamese first and English complete. Every string the widget shows
//! comes from here, so a missing translation is a compile error, not a blank.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn parse(value: &str) -> Self {
        if value.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// One string in both languages.
pub struct Text {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

pub const TITLE: Text = Text {
    vi: "Tra cứu dịch vụ công",
    en: "Public service lookup",
};
pub const CONNECTING: Text = Text {
    vi: "Đang kết nối…",
    en: "Connecting…",
};
pub const CONNECTED: Text = Text {
    vi: "Đã kết nối máy chủ tra cứu",
    en: "Connected to the lookup service",
};
pub const OFFLINE: Text = Text {
    vi: "Chưa kết nối được máy chủ tra cứu. Vui lòng thử lại sau.",
    en: "Could not reach the lookup service. Please try again later.",
};
