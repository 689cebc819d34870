//! Browser tests of the widget (wasm-bindgen-test in headless Chromium, `scripts/wasm-test.sh`).
//! They live in `src/` because the crate is a cdylib only (an rlib would cost LTO).
//!
//! The API is played by a stand-in `fetch` for origins under `.motcua.test` (every other URL
//! goes to the real network), so these tests pin the widget's behaviour for each answer the
//! edge can give; tests/e2e/citizen.test.mjs runs the same flows against the real Worker.

use motcua_core::catalog::{
    Channel, Document, Fee, Level, OnlineLevel, Procedure, ProcessingTime, TimeUnit, Way,
};
use motcua_core::search::CompactIndex;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

pub(crate) fn shadow_host() -> ShadowRoot {
    let window = web_sys::window().unwrap();
    // Widgets keep their place in the page's URL: each test starts from a clean one.
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&path))
        .unwrap();
    let document = window.document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap()
}

fn options(api: &str, lang: &str) -> JsValue {
    let object = js_sys::Object::new();
    js_sys::Reflect::set(&object, &"api".into(), &api.into()).unwrap();
    js_sys::Reflect::set(&object, &"lang".into(), &lang.into()).unwrap();
    object.into()
}

/// The widget mounted in a fresh shadow root, talking to `api`: once its card is there (it is
/// rendered in the task after `mount`'s).
async fn mounted(api: &str, lang: &str) -> ShadowRoot {
    let root = shadow_host();
    crate::mount(root.clone(), options(api, lang)).unwrap();
    rendered(&root).await;
    root
}

/// Waits (up to 5 s) for the widget's card in `root`.
async fn rendered(root: &ShadowRoot) {
    until("the widget's card", || {
        root.query_selector(".motcua h2").unwrap().is_some()
    })
    .await;
}

/// The widget on `origin` (which serves the tiny index) with the dossier tab open (its view
/// comes a task later, as it does from its chunk in the build).
async fn status_tab(origin: &str, lang: &str) -> ShadowRoot {
    serve_index(origin);
    let root = mounted(origin, lang).await;
    element::<HtmlElement>(&root, "#motcua-tab-status").click();
    for _ in 0..100 {
        if root.query_selector("#motcua-code").unwrap().is_some() {
            return root;
        }
        sleep(50).await;
    }
    panic!(
        "no status view: {}",
        root.text_content().unwrap_or_default()
    );
}

/// Waits (up to 5 s) until `check` holds; panics naming `what` if it never does. (Tests wait
/// for what they expect rather than for a fixed time: a busy machine delays timers.)
pub(crate) async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..500 {
        if check() {
            return;
        }
        sleep(10).await;
    }
    panic!("never happened: {what}");
}

pub(crate) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 5 s) until the root's text contains `needle`; returns the text.
async fn wait_for_text(root: &ShadowRoot, needle: &str) -> String {
    for _ in 0..100 {
        let text = root.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        sleep(50).await;
    }
    panic!(
        "no {needle:?} in: {}; requests: {:?}",
        root.text_content().unwrap_or_default(),
        calls_to("http")
    );
}

