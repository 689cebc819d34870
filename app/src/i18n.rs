//! Interface strings, Vietnamese first and English complete. Every string the widget shows
//! comes from here (or from core and the API, which speak both languages), so a missing
//! translation is a compile error, not a blank.

use motcua_core::catalog::{Channel, FeeKind, Level, OnlineLevel, TimeUnit};
use motcua_core::deadline::{OnTimeState, Punctuality};

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

    /// Picks one of two texts the API or core gives in both languages.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En if en.is_empty() => vi,
            Lang::En => en,
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

macro_rules! texts {
    ($($name:ident = $vi:literal, $en:literal;)*) => {
        $(pub const $name: Text = Text { vi: $vi, en: $en };)*
    };
}

texts! {
    // The frame.
    TITLE = "Tra cứu dịch vụ công", "Public service lookup";
    TABS = "Chọn việc cần tra cứu", "Choose what to look up";
    TAB_SEARCH = "Tìm thủ tục", "Find a procedure";
    TAB_STATUS = "Tra cứu hồ sơ", "Track a dossier";
    RETRY = "Thử lại", "Try again";
    UNKNOWN = "Chưa có thông tin", "No information yet";
    OFFLINE = "Chưa kết nối được máy chủ tra cứu. Vui lòng thử lại sau.",
        "Could not reach the lookup service. Please try again later.";
    BUSY = "Hệ thống tra cứu đang bận hoặc đang bảo trì. Vui lòng thử lại sau ít phút.",
        "The lookup service is busy or under maintenance. Please try again in a few minutes.";
    UNREADABLE = "Máy chủ trả về dữ liệu không đọc được. Vui lòng thử lại sau.",
        "The service sent an answer we could not read. Please try again later.";

    // Search.
    SEARCH_LABEL = "Bạn cần làm thủ tục gì?", "What do you need to do?";
    SEARCH_HINT = "Gõ vài từ, có dấu hoặc không dấu. Kết quả hiện ngay khi bạn gõ.",
        "Type a few words, with or without Vietnamese accents. Results appear as you type.";
    EXAMPLES = "Ví dụ:", "For example:";
    INDEX_LOADING = "Đang tải danh sách thủ tục…", "Loading the list of procedures…";
    RESULTS = "Kết quả tìm kiếm", "Search results";
    NO_RESULTS_HINT = "Thử từ ngắn hơn hoặc cách gọi khác, ví dụ “khai sinh” thay cho “làm giấy khai sinh cho con”, hoặc nhập mã thủ tục như 1.001193.",
        "Try fewer words or another way of saying it, e.g. “khai sinh” instead of “làm giấy khai sinh cho con”, or enter a procedure code such as 1.001193.";
    CODE = "Mã", "Code";

    // Detail.
    BACK = "Quay lại kết quả", "Back to results";
    DETAIL_LOADING = "Đang tải thông tin thủ tục…", "Loading the procedure…";
    DETAIL_MISSING = "Không tìm thấy thông tin chi tiết của thủ tục này.",
        "No details were found for this procedure.";
    PROCEDURE_CODE = "Mã thủ tục", "Procedure code";
    LEVELS = "Cấp thực hiện", "Level";
    FIELD = "Lĩnh vực", "Field";
    AGENCY = "Cơ quan thực hiện", "Handled by";
    ONLINE = "Dịch vụ công trực tuyến", "Online service";
    WAYS = "Cách thức thực hiện", "Ways to submit";
    PROCESSING_TIME = "Thời gian giải quyết", "Processing time";
    FEES = "Phí, lệ phí", "Fees";
    FREE = "Miễn phí", "Free";
    DOCUMENTS = "Thành phần hồ sơ", "Documents to bring";
    ORIGINALS = "Bản chính", "Originals";
    COPIES = "Bản sao", "Copies";
    REQUIRED = "Bắt buộc", "Required";
    OPTIONAL = "Không bắt buộc", "Optional";
    FORMS = "Mẫu đơn, tờ khai", "Forms";
    STEPS = "Trình tự thực hiện", "Steps";
    CONDITIONS = "Yêu cầu, điều kiện", "Requirements and conditions";
    RESULT_PAPERS = "Kết quả nhận được", "What you receive";
    LEGAL_BASIS = "Căn cứ pháp lý", "Legal basis";
    SOURCE = "Xem trang gốc của thủ tục (mở trong thẻ mới)",
        "View the procedure's source page (opens in a new tab)";
    NEW_TAB = "(mở trong thẻ mới)", "(opens in a new tab)";

    // Dossier status.
    STATUS_INTRO = "Nhập mã hồ sơ in trên Phiếu tiếp nhận và hẹn trả kết quả.",
        "Enter the dossier code printed on your receipt (Phiếu tiếp nhận và hẹn trả kết quả).";
    CODE_LABEL = "Mã hồ sơ", "Dossier code";
    CODE_HINT = "Ví dụ: 000.00.06.H56-231027-0361", "For example: 000.00.06.H56-231027-0361";
    CODE_FORMAT = "Mã hồ sơ có dạng Mã cơ quan-yyMMdd-Số thứ tự, ví dụ 000.00.06.H56-231027-0361.",
        "A dossier code looks like AGENCY-yyMMdd-NUMBER, for example 000.00.06.H56-231027-0361.";
    VERIFY_LABEL = "4 số cuối điện thoại (không bắt buộc)", "Last 4 digits of your phone (optional)";
    VERIFY_HINT = "Số điện thoại đã khai khi nộp hồ sơ. Nhập để xem cả tên người nộp (đã che bớt).",
        "The phone number given when filing. Enter it to also see the applicant's name (partly hidden).";
    VERIFY_INVALID = "Nhập đúng 4 chữ số, hoặc để trống ô này.",
        "Enter exactly 4 digits, or leave this field empty.";
    SUBMIT = "Tra cứu", "Look up";
    LOOKING_UP = "Đang tra cứu hồ sơ…", "Looking up the dossier…";
    FOUND = "Đã tìm thấy hồ sơ.", "Dossier found.";
    NOT_FOUND = "Không tìm thấy hồ sơ với mã này.", "No dossier was found with this code.";
    NOT_FOUND_HINT = "Hãy so từng ký tự với mã trên phiếu tiếp nhận. Hồ sơ vừa nộp có thể cần một lúc mới tra cứu được.",
        "Compare each character with the code on your receipt. A dossier filed just now may take a while to appear.";
    NETWORK = "Không kết nối được máy chủ tra cứu. Kiểm tra kết nối mạng rồi thử lại.",
        "Could not reach the lookup service. Check your connection and try again.";
    STATUS = "Tình trạng", "Status";
    NEXT_STEP = "Việc cần làm tiếp", "What to do next";
    PROCEDURE = "Thủ tục", "Procedure";
    RECEIVING_AGENCY = "Cơ quan giải quyết", "Agency";
    RECEIVED = "Ngày tiếp nhận", "Received on";
    APPOINTMENT = "Ngày hẹn trả kết quả", "Result promised for";
    APPOINTMENT_COMPUTED = "(ước tính theo thời gian giải quyết)", "(estimated from the processing time)";
    ORIGINAL_APPOINTMENT = "Ngày hẹn ban đầu", "Originally promised for";
    RESCHEDULED = "Cơ quan đã xin lỗi và hẹn lại ngày trả kết quả.",
        "The agency apologised and set a new date for the result.";
    COMPLETED = "Ngày có kết quả", "Result ready on";
    APPLICANT = "Người nộp", "Applicant";
    VERIFIED = "Đã xác minh 4 số cuối điện thoại.", "The phone digits were verified.";
    VERIFY_FAILED = "4 số cuối điện thoại không khớp nên tên người nộp không được hiển thị.",
        "The phone digits did not match, so the applicant's name is not shown.";
    TIMELINE = "Quá trình xử lý", "Processing history";
    NEW_APPOINTMENT = "Hẹn lại ngày trả:", "New date for the result:";
    DUE_TODAY = "Đến hạn trả hôm nay", "Due today";
    ON_TIME = "Đúng hạn", "On time";
}