/// Installs the stand-in `fetch` once; routes are full URLs.
fn fake_api() {
    let install = js_sys::Function::new_no_args(
        r#"
        if (window.__motcua) return;
        const original = window.fetch.bind(window);
        window.__motcua = { routes: {}, calls: [] };
        window.fetch = function (input, init) {
          const url = typeof input === "string" ? input : input.url;
          if (!/^https?:\/\/[a-z0-9.-]+\.motcua\.test\//.test(url)) return original(input, init);
          window.__motcua.calls.push(url);
          const hang = window.__motcua.routes[url] && window.__motcua.routes[url].hang;
          if (hang) {
            // No answer ever, as on a connection lost without a word: only an abort ends it.
            delete window.__motcua.routes[url];
            const signal = (init && init.signal) || (typeof input === "string" ? null : input.signal);
            return new Promise((_, reject) => signal && signal.addEventListener("abort",
              () => reject(new DOMException("The operation was aborted.", "AbortError"))));
          }
          const route = window.__motcua.routes[url]
            || { status: 404, headers: { "Content-Type": "application/problem+json" },
                 body: '{"type":"about:blank","title":"Not Found","status":404,"detail":"Không có","detail_en":"None"}' };
          return Promise.resolve(new Response(route.body, { status: route.status, headers: route.headers }));
        };
        "#,
    );
    install.call0(&JsValue::NULL).unwrap();
}

fn route(url: &str, status: u16, body: impl Into<JsValue>, headers: &[(&str, &str)]) {
    fake_api();
    let set = js_sys::Function::new_with_args(
        "url, status, body, headers",
        "window.__motcua.routes[url] = { status, body, headers: Object.fromEntries(headers) };",
    );
    let pairs = js_sys::Array::new();
    for (k, v) in headers {
        pairs.push(&js_sys::Array::of2(&(*k).into(), &(*v).into()));
    }
    set.call4(
        &JsValue::NULL,
        &url.into(),
        &JsValue::from(status),
        &body.into(),
        &pairs,
    )
    .unwrap();
}

fn calls_to(origin: &str) -> Vec<String> {
    let get = js_sys::Function::new_with_args(
        "origin",
        "return (window.__motcua ? window.__motcua.calls : []).filter((u) => u.startsWith(origin));",
    );
    let list: js_sys::Array = get
        .call1(&JsValue::NULL, &origin.into())
        .unwrap()
        .unchecked_into();
    list.iter().filter_map(|v| v.as_string()).collect()
}

fn element<T: JsCast>(root: &ShadowRoot, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn type_into(input: &HtmlInputElement, text: &str) {
    let event = web_sys::EventInit::new();
    event.set_bubbles(true);
    event.set_composed(true);
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &event).unwrap())
        .unwrap();
}

fn serve_index(origin: &str) {
    route(
        &format!("{origin}/v1/catalog/index"),
        200,
        tiny_index(),
        &[],
    );
}

/// The binary index of three procedures, as the edge serves it.
fn tiny_index() -> js_sys::Uint8Array {
    let mut birth = Procedure::new("1.001193", "Thủ tục đăng ký khai sinh");
    birth.levels = vec![Level::Commune];
    birth.online_level = Some(OnlineLevel::Full);
    let mut marriage = Procedure::new("1.000894", "Thủ tục đăng ký kết hôn");
    marriage.levels = vec![Level::Commune];
    let mut land = Procedure::new(
        "1.012345",
        "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
    );
    land.levels = vec![Level::Province, Level::Commune];
    js_sys::Uint8Array::from(
        CompactIndex::from_procedures([&birth, &marriage, &land])
            .to_bytes("test")
            .as_slice(),
    )
}

fn birth_procedure() -> String {
    let mut p = Procedure::new("1.001193", "Thủ tục đăng ký khai sinh");
    p.levels = vec![Level::Commune];
    p.online_level = Some(OnlineLevel::Full);
    p.ways = vec![
        Way {
            channel: Channel::InPerson,
            processing_time: Some(ProcessingTime {
                amount: 15.0,
                unit: TimeUnit::WorkingDay,
            }),
            fees: vec![Fee {
                kind: None,
                amount: Some(0.0),
                currency: Some("VND".into()),
                description: None,
            }],
            description: None,
        },
        Way {
            channel: Channel::Online,
            processing_time: None,
            fees: vec![Fee {
                kind: None,
                amount: Some(8000.0),
                currency: Some("VND".into()),
                description: None,
            }],
            description: None,
        },
    ];
    p.documents = vec![Document {
        name: "Tờ khai đăng ký khai sinh".into(),
        original_count: Some(1),
        copy_count: Some(0),
        required: Some(true),
        forms: vec![],
        case: None,
        note: None,
    }];
    p.source_url = Some("https://dichvucong.gov.vn/p/1".into());
    serde_json::to_string(&p).unwrap()
}