/// "Tìm thấy 37 thủ tục" (+ how many are shown when not all).
pub fn results_found(lang: Lang, total: usize, shown: usize) -> String {
    match (lang, total, shown < total) {
        (Lang::Vi, _, false) => format!("Tìm thấy {total} thủ tục."),
        (Lang::Vi, _, true) => {
            format!("Tìm thấy {total} thủ tục, hiển thị {shown} thủ tục phù hợp nhất.")
        }
        (Lang::En, 1, _) => "1 procedure found.".into(),
        (Lang::En, _, false) => format!("{total} procedures found."),
        (Lang::En, _, true) => {
            format!("{total} procedures found, showing the {shown} best matches.")
        }
    }
}

pub fn no_results(lang: Lang, query: &str) -> String {
    match lang {
        Lang::Vi => format!("Không tìm thấy thủ tục nào cho “{query}”."),
        Lang::En => format!("No procedure found for “{query}”."),
    }
}

/// The citizen's wait after a 429.
pub fn rate_limited(lang: Lang, retry_after: Option<u32>) -> String {
    let wait = retry_after.map(|s| {
        if s >= 90 {
            let minutes = s.div_ceil(60);
            match lang {
                Lang::Vi => format!("{minutes} phút"),
                Lang::En => format!("{minutes} minutes"),
            }
        } else {
            let s = s.max(1);
            match lang {
                Lang::Vi => format!("{s} giây"),
                Lang::En if s == 1 => "1 second".into(),
                Lang::En => format!("{s} seconds"),
            }
        }
    });
    match (lang, wait) {
        (Lang::Vi, Some(w)) => format!("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {w}."),
        (Lang::Vi, None) => "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.".into(),
        (Lang::En, Some(w)) => format!("Too many lookups. Please try again in {w}."),
        (Lang::En, None) => "Too many lookups. Please try again in a few minutes.".into(),
    }
}