#[wasm_bindgen_test]
async fn mounts_into_a_shadow_root_with_its_own_stylesheet() {
    let root = mounted("http://127.0.0.1:9", "vi").await;
    let heading = root.query_selector("h2").unwrap().expect("a heading");
    assert_eq!(heading.text_content().unwrap(), "Tra cứu dịch vụ công");
    assert_eq!(root.adopted_style_sheets().length(), 1);
    let container = root.query_selector(".motcua").unwrap().unwrap();
    assert_eq!(container.get_attribute("lang").as_deref(), Some("vi"));
}

#[wasm_bindgen_test]
async fn an_unreachable_api_gives_a_friendly_message_not_a_blank() {
    // Port 9 (discard) refuses connections: a network error.
    let root = mounted("http://127.0.0.1:9", "en").await;
    let text = wait_for_text(&root, "Could not reach the lookup service").await;
    // And a way out.
    assert!(text.contains("Try again"), "got: {text}");
}

#[wasm_bindgen_test]
async fn search_shows_results_from_the_downloaded_index_without_a_request_per_keystroke() {
    let origin = "http://search.motcua.test";
    route(
        &format!("{origin}/v1/catalog/index"),
        200,
        tiny_index(),
        &[("Content-Type", "application/vnd.motcua.search-index")],
    );
    let root = mounted(origin, "vi").await;
    // Before typing: the examples.
    wait_for_text(&root, "làm căn cước").await;
    let input: HtmlInputElement = element(&root, "input[type=search]");
    let mut typed = String::new();
    for ch in "dang ky khai sinh".chars() {
        typed.push(ch);
        type_into(&input, &typed);
    }
    let text = wait_for_text(&root, "Tìm thấy").await;
    let first = root
        .query_selector(".results [role=option]")
        .unwrap()
        .expect("a result");
    let first_text = first.text_content().unwrap_or_default();
    // The row's short name drops the leading "Thủ tục"; the full name is its tooltip.
    assert!(
        first_text.contains("Đăng ký khai sinh")
            && first.get_attribute("title").as_deref() == Some("Thủ tục đăng ký khai sinh"),
        "first: {first_text}; all: {text}"
    );
    assert!(
        first_text.contains("1.001193") && first_text.contains("Cấp xã"),
        "{first_text}"
    );
    assert_eq!(
        calls_to(origin).len(),
        1,
        "one index download, no request per keystroke"
    );

    // Telex residue finds the same procedure.
    type_into(&input, "ddawng kys khai sinh");
    sleep(100).await;
    let first = root
        .query_selector(".results [role=option]")
        .unwrap()
        .expect("a result");
    assert!(first
        .text_content()
        .unwrap_or_default()
        .contains("khai sinh"));

    // Nothing matches: a suggestion, not a blank.
    type_into(&input, "qqqqzzzz");
    wait_for_text(&root, "Không tìm thấy thủ tục nào").await;
    wait_for_text(&root, "Thử từ ngắn hơn").await;
    assert!(root.query_selector(".results").unwrap().is_none());
    assert_eq!(calls_to(origin).len(), 1);
}

#[wasm_bindgen_test]
async fn a_result_opens_its_detail_and_back_returns_focus() {
    let origin = "http://detail.motcua.test";
    serve_index(origin);
    route(
        &format!("{origin}/v1/procedures/1.001193"),
        200,
        birth_procedure(),
        &[],
    );
    let root = mounted(origin, "vi").await;
    wait_for_text(&root, "làm căn cước").await;
    type_into(&element(&root, "input[type=search]"), "khai sinh");
    wait_for_text(&root, "Tìm thấy").await;
    element::<HtmlElement>(&root, ".results [role=option][data-code=\"1.001193\"]").click();
    let text = wait_for_text(&root, "Tờ khai đăng ký khai sinh").await;
    for expected in [
        "15 ngày làm việc",
        "Miễn phí",
        "8.000 đồng",
        "1 bản chính",
        "Bắt buộc",
        "Trực tuyến",
        "Trực tiếp",
        "Toàn trình",
        // The online way has no time, and the procedure no field or agency: said, not guessed.
        "Chưa có thông tin",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    let active = root.active_element().map(|e| e.tag_name());
    assert_eq!(
        active.as_deref(),
        Some("H3"),
        "focus on the procedure's name"
    );
    element::<HtmlElement>(&root, "button.back").click();
    sleep(200).await;
    // Focus back in the search box, on the row that opened the detail.
    let active = root.active_element().and_then(|e| {
        let row = e.get_attribute("aria-activedescendant")?;
        root.query_selector(&format!("#{row}")).ok()?
    });
    assert_eq!(
        active
            .and_then(|row| row.get_attribute("data-code"))
            .as_deref(),
        Some("1.001193"),
        "focus back on the result"
    );
}

#[wasm_bindgen_test]
async fn the_code_field_explains_a_bad_code_without_asking_the_server() {
    let origin = "http://code.motcua.test";
    let root = status_tab(origin, "vi").await;
    let input: HtmlInputElement = element(&root, "#motcua-code");
    // 27/13 is no date.
    type_into(&input, "000.00.06.H56-231327-0361");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    let text = wait_for_text(&root, "Ngày trong mã không tồn tại").await;
    assert!(
        text.contains("000.00.06.H21-250612-0012"),
        "an example: {text}"
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("motcua-code-error"));
    assert!(calls_to(&format!("{origin}/v1/dossiers")).is_empty());

    // Only digits for the phone check.
    type_into(&input, "000.00.06.H56-231027-0361");
    type_into(&element(&root, "#motcua-verify"), "12a");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    wait_for_text(&root, "Nhập đúng 4 chữ số").await;
    assert!(calls_to(&format!("{origin}/v1/dossiers")).is_empty());
}

#[wasm_bindgen_test]
async fn a_pasted_code_is_normalised_and_an_unknown_one_says_so() {
    let origin = "http://paste.motcua.test";
    let root = status_tab(origin, "vi").await;
    let input: HtmlInputElement = element(&root, "#motcua-code");
    type_into(&input, " 000.00.06.h56 – 231027 – 0361\u{200B} ");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    wait_for_text(&root, "Không tìm thấy hồ sơ với mã này").await;
    assert_eq!(input.value(), "000.00.06.H56-231027-0361");
    assert_eq!(
        calls_to(&format!("{origin}/v1/dossiers")),
        vec![format!("{origin}/v1/dossiers/000.00.06.H56-231027-0361")]
    );
}

/// A call that never answers is given up after the deadline (api::TIMEOUT, one second in these
/// tests): the citizen reads that the service could not be reached and can try again.
#[wasm_bindgen_test]
async fn a_lookup_that_never_answers_is_given_up_and_can_be_retried() {
    let origin = "http://silent.motcua.test";
    let root = status_tab(origin, "vi").await;
    let url = format!("{origin}/v1/dossiers/000.00.06.H56-231027-0361");
    fake_api();
    js_sys::Function::new_with_args("url", "window.__motcua.routes[url] = { hang: true };")
        .call1(&JsValue::NULL, &url.as_str().into())
        .unwrap();
    let input: HtmlInputElement = element(&root, "#motcua-code");
    type_into(&input, "000.00.06.H56-231027-0361");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    sleep(500).await;
    assert!(
        !root
            .text_content()
            .unwrap_or_default()
            .contains("Không kết nối được máy chủ tra cứu"),
        "given up before the deadline"
    );
    wait_for_text(&root, "Không kết nối được máy chủ tra cứu").await;
    // The hang was once: trying again reaches the server (which knows no such dossier).
    let buttons = root
        .query_selector_all("#motcua-panel-status button")
        .unwrap();
    let retry = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().as_deref() == Some("Thử lại"))
        .expect("a Thử lại button");
    retry.unchecked_into::<HtmlElement>().click();
    wait_for_text(&root, "Không tìm thấy hồ sơ với mã này").await;
    assert_eq!(calls_to(&url).len(), 2);
}