pub fn dossier_heading(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Vi => format!("Hồ sơ {code}"),
        Lang::En => format!("Dossier {code}"),
    }
}

pub fn stale(lang: Lang, age_seconds: u64) -> String {
    let minutes = age_seconds.div_ceil(60).max(1);
    match lang {
        Lang::Vi => {
            format!("Thông tin có thể chưa mới nhất: cập nhật cách đây khoảng {minutes} phút.")
        }
        Lang::En => {
            format!("This may not be the latest: last updated about {minutes} minutes ago.")
        }
    }
}

/// The on-time badge, in words (never colour alone); `None` when there is nothing to judge.
pub fn punctuality(lang: Lang, p: &Punctuality) -> Option<String> {
    let n = p.working_days;
    let days = |vi: &str, en: &str| match lang {
        Lang::Vi => format!("{vi} {n} ngày làm việc"),
        Lang::En if n == 1 => format!("{en} 1 working day"),
        Lang::En => format!("{en} {n} working days"),
    };
    Some(match p.state {
        OnTimeState::OnTime if n > 0 => match lang {
            Lang::Vi => format!("Đúng hạn · còn {n} ngày làm việc"),
            Lang::En if n == 1 => "On time · 1 working day left".into(),
            Lang::En => format!("On time · {n} working days left"),
        },
        OnTimeState::OnTime => ON_TIME.get(lang).into(),
        OnTimeState::Early => days("Sớm hạn", "Early by"),
        OnTimeState::DueToday => DUE_TODAY.get(lang).into(),
        OnTimeState::Late => days("Trễ hạn", "Late by"),
        OnTimeState::NotApplicable => return None,
    })
}

pub fn level(lang: Lang, level: Level) -> &'static str {
    match lang {
        Lang::Vi => level.label(),
        Lang::En => match level {
            Level::Ministry => "Ministry",
            Level::Province => "Province",
            Level::District => "District (before 7/2025)",
            Level::Commune => "Commune",
            Level::Other => "Other agency",
        },
    }
}

pub fn channel(lang: Lang, channel: Channel) -> &'static str {
    match lang {
        Lang::Vi => channel.label(),
        Lang::En => match channel {
            Channel::Online => "Online",
            Channel::Postal => "By post",
            Channel::InPerson => "In person",
        },
    }
}

pub fn online_level(lang: Lang, level: OnlineLevel) -> &'static str {
    match lang {
        Lang::Vi => match level {
            OnlineLevel::Full => "Toàn trình (làm hoàn toàn trên mạng)",
            OnlineLevel::Partial => "Một phần (nộp trên mạng, một số bước trực tiếp)",
            OnlineLevel::Offline => "Không trực tuyến",
        },
        Lang::En => match level {
            OnlineLevel::Full => "Entirely online",
            OnlineLevel::Partial => "Partly online",
            OnlineLevel::Offline => "Not available online",
        },
    }
}

pub fn fee_kind(lang: Lang, kind: FeeKind) -> &'static str {
    match (lang, kind) {
        (Lang::Vi, FeeKind::Fee) => "Phí",
        (Lang::Vi, FeeKind::Charge) => "Lệ phí",
        (Lang::En, FeeKind::Fee) => "Fee",
        (Lang::En, FeeKind::Charge) => "Charge",
    }
}

/// The unit after a number: "15 ngày làm việc", "15 working days".
pub fn time_unit(lang: Lang, unit: TimeUnit, plural: bool) -> Option<&'static str> {
    Some(match (lang, unit) {
        (_, TimeUnit::Other) => return None,
        (Lang::Vi, TimeUnit::WorkingDay) => "ngày làm việc",
        (Lang::Vi, TimeUnit::Day) => "ngày",
        (Lang::Vi, TimeUnit::Hour) => "giờ",
        (Lang::Vi, TimeUnit::Month) => "tháng",
        (Lang::Vi, TimeUnit::Year) => "năm",
        (Lang::En, TimeUnit::WorkingDay) if plural => "working days",
        (Lang::En, TimeUnit::WorkingDay) => "working day",
        (Lang::En, TimeUnit::Day) if plural => "days",
        (Lang::En, TimeUnit::Day) => "day",
        (Lang::En, TimeUnit::Hour) if plural => "hours",
        (Lang::En, TimeUnit::Hour) => "hour",
        (Lang::En, TimeUnit::Month) if plural => "months",
        (Lang::En, TimeUnit::Month) => "month",
        (Lang::En, TimeUnit::Year) if plural => "years",
        (Lang::En, TimeUnit::Year) => "year",
    })
}

/// Search examples: what citizens actually type (shown in Vietnamese in both languages).
pub const EXAMPLE_QUERIES: [&str; 3] = ["làm căn cước", "đăng ký khai sinh", "sổ đỏ"];