#[wasm_bindgen_test]
async fn a_rate_limited_lookup_says_when_to_come_back() {
    let origin = "http://busy.motcua.test";
    // The edge's own words (they say which limit and how long) win over the bare header.
    route(
        &format!("{origin}/v1/dossiers/000.00.06.H56-231027-0361?verify=1234"),
        429,
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,
            "detail":"Đã nhập sai số điện thoại quá nhiều lần cho hồ sơ này. Vui lòng thử lại sau 2 phút.",
            "detail_en":"Too many wrong phone digits for this dossier. Please try again in 2 minutes."}"#,
        &[
            ("Retry-After", "120"),
            ("Content-Type", "application/problem+json"),
        ],
    );
    // Without a readable body, the Retry-After header says how long.
    route(
        &format!("{origin}/v1/dossiers/000.00.06.H56-231027-0362"),
        429,
        "",
        &[("Retry-After", "45")],
    );
    let root = status_tab(origin, "en").await;
    let code: HtmlInputElement = element(&root, "#motcua-code");
    let digits: HtmlInputElement = element(&root, "#motcua-verify");
    type_into(&code, "000.00.06.H56-231027-0361");
    type_into(&digits, "1234");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    wait_for_text(
        &root,
        "Too many wrong phone digits for this dossier. Please try again in 2 minutes.",
    )
    .await;
    type_into(&code, "000.00.06.H56-231027-0362");
    type_into(&digits, "");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    wait_for_text(&root, "Too many lookups. Please try again in 45 seconds.").await;
}

#[wasm_bindgen_test]
async fn a_found_dossier_shows_status_dates_badge_and_timeline() {
    let origin = "http://found.motcua.test";
    // The shape core's DossierView serialises (see core/src/dossier/view.rs).
    let body = r#"{"code":"000.00.06.H56-250123-0007",
      "status":{"code":4,"label":"Đang xử lý","label_en":"Being processed","next_step":"Chờ cơ quan xử lý","next_step_en":"Wait for the agency","final":false},
      "status_at":"2025-02-05T16:00:00+07:00",
      "procedure":{"code":"1.000894","name":"Đăng ký kết hôn"},
      "agency":{"id":"000.00.06.H56","name":"UBND xã Đông Sơn"},
      "received_at":"2025-01-23T10:00:00+07:00","appointment_at":"2025-02-12T10:00:00+07:00",
      "appointment_computed":false,"original_appointment_at":"2025-02-06T10:00:00+07:00",
      "completed_at":null,"on_time":{"state":"late","working_days":2},
      "timeline":[
        {"status":2,"label":"Được tiếp nhận","label_en":"Received","at":"2025-01-23T10:00:00+07:00"},
        {"status":4,"label":"Đang xử lý","label_en":"Being processed","at":"2025-01-24T08:00:00+07:00"},
        {"status":4,"label":"Đang xử lý","label_en":"Being processed","at":"2025-02-05T16:00:00+07:00",
         "note":"Phiếu xin lỗi và hẹn lại ngày trả","new_appointment_at":"2025-02-12T10:00:00+07:00"}],
      "stale":{"stale":false,"age_seconds":0},"applicant":{"name":"Trần T. B."},
      "updated_at":"2025-02-05T16:00:00+07:00","verification":"verified"}"#;
    route(
        &format!("{origin}/v1/dossiers/000.00.06.H56-250123-0007?verify=9876"),
        200,
        body,
        &[],
    );
    let root = status_tab(origin, "vi").await;
    type_into(&element(&root, "#motcua-code"), "000.00.06.H56-250123-0007");
    type_into(&element(&root, "#motcua-verify"), "9876");
    element::<HtmlElement>(&root, "form.lookup button[type=submit]").click();
    let text = wait_for_text(&root, "Hồ sơ 000.00.06.H56-250123-0007").await;
    for expected in [
        "Đang xử lý",
        // Late: what the citizen may do, not "wait for the appointment" (a date past).
        "Hồ sơ đã quá ngày hẹn trả 2 ngày làm việc",
        "bộ phận một cửa của UBND xã Đông Sơn",
        "Cơ quan đã gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả: 12/02/2025.",
        "Trễ hạn 2 ngày làm việc",
        "Đăng ký kết hôn (1.000894)",
        "UBND xã Đông Sơn",
        "23/01/2025",
        "12/02/2025",
        "06/02/2025",
        "Trần T. B.",
        "Hẹn lại ngày trả: 12/02/2025",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    let steps = root.query_selector_all("ol.timeline > li").unwrap();
    assert_eq!(steps.length(), 3);
    let first = steps
        .get(0)
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(first.contains("23/01/2025 lúc 10:00"), "{first}");
    let active = root.active_element().map(|e| e.id());
    assert_eq!(active.as_deref(), Some("motcua-dossier-title"));
}

#[wasm_bindgen_test]
fn numbers_and_dates_read_as_citizens_write_them() {
    use crate::format::{date, date_time, quantity, safe_url};
    use motcua_core::messages::Lang;
    assert_eq!(quantity(Lang::Vi, 0.5), "0,5");
    assert_eq!(quantity(Lang::En, 1.25), "1.25");
    assert_eq!(quantity(Lang::Vi, 1_500_000.0), "1.500.000");
    assert_eq!(quantity(Lang::En, 1_500_000.0), "1,500,000");
    assert_eq!(
        date(Lang::Vi, "2025-02-06T10:00:00+07:00").as_deref(),
        Some("06/02/2025")
    );
    assert_eq!(
        date(Lang::En, "2025-02-06T10:00:00+07:00").as_deref(),
        Some("6 Feb 2025")
    );
    assert_eq!(
        date_time(Lang::Vi, "2025-02-06T10:05:00+07:00").as_deref(),
        Some("06/02/2025 lúc 10:05")
    );
    assert_eq!(date(Lang::Vi, "2025-13-06"), None);
    assert_eq!(date(Lang::Vi, "06/02/2025"), None);
    assert_eq!(safe_url("javascript:alert(1)"), None);
    assert_eq!(
        safe_url(" https://dichvucong.gov.vn/x "),
        Some("https://dichvucong.gov.vn/x")
    );
}

/// What `[data-catalog]` on the search panel says, once the panel is there.
async fn catalog_state(root: &ShadowRoot, want: &str) {
    let now = || {
        root.query_selector("[data-catalog]")
            .unwrap()
            .and_then(|panel| panel.get_attribute("data-catalog"))
    };
    for _ in 0..100 {
        if now().as_deref() == Some(want) {
            return;
        }
        sleep(50).await;
    }
    panic!("data-catalog is {:?}, not {want:?}", now());
}

#[wasm_bindgen_test]
async fn the_loaders_quick_search_stays_until_the_catalog_is_ready_and_loading_is_not_said_after() {
    let origin = "http://handover.motcua.test";
    let url = format!("{origin}/v1/catalog/index");
    fake_api();
    js_sys::Function::new_with_args("url", "window.__motcua.routes[url] = { hang: true };")
        .call1(&JsValue::NULL, &url.as_str().into())
        .unwrap();
    // What the loader leaves in the shadow root when the widget mounts: its loading line, and
    // the quick search the citizen may be typing in (app/loader/quick.js).
    let root = shadow_host();
    let document = web_sys::window().unwrap().document().unwrap();
    let line = document.create_element("p").unwrap();
    line.set_class_name("motcua-loading");
    root.append_child(&line).unwrap();
    let quick = document.create_element("div").unwrap();
    quick.set_attribute("data-motcua-quick", "").unwrap();
    root.append_child(&quick).unwrap();
    crate::mount(root.clone(), options(origin, "vi")).unwrap();
    // The loading line stays until the widget's card takes its place.
    assert!(root.query_selector(".motcua-loading").unwrap().is_some());
    rendered(&root).await;
    assert!(root.query_selector(".motcua-loading").unwrap().is_none());
    assert!(root
        .query_selector("[data-motcua-quick]")
        .unwrap()
        .is_some());

    // The panel says "loading" while the index is on its way; the quick search hands over when
    // it says anything else.
    catalog_state(&root, "loading").await;
    let input: HtmlInputElement = element(&root, "#motcua-q");
    type_into(&input, "dang ky khai sinh");
    wait_for_text(&root, "Đang tải danh sách thủ tục").await;
    // The download is given up (its deadline is 1 s under test): "failed", and Thử lại.
    catalog_state(&root, "failed").await;
    route(
        &url,
        200,
        tiny_index(),
        &[("Content-Type", "application/vnd.motcua.search-index")],
    );
    let retry = root.query_selector_all("[data-catalog] button").unwrap();
    let retry = (0..retry.length())
        .filter_map(|i| retry.item(i))
        .find(|b| b.text_content().as_deref() == Some("Thử lại"))
        .expect("a Thử lại button");
    retry.unchecked_into::<HtmlElement>().click();
    for _ in 0..100 {
        if root
            .query_selector(".results [role=option]")
            .unwrap()
            .is_some()
        {
            break;
        }
        sleep(20).await;
    }
    assert!(root
        .query_selector(".results [role=option]")
        .unwrap()
        .is_some());
    catalog_state(&root, "ready").await;
    // With the rows, the live line no longer says loading (or the failure): the count comes
    // after a pause in typing, as always.
    let live = element::<HtmlElement>(&root, ".live")
        .text_content()
        .unwrap_or_default();
    assert!(live.is_empty(), "the live line still says {live:?}");
    wait_for_text(&root, "Tìm thấy").await;
}

#[wasm_bindgen_test]
async fn the_index_build_lays_its_warm_up_rows_out_unseen_and_then_removes_them() {
    let origin = "http://warm.motcua.test";
    // A catalog where the warm-up's everyday query ("làm căn cước") finds rows.
    let mut id_card = Procedure::new("1.000001", "Làm lại thẻ căn cước khi bị mất");
    id_card.levels = vec![Level::Province];
    let birth = Procedure::new("1.001193", "Thủ tục đăng ký khai sinh");
    route(
        &format!("{origin}/v1/catalog/index"),
        200,
        js_sys::Uint8Array::from(
            CompactIndex::from_procedures([&id_card, &birth])
                .to_bytes("test")
                .as_slice(),
        ),
        &[],
    );
    let root = shadow_host();
    // Each warm-up box, as it is when it comes (the observer runs before any frame).
    js_sys::Function::new_with_args(
        "root",
        r#"
        window.__warm = [];
        new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((node) => {
          if (!node.classList || !node.classList.contains("warm-up")) return;
          window.__warm.push({
            rows: node.querySelectorAll("li.result").length,
            ids: node.querySelectorAll("[id]").length,
            hidden: node.getAttribute("aria-hidden"),
            inert: node.hasAttribute("inert"),
            height: node.getBoundingClientRect().height,
            visibility: getComputedStyle(node).visibility,
            inWidget: node.parentElement.classList.contains("motcua"),
          });
        }))).observe(root, { childList: true, subtree: true });
        "#,
    )
    .call1(&JsValue::NULL, &root)
    .unwrap();
    let searches_timed = || {
        web_sys::window()
            .unwrap()
            .performance()
            .unwrap()
            .get_entries_by_name("motcua:search")
            .length()
    };
    let timed_before = searches_timed();
    crate::mount(root.clone(), options(origin, "vi")).unwrap();
    rendered(&root).await;
    catalog_state(&root, "ready").await;
    until("the warm-up rows gone", || {
        root.query_selector(".warm-up").unwrap().is_none()
    })
    .await;
    let seen = js_sys::JSON::stringify(
        &js_sys::Reflect::get(&web_sys::window().unwrap(), &"__warm".into()).unwrap(),
    )
    .unwrap()
    .as_string()
    .unwrap();
    assert_eq!(
        seen,
        r#"[{"rows":1,"ids":0,"hidden":"true","inert":true,"height":0,"visibility":"hidden","inWidget":true}]"#
    );
    // Its searches are not timed as a citizen's (`motcua:search`, which `make perf` reads; the
    // other tests in this page have timed theirs).
    assert_eq!(
        searches_timed(),
        timed_before,
        "the warm-up's searches were timed"
    );
    // Nothing of it stays: the search box still answers as before.
    let input: HtmlInputElement = element(&root, "#motcua-q");
    type_into(&input, "khai sinh");
    until("a result row", || {
        root.query_selector_all("#motcua-results [role=option]")
            .unwrap()
            .length()
            == 1
    })
    .await;
}
