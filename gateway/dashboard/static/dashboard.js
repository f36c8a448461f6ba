/* The operators' dashboard of the CCVC sync sandbox (Decision 72/QĐ-BNV).
 *
 * Plain ES2020, no build step, no third-party code and no request to any other host: the page,
 * its charts (inline SVG drawn here) and its data all come from this server, so it works
 * offline. Data: GET /v1/dashboard (operator bearer token), the agency drill-down from
 * GET /v1/onboarding/agencies/{code}, the CSV from GET /v1/dashboard/agencies.csv.
 */
"use strict";

(() => {
  // --- constants --------------------------------------------------------------------------

  const REFRESH_MS = 30000;
  const TOKEN_KEY = "ccvc.dashboard.token";
  const LANG_KEY = "ccvc.dashboard.lang";
  const REPLAY_DAY = "2023-06-30";
  const VN_TZ = "Asia/Ho_Chi_Minh";
  const SVG_NS = "http://www.w3.org/2000/svg";

  const STATUSES = ["done_on_time", "done_late", "on_track", "at_risk", "overdue", "not_started"];
  /** Worst first: the order a "status" sort uses. */
  const SEVERITY = { overdue: 0, at_risk: 1, not_started: 2, on_track: 3, done_late: 4, done_on_time: 5 };
  const STATUS_ICON = {
    done_on_time: "✓", done_late: "✓", on_track: "➜", at_risk: "▲", overdue: "!", not_started: "○",
  };
  const TRACKS = ["26", "70-I", "70-II"];
  const TRACK_DASH = { "26": "", "70-I": "7 4", "70-II": "2 3" };
  const DIMENSIONS = ["dung", "du", "sach", "song"];
  const FILTER_KEYS = ["cohort", "phase", "status", "group", "vendor", "priority"];

  // --- the dictionary ---------------------------------------------------------------------

  const I18N = {
    vi: {
      "doc.title": "Tiến độ kết nối CSDLQG về CBCCVC — Bảng điều khiển",
      skip: "Bỏ qua, đến nội dung chính",
      "app.title": "Tiến độ kết nối CSDLQG về CBCCVC",
      "app.subtitle": "Theo dõi 96 cơ quan theo Quyết định 72/QĐ-BNV",
      "app.sandbox": "Môi trường thử nghiệm · dữ liệu giả lập",
      signout: "Đăng xuất",
      footer: "CCVC sync sandbox · Quyết định 72/QĐ-BNV ngày 13/02/2023 · Dữ liệu tổng hợp, không phải dữ liệu thật.",

      "signin.title": "Đăng nhập dành cho cán bộ vận hành",
      "signin.intro": "Dùng thông tin xác thực vận hành do lệnh “ccvc up” in ra.",
      "signin.client_id": "Mã ứng dụng (client_id)",
      "signin.client_secret": "Khóa bí mật (client_secret)",
      "signin.submit": "Đăng nhập",
      "signin.busy": "Đang đăng nhập…",
      "signin.note": "Mã truy cập chỉ được giữ trong phiên trình duyệt này (sessionStorage).",
      "signin.missing": "Vui lòng nhập cả mã ứng dụng và khóa bí mật.",

      "toolbar.title": "Ngày đánh giá và cập nhật",
      "asof.label": "Ngày đánh giá",
      "asof.replay": "Mốc 30/06/2023",
      "asof.today": "Hôm nay",
      "asof.shown_today": "Đang xem: {date} (hôm nay theo đồng hồ máy chủ)",
      "asof.shown": "Đang xem: {date} (xem lại theo ngày đã chọn)",
      "refresh.auto": "Tự động cập nhật mỗi 30 giây",
      "refresh.now": "Làm mới",
      "refresh.paused": "Đã tạm dừng tự động cập nhật.",
      "refresh.resumed": "Đã bật tự động cập nhật mỗi 30 giây.",
      csv: "Tải CSV",
      "csv.done": "Đã tải tệp {name}.",
      "status.loading": "Đang tải dữ liệu…",
      "status.loaded": "Đã tải {n} cơ quan, ngày đánh giá {date}.",
      "status.updated": "Cập nhật lúc {time}",
      "status.signed_in": "Đã đăng nhập.",

      "conflict.section": "Trùng lặp trong văn bản nguồn",
      "conflict.title": "Một cơ quan có tên ở cả hai nhóm",
      "conflict.codes": "Hai mã được giữ riêng:",
      "conflict.tag": "Trùng với {code}",

      "cards.title": "Theo nhóm và giai đoạn",
      "cards.note": "Thẻ, biểu đồ và bảng theo bộ lọc đang chọn.",
      "card.agencies": "{n} cơ quan",
      "card.by_status": "Số cơ quan theo trạng thái",
      "card.verified": "Hồ sơ đã đối khớp dân cư",
      "card.verified_of": "{v} / {h} biên chế đã khai",
      "card.no_headcount": "{v} hồ sơ · chưa có biên chế khai báo",
      "card.records": "{n} hồ sơ đã nhận",
      "card.principle": "Nguyên tắc chất lượng",
      "card.deadline": "Hạn cuối",
      "card.days_left": "còn {n} ngày",
      "card.days_past": "đã qua {n} ngày",
      "card.due_today": "hạn là hôm nay",
      "card.milestones": "Các mốc của Phụ lục 1",

      "charts.title": "Biểu đồ",
      "charts.progress": "Tiến độ theo nhóm",
      "charts.burnup": "Số cơ quan hoàn thành theo thời gian",
      "charts.quality": "Chất lượng dữ liệu theo tiêu chí",
      "charts.overdue": "Cơ quan quá hạn lâu nhất",
      "chart.table": "Xem số liệu dạng bảng",
      "chart.legend": "Chú giải",
      "chart.progress_desc": "Thanh xếp chồng: số cơ quan của từng nhóm theo trạng thái.",
      "chart.all": "Tất cả cơ quan",
      "chart.progress_note": "“Tất cả cơ quan”: trạng thái chung của mỗi cơ quan (nhóm 70 gồm cả hai giai đoạn).",
      "chart.burnup_desc": "Đường: số cơ quan đã hoàn thành toàn bộ danh mục, theo tuần; đường dọc: hạn các mốc.",
      "chart.burnup_asof": "Ngày xem",
      "chart.burnup_verified": "Hồ sơ đã đối khớp dân cư trên toàn quốc: {n}",
      "chart.burnup_day": "Ngày",
      "chart.milestone": "Mốc {code}: hạn {date}",
      "chart.deadlines": "Hạn các mốc (Phụ lục 1)",
      "chart.quality_desc": "Cột: tỷ lệ hồ sơ đạt từng tiêu chí, theo nhóm; đường ngang: ngưỡng {pct}.",
      "chart.threshold": "Ngưỡng {pct}",
      "chart.no_data": "không có hồ sơ",
      "chart.dimension": "Tiêu chí",
      "chart.track": "Nhóm",
      "chart.total": "Tổng",
      "overdue.none": "Không có cơ quan nào quá hạn tại ngày đánh giá.",
      "overdue.days": "{n} ngày",
      "overdue.days_long": "quá hạn {n} ngày",
      "overdue.since": "{step} · hạn {date}",
      "overdue.more": "và {n} cơ quan quá hạn khác (xem bảng, lọc “Quá hạn”).",
      "overdue.steps": "{n} bước quá hạn",

      "breakdown.title": "Nhóm 26 theo khối, nhà cung cấp và mức ưu tiên",
      "breakdown.group": "Theo khối",
      "breakdown.vendor": "Theo nhà cung cấp phần mềm",
      "breakdown.priority": "Theo mức ưu tiên",
      "breakdown.key": "Nhóm con",
      "breakdown.agencies": "Số cơ quan",
      "breakdown.statuses": "Trạng thái",
      "breakdown.filter": "Lọc bảng theo “{key}”",
      "breakdown.empty": "Không có cơ quan nhóm 26 trong bộ lọc này.",

      "table.title": "Danh sách cơ quan",
      "table.count": "{n} cơ quan",
      "table.count_of": "{n} / {total} cơ quan",
      "table.caption": "Danh sách cơ quan; bấm vào tiêu đề cột để sắp xếp, bấm vào mã để xem chi tiết.",
      "table.empty": "Không có cơ quan nào khớp bộ lọc.",
      "table.open": "Xem danh mục của {code}",
      "table.sorted": "Đã sắp xếp theo “{col}”, {dir}.",
      "sort.ascending": "tăng dần",
      "sort.descending": "giảm dần",
      "filters.title": "Bộ lọc",
      "filters.search": "Tìm theo mã hoặc tên",
      "filters.search_placeholder": "vd. Hải Phòng, UBND-031",
      "filters.cohort": "Nhóm",
      "filters.phase": "Giai đoạn",
      "filters.status": "Trạng thái",
      "filters.group": "Khối",
      "filters.vendor": "Nhà cung cấp",
      "filters.priority": "Ưu tiên",
      "filters.all": "Tất cả",
      "filters.reset": "Xóa bộ lọc",
      "col.code": "Mã",
      "col.name": "Cơ quan",
      "col.cohort": "Nhóm / GĐ",
      "col.status": "Trạng thái",
      "col.steps": "Bước xong",
      "col.records": "Hồ sơ",
      "col.verified": "Đối khớp / biên chế",
      "col.last_sync": "Đồng bộ gần nhất",
      "col.next_deadline": "Hạn tiếp theo",
      "cell.phase": "70 · GĐ {phase}",
      "cell.no_headcount": "chưa khai biên chế",
      "cell.no_headcount_short": "chưa khai",
      "cell.past_due": "đã quá hạn",
      "cell.none": "—",

      "cohort.26": "Nhóm 26",
      "cohort.70": "Nhóm 70",
      "phase.I": "Giai đoạn I",
      "phase.II": "Giai đoạn II",
      "priority.high": "Cao",
      "priority.medium": "Trung bình",
      "priority.low": "Thấp",
      "track.26": "Nhóm 26",
      "track.70-I": "Nhóm 70 – GĐ I",
      "track.70-II": "Nhóm 70 – GĐ II",
      "dim.dung": "Đúng",
      "dim.du": "Đủ",
      "dim.sach": "Sạch",
      "dim.song": "Sống",

      "status.done_on_time": "Hoàn thành đúng hạn",
      "status.done_late": "Hoàn thành muộn",
      "status.on_track": "Đúng tiến độ",
      "status.at_risk": "Có nguy cơ chậm",
      "status.overdue": "Quá hạn",
      "status.not_started": "Chưa bắt đầu",

      "drill.close": "Đóng",
      "drill.loading": "Đang tải danh mục…",
      "drill.as_of": "Đánh giá tại ngày {date}",
      "drill.summary": "Tổng quan",
      "drill.figures": "Số liệu",
      "drill.records": "Hồ sơ đã nhận",
      "drill.verified": "Đã đối khớp dân cư",
      "drill.headcount": "Biên chế đã khai",
      "drill.share": "Tỷ lệ đối khớp / biên chế",
      "drill.last_sync": "Đồng bộ gần nhất",
      "drill.pass_share": "Tỷ lệ đạt theo tiêu chí",
      "drill.group": "Khối",
      "drill.vendor": "Nhà cung cấp",
      "drill.priority": "Ưu tiên",
      "drill.cohort": "Nhóm",
      "drill.phase": "Giai đoạn đang thực hiện",
      "drill.checklist": "Danh mục các bước",
      "drill.track_head": "{track}: {status} · {done}/{total} bước",
      "drill.completed_on": "hoàn thành ngày {date}",
      "drill.deadline": "Hạn",
      "drill.no_deadline": "không có hạn",
      "drill.milestone": "Mốc {code}, hạn {date}",
      "drill.agency_deadline": "hạn riêng của cơ quan (Phụ lục 2): {date}",
      "drill.done_on": "Ngày hoàn thành",
      "drill.not_done": "chưa hoàn thành",
      "drill.basis": "Căn cứ",
      "basis.evidence": "Hệ thống ghi nhận",
      "basis.manual": "Cán bộ vận hành xác nhận",
      "basis.none": "Chưa có",
      "drill.evidence": "Bằng chứng",
      "drill.no_evidence": "Chưa có bằng chứng do hệ thống ghi nhận.",
      "drill.source": "Nguồn",
      "drill.observed_on": "Ngày ghi nhận",
      "drill.observed_at": "Thời điểm",
      "drill.progress": "Số liệu hiện tại",
      "drill.confirmations": "Xác nhận thủ công",
      "drill.confirmed": "{note} — {client}, {at}",
      "drill.vn_time": "giờ Việt Nam",
      "drill.conflict": "Cơ quan này cũng có tên trong danh sách với mã {code}.",

      "source.registry": "Danh sách Quyết định 72",
      "source.credentials": "Cấp thông tin xác thực",
      "source.oauth_token": "Cấp mã truy cập OAuth2",
      "source.sandbox_scenarios": "Kịch bản thử nghiệm",
      "source.batches": "Lô dữ liệu",
      "source.daily_figures": "Số liệu hằng ngày",
      "detail.document": "Văn bản",
      "detail.channel": "Kênh",
      "detail.scenarios": "Kịch bản",
      "detail.verified": "Đã đối khớp",
      "detail.headcount": "Biên chế",
      "detail.share": "Tỷ lệ",
      "detail.required_share": "Ngưỡng yêu cầu",
      "detail.records": "Hồ sơ",
      "detail.pass_share": "Tỷ lệ đạt",
      "detail.last_sync_on": "Đồng bộ gần nhất",
      "detail.window_days": "Cửa sổ duy trì (ngày)",

      "err.title": "Không tải được dữ liệu",
      "err.network": "Không kết nối được tới máy chủ.",
      "err.csv": "Không tải được tệp CSV.",
    },
    en: {
      "doc.title": "National civil-servant database onboarding — dashboard",
      skip: "Skip to main content",
      "app.title": "National civil-servant database: onboarding progress",
      "app.subtitle": "The 96 agencies of Decision 72/QĐ-BNV",
      "app.sandbox": "Sandbox · synthetic data",
      signout: "Sign out",
      footer: "CCVC sync sandbox · Decision 72/QĐ-BNV of 13 Feb 2023 · Synthetic data, not real records.",

      "signin.title": "Operator sign-in",
      "signin.intro": "Use the operator credentials printed by “ccvc up”.",
      "signin.client_id": "Client ID",
      "signin.client_secret": "Client secret",
      "signin.submit": "Sign in",
      "signin.busy": "Signing in…",
      "signin.note": "The access token is kept only for this browser session (sessionStorage).",
      "signin.missing": "Please enter both the client ID and the client secret.",

      "toolbar.title": "Evaluation day and refresh",
      "asof.label": "Evaluated on",
      "asof.replay": "Milestone 2023-06-30",
      "asof.today": "Today",
      "asof.shown_today": "Showing {date} (today by the server clock)",
      "asof.shown": "Showing {date} (replay of a chosen day)",
      "refresh.auto": "Auto-refresh every 30 s",
      "refresh.now": "Refresh",
      "refresh.paused": "Auto-refresh paused.",
      "refresh.resumed": "Auto-refresh every 30 s is on.",
      csv: "Download CSV",
      "csv.done": "Downloaded {name}.",
      "status.loading": "Loading…",
      "status.loaded": "Loaded {n} agencies, evaluated on {date}.",
      "status.updated": "Updated at {time}",
      "status.signed_in": "Signed in.",

      "conflict.section": "Conflict in the source document",
      "conflict.title": "One agency is listed in both cohorts",
      "conflict.codes": "Both listings are kept:",
      "conflict.tag": "Also listed as {code}",

      "cards.title": "By cohort and phase",
      "cards.note": "Cards, charts and table follow the selected filters.",
      "card.agencies": "{n} agencies",
      "card.by_status": "Agencies by status",
      "card.verified": "Records verified against the population DB",
      "card.verified_of": "{v} / {h} of declared headcount",
      "card.no_headcount": "{v} records · no headcount declared",
      "card.records": "{n} records received",
      "card.principle": "Quality principle",
      "card.deadline": "Final deadline",
      "card.days_left": "{n} days left",
      "card.days_past": "{n} days ago",
      "card.due_today": "due today",
      "card.milestones": "Milestones of appendix 1",

      "charts.title": "Charts",
      "charts.progress": "Progress by cohort",
      "charts.burnup": "Agencies completed over time (burn-up)",
      "charts.quality": "Data quality by dimension",
      "charts.overdue": "Longest overdue agencies",
      "chart.table": "Show the figures as a table",
      "chart.legend": "Legend",
      "chart.progress_desc": "Stacked bars: agencies of each cohort by status.",
      "chart.all": "All agencies",
      "chart.progress_note": "“All agencies”: each agency's overall status (cohort 70 counts both phases).",
      "chart.burnup_desc": "Lines: agencies whose whole checklist is done, weekly; vertical lines: milestone deadlines.",
      "chart.burnup_asof": "As of",
      "chart.burnup_verified": "Records verified against the population DB nationally: {n}",
      "chart.burnup_day": "Day",
      "chart.milestone": "Milestone {code}: due {date}",
      "chart.deadlines": "Milestone deadlines (appendix 1)",
      "chart.quality_desc": "Bars: share of records passing each dimension, by cohort; horizontal line: the {pct} threshold.",
      "chart.threshold": "Threshold {pct}",
      "chart.no_data": "no records",
      "chart.dimension": "Dimension",
      "chart.track": "Cohort",
      "chart.total": "Total",
      "overdue.none": "No agency is overdue on the evaluation day.",
      "overdue.days": "{n} d",
      "overdue.days_long": "{n} days overdue",
      "overdue.since": "{step} · due {date}",
      "overdue.more": "and {n} more overdue agencies (see the table, filter “Overdue”).",
      "overdue.steps": "{n} overdue steps",

      "breakdown.title": "Cohort 26 by group, vendor and priority",
      "breakdown.group": "By group",
      "breakdown.vendor": "By software vendor",
      "breakdown.priority": "By priority",
      "breakdown.key": "Subgroup",
      "breakdown.agencies": "Agencies",
      "breakdown.statuses": "Status",
      "breakdown.filter": "Filter the table by “{key}”",
      "breakdown.empty": "No cohort 26 agency in this filter.",

      "table.title": "Agencies",
      "table.count": "{n} agencies",
      "table.count_of": "{n} / {total} agencies",
      "table.caption": "Agencies; activate a column header to sort, an agency code to open its checklist.",
      "table.empty": "No agency matches the filters.",
      "table.open": "Open the checklist of {code}",
      "table.sorted": "Sorted by “{col}”, {dir}.",
      "sort.ascending": "ascending",
      "sort.descending": "descending",
      "filters.title": "Filters",
      "filters.search": "Search code or name",
      "filters.search_placeholder": "e.g. Hai Phong, UBND-031",
      "filters.cohort": "Cohort",
      "filters.phase": "Phase",
      "filters.status": "Status",
      "filters.group": "Group",
      "filters.vendor": "Vendor",
      "filters.priority": "Priority",
      "filters.all": "All",
      "filters.reset": "Clear filters",
      "col.code": "Code",
      "col.name": "Agency",
      "col.cohort": "Cohort / phase",
      "col.status": "Status",
      "col.steps": "Steps done",
      "col.records": "Records",
      "col.verified": "Verified / headcount",
      "col.last_sync": "Last sync",
      "col.next_deadline": "Next deadline",
      "cell.phase": "70 · phase {phase}",
      "cell.no_headcount": "no headcount declared",
      "cell.no_headcount_short": "not declared",
      "cell.past_due": "past due",
      "cell.none": "—",

      "cohort.26": "Cohort 26",
      "cohort.70": "Cohort 70",
      "phase.I": "Phase I",
      "phase.II": "Phase II",
      "priority.high": "High",
      "priority.medium": "Medium",
      "priority.low": "Low",
      "track.26": "Cohort 26",
      "track.70-I": "Cohort 70 – phase I",
      "track.70-II": "Cohort 70 – phase II",
      "dim.dung": "Correct (Đúng)",
      "dim.du": "Complete (Đủ)",
      "dim.sach": "Clean (Sạch)",
      "dim.song": "Live (Sống)",

      "status.done_on_time": "Done on time",
      "status.done_late": "Done late",
      "status.on_track": "On track",
      "status.at_risk": "At risk",
      "status.overdue": "Overdue",
      "status.not_started": "Not started",

      "drill.close": "Close",
      "drill.loading": "Loading the checklist…",
      "drill.as_of": "Evaluated on {date}",
      "drill.summary": "Summary",
      "drill.figures": "Figures",
      "drill.records": "Records received",
      "drill.verified": "Verified against the population DB",
      "drill.headcount": "Declared headcount",
      "drill.share": "Verified share of headcount",
      "drill.last_sync": "Last sync",
      "drill.pass_share": "Pass share by dimension",
      "drill.group": "Group",
      "drill.vendor": "Vendor",
      "drill.priority": "Priority",
      "drill.cohort": "Cohort",
      "drill.phase": "Phase in progress",
      "drill.checklist": "Checklist",
      "drill.track_head": "{track}: {status} · {done}/{total} steps",
      "drill.completed_on": "completed on {date}",
      "drill.deadline": "Deadline",
      "drill.no_deadline": "no deadline",
      "drill.milestone": "Milestone {code}, due {date}",
      "drill.agency_deadline": "agency's own date (appendix 2): {date}",
      "drill.done_on": "Done on",
      "drill.not_done": "not done",
      "drill.basis": "Basis",
      "basis.evidence": "Observed by the system",
      "basis.manual": "Confirmed by an operator",
      "basis.none": "None yet",
      "drill.evidence": "Evidence",
      "drill.no_evidence": "No evidence observed by the system yet.",
      "drill.source": "Source",
      "drill.observed_on": "Observed on",
      "drill.observed_at": "Time",
      "drill.progress": "Current figures",
      "drill.confirmations": "Manual confirmations",
      "drill.confirmed": "{note} — {client}, {at}",
      "drill.vn_time": "Vietnam time",
      "drill.conflict": "This agency is also listed under code {code}.",

      "source.registry": "Decision 72 registry",
      "source.credentials": "Credentials issued",
      "source.oauth_token": "OAuth2 token issued",
      "source.sandbox_scenarios": "Sandbox scenarios",
      "source.batches": "Batches",
      "source.daily_figures": "Daily figures",
      "detail.document": "Document",
      "detail.channel": "Channel",
      "detail.scenarios": "Scenarios",
      "detail.verified": "Verified",
      "detail.headcount": "Headcount",
      "detail.share": "Share",
      "detail.required_share": "Required share",
      "detail.records": "Records",
      "detail.pass_share": "Pass share",
      "detail.last_sync_on": "Last sync",
      "detail.window_days": "Live window (days)",

      "err.title": "Could not load the data",
      "err.network": "Cannot reach the server.",
      "err.csv": "Could not download the CSV file.",
    },
  };

  /** Shown in both languages whatever the page language: the reader may not be able to switch. */
  const BILINGUAL = {
    expired: {
      vi: "Phiên đăng nhập đã hết hạn hoặc không còn hợp lệ. Vui lòng đăng nhập lại.",
      en: "Your session has expired or is no longer valid. Please sign in again.",
    },
    network: { vi: "Không kết nối được tới máy chủ.", en: "Cannot reach the server." },
  };

  // --- state ------------------------------------------------------------------------------

  const state = {
    lang: "vi",
    token: null, // {access_token, expires_at}
    asOf: "", // "" = today by the server clock
    filters: { cohort: "", phase: "", status: "", group: "", vendor: "", priority: "" },
    search: "",
    sort: { key: null, dir: "ascending" },
    data: null,
    options: { group: new Set(), vendor: new Set() },
    auto: true,
    timer: null,
    inflight: null,
    seq: 0,
    drill: { code: null, data: null, error: null, opener: null, seq: 0 },
  };

  const $ = (id) => document.getElementById(id);

  // --- helpers: text, numbers, dates ------------------------------------------------------

  function t(key, vars) {
    const table = I18N[state.lang] || I18N.vi;
    let text = key in table ? table[key] : I18N.vi[key] !== undefined ? I18N.vi[key] : key;
    if (vars) {
      for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
    }
    return text;
  }

  const has = (key) => key in I18N.vi;
  const locale = () => (state.lang === "vi" ? "vi-VN" : "en-GB");
  const fmtInt = (n) => new Intl.NumberFormat(locale()).format(n);
  function fmtPct(x) {
    if (x === null || x === undefined) return t("cell.none");
    return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(x);
  }
  const parseDay = (iso) => new Date(`${iso}T00:00:00Z`);
  const pad = (n) => String(n).padStart(2, "0");
  function fmtDate(iso) {
    if (!iso) return t("cell.none");
    if (state.lang === "vi") return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const options = state.lang === "vi"
      ? { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }
      : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(locale(), options).format(parseDay(iso));
  }
  function fmtShortDate(iso) {
    if (state.lang === "vi") return `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
    const options = state.lang === "vi"
      ? { day: "2-digit", month: "2-digit", timeZone: "UTC" }
      : { day: "numeric", month: "short", timeZone: "UTC" };
    return new Intl.DateTimeFormat(locale(), options).format(parseDay(iso));
  }
  function fmtDateTime(iso) {
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return iso;
    const parts = {};
    for (const part of new Intl.DateTimeFormat("en-GB", {
      timeZone: VN_TZ, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    }).formatToParts(when)) parts[part.type] = part.value;
    const day = `${parts.year}-${parts.month}-${parts.day}`;
    return `${fmtDate(day)} ${parts.hour}:${parts.minute}:${parts.second} (${t("drill.vn_time")})`;
  }
  const fmtClock = (when) => `${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}`;
  const daysBetween = (fromIso, toIso) => Math.round((parseDay(toIso) - parseDay(fromIso)) / 86400000);
  const addDays = (iso, n) => new Date(parseDay(iso).getTime() + n * 86400000).toISOString().slice(0, 10);

  /** Diacritics-insensitive search ("hai phong" finds "Hải Phòng"). */
  const fold = (text) =>
    String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

  // --- helpers: DOM -----------------------------------------------------------------------

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.setAttribute("class", value);
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    return node;
  }

  /** An HTML element (never innerHTML: every text from the API stays text). */
  const h = (tag, attrs, ...children) => append(setAttrs(document.createElement(tag), attrs), children);
  /** An SVG element. */
  const s = (tag, attrs, ...children) => append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
  const clear = (node) => { while (node.firstChild) node.removeChild(node.firstChild); return node; };
  const timeEl = (iso, text) => (iso ? h("time", { datetime: iso }, text || fmtDate(iso)) : t("cell.none"));

  function badge(status, extra) {
    return h("span", { class: `badge badge--${status}`, "data-status": status, ...extra },
      h("span", { class: "badge__icon", "aria-hidden": "true" }, STATUS_ICON[status] || "•"),
      h("span", { class: "badge__text" }, t(`status.${status}`)));
  }

  /** A stacked bar of counts by status (HTML), with its numbers spelled out for screen readers. */
  function stackedBar(byStatus, total, label) {
    const bar = h("div", { class: "stack", role: "img", "aria-label": `${label}: ${statusSummary(byStatus)}` });
    for (const status of STATUSES) {
      const n = byStatus[status] || 0;
      if (!n || !total) continue;
      const seg = h("span", { class: `stack__seg fill--${status}`, title: `${t(`status.${status}`)}: ${fmtInt(n)}` });
      seg.style.width = `${(100 * n) / total}%`;
      bar.appendChild(seg);
    }
    if (!total) bar.classList.add("stack--empty");
    return bar;
  }

  const statusSummary = (byStatus) =>
    STATUSES.filter((st) => byStatus[st]).map((st) => `${t(`status.${st}`)} ${fmtInt(byStatus[st])}`).join(", ") || "0";

  function statusLegend() {
    return h("ul", { class: "legend", "aria-label": t("chart.legend") },
      STATUSES.map((st) => h("li", null, h("span", { class: `swatch fill--${st}`, "aria-hidden": "true" }), t(`status.${st}`))));
  }

  function dataTable(caption, head, rows) {
    return h("details", { class: "chart__table" },
      h("summary", null, t("chart.table")),
      h("div", { class: "table-scroll" },
        h("table", { class: "mini" },
          h("caption", null, caption),
          h("thead", null, h("tr", null, head.map((cell, i) => h("th", { scope: "col", class: i ? "num" : null }, cell)))),
          h("tbody", null, rows.map((row) => h("tr", null, row.map((cell, i) =>
            i === 0 ? h("th", { scope: "row" }, cell) : h("td", { class: "num" }, cell))))))));
  }

  // --- URL state (shareable links; the fragment is only for credentials) ------------------

  function readUrlState() {
    const params = new URLSearchParams(location.search);
    const day = params.get("as_of");
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) state.asOf = day;
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) state.filters[key] = value;
    }
    const q = params.get("q");
    if (q) state.search = q;
  }

  function writeUrlState() {
    const params = new URLSearchParams();
    if (state.asOf) params.set("as_of", state.asOf);
    for (const key of FILTER_KEYS) if (state.filters[key]) params.set(key, state.filters[key]);
    if (state.search) params.set("q", state.search);
    const query = params.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}`);
  }

  // --- auth -------------------------------------------------------------------------------

  class AuthError extends Error {
    constructor(problem) { super("unauthorized"); this.problem = problem; }
  }
  class ApiError extends Error {
    constructor(problem, status) { super(problem.title || `HTTP ${status}`); this.problem = problem; this.status = status; }
  }

  async function problemOf(response) {
    try {
      const body = await response.json();
      return {
        title: body.title || body.error_description || `HTTP ${response.status}`,
        title_vi: body.title_vi || body.title || `HTTP ${response.status}`,
        detail: body.detail || "",
        status: response.status,
      };
    } catch (_e) {
      return { title: `HTTP ${response.status}`, title_vi: `HTTP ${response.status}`, detail: "", status: response.status };
    }
  }

  function loadToken() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(TOKEN_KEY) || "null");
      if (saved && saved.access_token) return saved;
    } catch (_e) { /* a damaged entry counts as none */ }
    return null;
  }

  function saveToken(token) {
    state.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(token));
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  const tokenValid = () => state.token && (!state.token.expires_at || Date.now() < state.token.expires_at - 5000);

  async function signIn(clientId, clientSecret) {
    const submit = $("signin-submit");
    submit.disabled = true;
    submit.textContent = t("signin.busy");
    try {
      const response = await fetch("/v1/oauth/token", {
        method: "POST",
        headers: { Accept: "application/json" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
        cache: "no-store",
        // A refused client gets `WWW-Authenticate: Basic`; without credentials the browser
        // hands the 401 to the page instead of opening its own password prompt.
        credentials: "omit",
      });
      if (!response.ok) {
        const problem = await problemOf(response);
        showSignin({ vi: problem.title_vi, en: problem.title, detail: problem.detail });
        return;
      }
      const body = await response.json();
      saveToken({
        access_token: body.access_token,
        expires_at: body.expires_in ? Date.now() + body.expires_in * 1000 : null,
      });
      $("client-secret").value = "";
      showApp();
      announce("status.signed_in");
      await load();
    } catch (_e) {
      showSignin(BILINGUAL.network);
    } finally {
      submit.disabled = false;
      submit.textContent = t("signin.submit");
    }
  }

  function signOut(message) {
    saveToken(null);
    state.data = null;
    if (state.inflight) state.inflight.abort();
    const dialog = $("drilldown");
    if (dialog.open) dialog.close();
    showSignin(message);
  }

  /** Credentials in the fragment (#client_id=…&client_secret=…) sign in at once; the fragment
   * never reaches the server, and is wiped from the address bar and history straight away. */
  function credentialsFromFragment() {
    if (!location.hash || location.hash.length < 2) return null;
    const params = new URLSearchParams(location.hash.slice(1));
    const clientId = params.get("client_id");
    const clientSecret = params.get("client_secret");
    if (!clientId && !clientSecret) return null;
    history.replaceState(null, "", `${location.pathname}${location.search}`);
    return clientId && clientSecret ? { clientId, clientSecret } : null;
  }

  // --- API --------------------------------------------------------------------------------

  async function api(path, params, options = {}) {
    if (!tokenValid()) throw new AuthError(null);
    const url = new URL(path, location.origin);
    for (const [key, value] of Object.entries(params || {})) if (value) url.searchParams.set(key, value);
    let response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${state.token.access_token}`, Accept: options.accept || "application/json" },
        signal: options.signal,
        cache: "no-store",
        credentials: "omit", // the bearer token is the only credential; no cookies, no prompts
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError({ title: t("err.network"), title_vi: BILINGUAL.network.vi, detail: "" }, 0);
    }
    if (response.status === 401 || response.status === 403) throw new AuthError(await problemOf(response));
    if (!response.ok) throw new ApiError(await problemOf(response), response.status);
    return response;
  }

  function handleError(error) {
    if (error instanceof AuthError) {
      const p = error.problem;
      signOut(p && p.status === 403 ? { vi: p.title_vi, en: p.title, detail: p.detail } : BILINGUAL.expired);
      return;
    }
    const problem = error.problem || { title: String(error.message || error), title_vi: String(error.message || error) };
    const box = clear($("error"));
    append(box, [
      h("strong", null, t("err.title")),
      h("p", { lang: "vi" }, problem.title_vi || problem.title),
      state.lang === "en" || problem.title !== problem.title_vi ? h("p", { lang: "en" }, problem.title) : null,
      problem.detail ? h("p", { class: "small" }, problem.detail) : null,
    ]);
    box.hidden = false;
    announce(null);
  }

  // --- loading ----------------------------------------------------------------------------

  /** The polite live region: a dictionary key (re-translated when the language changes). */
  function announce(key, vars) {
    state.announced = key ? { key, vars } : null;
    $("status").textContent = key ? t(key, vars && vars()) : "";
  }

  async function load({ auto = false } = {}) {
    if (!state.token) return;
    if (state.inflight) state.inflight.abort();
    const controller = new AbortController();
    state.inflight = controller;
    const seq = ++state.seq;
    if (!auto) announce("status.loading");
    document.body.classList.add("is-loading");
    try {
      const response = await api("/v1/dashboard", { as_of: state.asOf, ...state.filters }, { signal: controller.signal });
      const data = await response.json();
      if (seq !== state.seq) return;
      state.data = data;
      state.updatedAt = new Date();
      // the API lists every value of the whole registry, whatever the filters
      for (const value of data.options?.group || []) state.options.group.add(value);
      for (const value of data.options?.vendor || []) state.options.vendor.add(value);
      $("error").hidden = true;
      render();
      if (!auto) announce("status.loaded", () => ({ n: fmtInt(data.agencies.length), date: fmtDate(data.as_of) }));
    } catch (error) {
      if (error.name === "AbortError") return;
      if (seq === state.seq) handleError(error);
    } finally {
      if (state.inflight === controller) {
        state.inflight = null;
        document.body.classList.remove("is-loading");
      }
    }
  }

  function schedule() {
    if (state.timer) clearInterval(state.timer);
    state.timer = setInterval(() => {
      if (state.auto && state.token && !document.hidden) load({ auto: true });
    }, REFRESH_MS);
  }

  async function downloadCsv() {
    try {
      const response = await api("/v1/dashboard/agencies.csv", { as_of: state.asOf, ...state.filters }, { accept: "text/csv" });
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = /filename="([^"]+)"/.exec(disposition);
      const name = match ? match[1] : `tien-do-${(state.data && state.data.as_of) || "hom-nay"}.csv`;
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: name, hidden: true });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce("csv.done", () => ({ name }));
    } catch (error) {
      handleError(error);
    }
  }

  // --- views: switching between sign-in and the dashboard ---------------------------------

  function showSignin(message) {
    $("app").hidden = true;
    $("signout").hidden = true;
    $("signin").hidden = false;
    const box = clear($("signin-message"));
    if (message) {
      append(box, [
        h("p", { lang: "vi" }, message.vi),
        message.en && message.en !== message.vi ? h("p", { lang: "en" }, message.en) : null,
        message.detail ? h("p", { class: "small" }, message.detail) : null,
      ]);
      box.hidden = false;
    } else {
      box.hidden = true;
    }
    const field = $("client-id").value ? $("client-secret") : $("client-id");
    field.focus();
  }

  function showApp() {
    $("signin").hidden = true;
    $("signin-message").hidden = true;
    $("app").hidden = false;
    $("signout").hidden = false;
  }

  // --- language ---------------------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.title = t("doc.title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const button of document.querySelectorAll(".lang-switch__btn")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
    }
    $("f-search").placeholder = t("filters.search_placeholder");
    $("table-caption").textContent = t("table.caption");
    renderFilterOptions();
    renderHead();
    if (state.data) render();
    if ($("drilldown").open) renderDrill();
    if (state.announced) announce(state.announced.key, state.announced.vars);
  }

  function setLanguage(lang) {
    if (!I18N[lang] || lang === state.lang) return;
    state.lang = lang;
    try { localStorage.setItem(LANG_KEY, lang); } catch (_e) { /* private mode */ }
    applyLanguage();
  }

  // --- rendering: the whole page ----------------------------------------------------------

  function render() {
    const data = state.data;
    if (!data) return;
    renderAsOf(data);
    renderConflicts(data.conflicts);
    renderCards(data);
    renderProgress(data);
    renderBurnup(data);
    renderQuality(data);
    renderOverdue(data);
    renderBreakdowns(data.breakdowns);
    renderFilterOptions();
    renderRows();
    $("updated").textContent = state.updatedAt ? t("status.updated", { time: fmtClock(state.updatedAt) }) : "";
  }

  function renderAsOf(data) {
    const input = $("as-of");
    if (document.activeElement !== input) input.value = data.as_of;
    const shown = clear($("as-of-hint"));
    const key = state.asOf ? "asof.shown" : "asof.shown_today";
    const [before, after] = t(key).split("{date}");
    append(shown, [before, h("time", { datetime: data.as_of }, fmtDate(data.as_of)), after]);
    $("as-of-today").setAttribute("aria-pressed", String(!state.asOf));
    $("as-of-replay").setAttribute("aria-pressed", String(state.asOf === REPLAY_DAY));
  }

  function renderConflicts(conflicts) {
    const section = $("conflicts");
    const list = clear($("conflict-list"));
    section.hidden = !conflicts.length;
    for (const item of conflicts) {
      list.appendChild(h("div", { class: "notice notice--warning conflict", "data-testid": "conflict", role: "note" },
        h("span", { class: "conflict__icon", "aria-hidden": "true" }, "⚠"),
        h("div", null,
          h("p", { class: "conflict__title" }, h("strong", null, t("conflict.title")), ": ", item.name),
          h("p", null, t("conflict.codes"), " ",
            item.codes.map((code, i) => [i ? h("span", { "aria-hidden": "true" }, " ⇄ ") : null,
              h("button", { type: "button", class: "code-chip", "data-testid": "conflict-code", "data-code": code,
                "aria-haspopup": "dialog", onclick: (e) => openDrill(code, e.currentTarget) }, code)])),
          h("p", { class: "small", lang: state.lang === "vi" ? "vi" : "en" }, state.lang === "vi" ? item.message_vi : item.message))));
    }
  }

  function renderCards(data) {
    const cards = clear($("cards"));
    for (const track of data.tracks) {
      const deadline = track.deadline;
      let due = null;
      if (deadline) {
        const left = daysBetween(data.as_of, deadline);
        due = left > 0 ? t("card.days_left", { n: fmtInt(left) })
          : left < 0 ? t("card.days_past", { n: fmtInt(-left) }) : t("card.due_today");
      }
      const share = track.verified_share_of_headcount;
      const meter = h("div", { class: "meter", "aria-hidden": "true" }, h("span", { class: "meter__fill" }));
      meter.firstChild.style.width = `${Math.min(100, 100 * (share || 0))}%`;
      const titleId = `card-title-${track.track}`;
      cards.appendChild(h("article", { class: "card panel", "data-testid": "track-card", "data-track": track.track, "aria-labelledby": titleId },
        h("header", { class: "card__head" },
          h("h3", { id: titleId }, state.lang === "vi" ? track.title_vi : track.title_en),
          h("p", { class: "card__count", "data-testid": "track-agencies" }, t("card.agencies", { n: fmtInt(track.agencies) }))),
        stackedBar(track.by_status, track.agencies, t("card.by_status")),
        h("ul", { class: "status-counts", "aria-label": t("card.by_status") },
          STATUSES.map((st) => h("li", { "data-status": st, class: track.by_status[st] ? null : "is-zero" },
            h("span", { class: `swatch fill--${st}`, "aria-hidden": "true" }),
            h("span", { class: "status-counts__label" }, t(`status.${st}`)),
            h("span", { class: "status-counts__n" }, fmtInt(track.by_status[st] || 0))))),
        h("div", { class: "card__block" },
          h("p", { class: "card__label" }, t("card.verified")),
          h("p", { class: "card__figure" },
            h("strong", null, fmtPct(share)), " ",
            h("span", { class: "muted" }, track.headcount
              ? t("card.verified_of", { v: fmtInt(track.verified), h: fmtInt(track.headcount) })
              : t("card.no_headcount", { v: fmtInt(track.verified) }))),
          meter,
          h("p", { class: "muted small" }, t("card.records", { n: fmtInt(track.records) }))),
        h("div", { class: "card__block" },
          h("p", { class: "card__label" }, t("card.principle")),
          h("p", { class: "principle", lang: "vi" }, track.quality_principle),
          h("ul", { class: "chips" }, Object.keys(track.pass_share).map((dim) =>
            h("li", { class: track.quality_principle.includes(I18N.vi[`dim.${dim}`]) ? "chip chip--key" : "chip" },
              `${t(`dim.${dim}`)} ${fmtPct(track.pass_share[dim])}`)))),
        h("div", { class: "card__block card__deadline" },
          h("p", { class: "card__label" }, t("card.deadline")),
          h("p", { class: "card__figure" }, h("strong", null, timeEl(deadline)), due ? h("span", { class: "muted" }, ` · ${due}`) : null),
          h("details", { class: "milestones" },
            h("summary", null, t("card.milestones")),
            h("ul", null, track.milestones.map((m) => h("li", null,
              h("span", { class: "mono" }, m.code), " · ", timeEl(m.deadline), " — ",
              state.lang === "vi" ? m.title_vi : m.title_en)))))));
    }
  }

  // --- rendering: charts ------------------------------------------------------------------

  /** Charts are drawn at the width they are shown at, so their text keeps its size. */
  function widthOf(host, fallback) {
    const width = Math.floor(host.clientWidth || 0);
    return width >= 280 ? width : fallback;
  }

  function svgRoot(width, height, titleText, descText, extra) {
    const uid = `svg-${Math.random().toString(36).slice(2, 9)}`;
    return s("svg", {
      viewBox: `0 0 ${width} ${height}`, class: "svg-chart", role: "img", focusable: "false",
      "aria-labelledby": `${uid}-t ${uid}-d`, preserveAspectRatio: "xMidYMid meet", ...extra,
    }, s("title", { id: `${uid}-t` }, titleText), s("desc", { id: `${uid}-d` }, descText));
  }

  function renderProgress(data) {
    const host = clear($("progress-chart"));
    const { agencies: total, ...overall } = data.totals;
    const rows = [
      { label: t("chart.all"), by_status: overall, agencies: total, all: true },
      ...data.tracks.map((tr) => ({ label: t(`track.${tr.track}`), by_status: tr.by_status, agencies: tr.agencies })),
    ];
    const width = widthOf(host, 560);
    const rowH = 34;
    const gap = 14;
    const left = Math.min(150, Math.round(width * 0.3));
    const right = 44;
    const top = 4;
    const yOfRow = (i) => top + i * (rowH + gap) + (i ? 10 : 0);
    const height = yOfRow(rows.length - 1) + rowH + 6;
    const svg = svgRoot(width, height, t("charts.progress"),
      `${t("chart.progress_desc")} ${rows.map((r) => `${r.label}: ${statusSummary(r.by_status)}`).join("; ")}`);
    rows.forEach((row, i) => {
      const y = yOfRow(i);
      const plotW = width - left - right;
      svg.appendChild(s("text", { x: left - 10, y: y + rowH / 2, class: `axis-label${row.all ? " strong" : ""}`, "text-anchor": "end", "dominant-baseline": "middle" },
        row.label));
      svg.appendChild(s("rect", { x: left, y, width: plotW, height: rowH, class: "bar-bg", rx: 3 }));
      let x = left;
      for (const status of STATUSES) {
        const n = row.by_status[status] || 0;
        if (!n || !row.agencies) continue;
        const w = (plotW * n) / row.agencies;
        const g = s("g", { class: "seg" },
          s("title", null, `${row.label} — ${t(`status.${status}`)}: ${fmtInt(n)}`),
          s("rect", { x, y, width: Math.max(w, 0.5), height: rowH, class: `fill--${status}` }));
        if (w >= 24) {
          g.appendChild(s("text", { x: x + w / 2, y: y + rowH / 2, class: `seg-label on--${status}`, "text-anchor": "middle", "dominant-baseline": "middle" }, fmtInt(n)));
        }
        svg.appendChild(g);
        x += w;
      }
      svg.appendChild(s("text", { x: width - right + 8, y: y + rowH / 2, class: "axis-label strong", "dominant-baseline": "middle" }, fmtInt(row.agencies)));
      if (row.all) svg.appendChild(s("line", { x1: 0, x2: width, y1: y + rowH + gap / 2 + 5, y2: y + rowH + gap / 2 + 5, class: "grid" }));
    });
    append(host, [svg, statusLegend(),
      h("p", { class: "muted small note" }, t("chart.progress_note")),
      dataTable(t("charts.progress"), [t("chart.track"), ...STATUSES.map((st) => t(`status.${st}`)), t("chart.total")],
        rows.map((r) => [r.label, ...STATUSES.map((st) => fmtInt(r.by_status[st] || 0)), fmtInt(r.agencies)]))]);
  }

  function niceStep(max, target) {
    const raw = Math.max(max, 1) / target;
    const power = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 5, 10]) if (m * power >= raw) return Math.max(1, m * power);
    return 10 * power;
  }

  function monthTicks(startIso, endIso, maxTicks) {
    const start = parseDay(startIso);
    const end = parseDay(endIso);
    const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
    const every = [1, 2, 3, 6, 12, 24].find((n) => months / n <= maxTicks) || 24;
    const ticks = [];
    let y = start.getUTCFullYear();
    let m = start.getUTCMonth() + 1;
    if (m > 11) { m = 0; y += 1; }
    for (let guard = 0; guard < 400; guard += 1) {
      const day = new Date(Date.UTC(y, m, 1));
      if (day > end) break;
      if ((y * 12 + m) % every === 0) ticks.push(day.toISOString().slice(0, 10));
      m += 1;
      if (m > 11) { m = 0; y += 1; }
    }
    return ticks;
  }

  function fmtMonth(iso) {
    if (state.lang === "vi") return `${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const options = state.lang === "vi" ? { month: "2-digit", year: "numeric", timeZone: "UTC" } : { month: "short", year: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(locale(), options).format(parseDay(iso));
  }

  function renderBurnup(data) {
    const host = clear($("burnup-chart"));
    const points = data.burnup;
    const tracks = data.tracks;
    const marks = new Map(); // deadline -> [codes]
    for (const track of tracks) {
      for (const m of track.milestones) {
        if (!marks.has(m.deadline)) marks.set(m.deadline, new Map());
        marks.get(m.deadline).set(m.code, m);
      }
    }
    const first = points.length ? points[0].day : data.as_of;
    const lastDeadline = [...marks.keys()].sort().pop();
    let end = data.as_of > (lastDeadline || "") ? data.as_of : lastDeadline;
    if (!end || end <= first) end = addDays(first, 7);
    const span = Math.max(1, daysBetween(first, end));
    const width = widthOf(host, 760);
    const height = 330;
    const m = { l: 44, r: width < 500 ? 64 : 132, t: 46, b: 40 };
    const plotW = width - m.l - m.r;
    const plotH = height - m.t - m.b;
    const targets = tracks.map((tr) => tr.agencies);
    const maxY = Math.max(1, ...targets, ...points.flatMap((p) => Object.values(p.completed)));
    const step = niceStep(maxY, 5);
    const top = Math.ceil(maxY / step) * step;
    const xOf = (iso) => m.l + (plotW * daysBetween(first, iso)) / span;
    const yOf = (v) => m.t + plotH - (plotH * v) / top;

    const last = points.length ? points[points.length - 1] : null;
    const summary = last
      ? tracks.map((tr) => `${t(`track.${tr.track}`)} ${fmtInt(last.completed[tr.track] || 0)}/${fmtInt(tr.agencies)}`).join("; ")
      : "";
    const svg = svgRoot(width, height, t("charts.burnup"), `${t("chart.burnup_desc")} ${summary}`);

    // grid and axes
    for (let v = 0; v <= top; v += step) {
      svg.appendChild(s("line", { x1: m.l, x2: m.l + plotW, y1: yOf(v), y2: yOf(v), class: v ? "grid" : "axis" }));
      svg.appendChild(s("text", { x: m.l - 8, y: yOf(v), class: "tick", "text-anchor": "end", "dominant-baseline": "middle" }, fmtInt(v)));
    }
    for (const tick of monthTicks(first, end, Math.max(2, Math.floor(plotW / 85)))) {
      const x = xOf(tick);
      svg.appendChild(s("line", { x1: x, x2: x, y1: m.t + plotH, y2: m.t + plotH + 5, class: "axis" }));
      svg.appendChild(s("text", { x, y: m.t + plotH + 20, class: "tick", "text-anchor": "middle" }, fmtMonth(tick)));
    }

    // milestone deadlines, their labels stacked in up to three rows so they never overlap
    const rowEnds = [-Infinity, -Infinity, -Infinity];
    const narrow = plotW < 520;
    for (const deadline of [...marks.keys()].sort()) {
      const x = xOf(deadline);
      const codes = [...marks.get(deadline).values()];
      const label = narrow ? fmtShortDate(deadline) : `${codes.map((c) => c.code).join(", ")} · ${fmtShortDate(deadline)}`;
      const labelW = label.length * 6.6 + 6;
      let level = rowEnds.findIndex((end) => end < x);
      if (level < 0) level = rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[level] = x + labelW;
      const y = m.t - 6 - level * 13;
      svg.appendChild(s("g", { class: "milestone", "data-deadline": deadline },
        s("title", null, codes.map((c) => `${t("chart.milestone", { code: c.code, date: fmtDate(deadline) })} — ${state.lang === "vi" ? c.title_vi : c.title_en}`).join("\n")),
        s("line", { x1: x, x2: x, y1: y + 2, y2: m.t + plotH, class: "deadline-line" }),
        s("text", { x: x + 3, y, class: "deadline-label" }, label)));
    }

    // as_of marker
    if (data.as_of >= first) {
      const x = xOf(data.as_of);
      const nearRight = x > m.l + plotW * 0.8;
      svg.appendChild(s("line", { x1: x, x2: x, y1: m.t, y2: m.t + plotH, class: "asof-line" }));
      svg.appendChild(s("text", { x: nearRight ? x - 5 : x + 5, y: m.t + 12, class: "asof-label", "text-anchor": nearRight ? "end" : "start" },
        `${t("chart.burnup_asof")} ${fmtDate(data.as_of)}`));
    }

    // targets and lines
    const labelYs = [];
    for (const track of tracks) {
      const y = yOf(track.agencies);
      svg.appendChild(s("line", { x1: m.l, x2: m.l + plotW, y1: y, y2: y, class: `target track-stroke--${track.track}` }));
      if (!points.length) continue;
      const d = points.map((p, i) => `${i ? "L" : "M"}${xOf(p.day).toFixed(1)},${yOf(p.completed[track.track] || 0).toFixed(1)}`).join(" ");
      const lastValue = last.completed[track.track] || 0;
      svg.appendChild(s("path", { d, class: `series track-stroke--${track.track}`, "stroke-dasharray": TRACK_DASH[track.track] || null },
        s("title", null, `${t(`track.${track.track}`)}: ${fmtInt(lastValue)} / ${fmtInt(track.agencies)}`)));
      const lx = xOf(last.day);
      let ly = yOf(lastValue);
      while (labelYs.some((other) => Math.abs(other - ly) < 13)) ly -= 13;
      labelYs.push(ly);
      svg.appendChild(s("circle", { cx: lx, cy: yOf(lastValue), r: 3.5, class: `track-fill--${track.track}` }));
      svg.appendChild(s("text", { x: m.l + plotW + 6, y: ly, class: `series-label track-text--${track.track}`, "dominant-baseline": "middle" },
        width < 500 ? `${fmtInt(lastValue)}/${fmtInt(track.agencies)}`
          : `${t(`track.${track.track}`).replace(/^(Nhóm|Cohort) /, "")}: ${fmtInt(lastValue)}/${fmtInt(track.agencies)}`));
    }

    const legend = h("ul", { class: "legend", "aria-label": t("chart.legend") },
      tracks.map((tr) => h("li", null, lineSwatch(tr.track), t(`track.${tr.track}`))),
      h("li", null, lineSwatch("deadline"), t("chart.deadlines")),
      h("li", null, lineSwatch("asof"), t("chart.burnup_asof")));
    const verified = last ? h("p", { class: "muted small" }, t("chart.burnup_verified", { n: fmtInt(last.verified) })) : null;

    // the text alternative: values at each deadline that has passed, and at as_of
    const stops = [...new Set([...marks.keys()].filter((d) => d <= data.as_of).concat(points.length ? [last.day] : []))].sort();
    const valueAt = (day, track) => {
      let value = 0;
      for (const p of points) if (p.day <= day) value = p.completed[track] || 0;
      return value;
    };
    const rows = stops.map((day) => [
      `${fmtDate(day)}${marks.has(day) ? ` (${[...marks.get(day).keys()].join(", ")})` : ""}`,
      ...tracks.map((tr) => `${fmtInt(valueAt(day, tr.track))} / ${fmtInt(tr.agencies)}`),
      fmtInt(points.filter((p) => p.day <= day).reduce((_acc, p) => p.verified, 0)),
    ]);
    append(host, [svg, legend, verified,
      dataTable(t("charts.burnup"), [t("chart.burnup_day"), ...tracks.map((tr) => t(`track.${tr.track}`)), t("drill.verified")], rows)]);
  }

  function lineSwatch(track) {
    const cls = track === "deadline" ? "deadline-line" : track === "asof" ? "asof-line" : `series track-stroke--${track}`;
    return s("svg", { class: "line-swatch", viewBox: "0 0 28 10", "aria-hidden": "true", focusable: "false" },
      s("line", { x1: 1, x2: 27, y1: 5, y2: 5, class: cls, "stroke-dasharray": TRACK_DASH[track] || null }));
  }

  function renderQuality(data) {
    const host = clear($("quality-chart"));
    const tracks = data.tracks;
    const threshold = Number(data.thresholds && data.thresholds.quality_share) || null;
    const width = widthOf(host, 560);
    const height = 290;
    const m = { l: 48, r: 84, t: 16, b: 44 };
    const plotW = width - m.l - m.r;
    const plotH = height - m.t - m.b;
    const groupW = plotW / DIMENSIONS.length;
    const barW = Math.min(30, (groupW - 24) / tracks.length);
    const yOf = (v) => m.t + plotH - plotH * v;
    const desc = `${t("chart.quality_desc", { pct: fmtPct(threshold) })} ` +
      tracks.map((tr) => `${t(`track.${tr.track}`)}: ${DIMENSIONS.map((d) => `${t(`dim.${d}`)} ${fmtPct(tr.pass_share[d])}`).join(", ")}`).join("; ");
    const svg = svgRoot(width, height, t("charts.quality"), desc);
    for (let v = 0; v <= 1.0001; v += 0.25) {
      svg.appendChild(s("line", { x1: m.l, x2: m.l + plotW, y1: yOf(v), y2: yOf(v), class: v ? "grid" : "axis" }));
      svg.appendChild(s("text", { x: m.l - 8, y: yOf(v), class: "tick", "text-anchor": "end", "dominant-baseline": "middle" }, fmtPct(v)));
    }
    DIMENSIONS.forEach((dim, i) => {
      const gx = m.l + i * groupW + (groupW - barW * tracks.length) / 2;
      tracks.forEach((track, j) => {
        const value = track.pass_share[dim];
        const x = gx + j * barW;
        const label = `${t(`dim.${dim}`)} — ${t(`track.${track.track}`)}: ${value === null || value === undefined ? t("chart.no_data") : fmtPct(value)}`;
        if (value === null || value === undefined) {
          svg.appendChild(s("g", null, s("title", null, label),
            s("text", { x: x + barW / 2 - 1, y: yOf(0) - 6, class: "tick", "text-anchor": "middle" }, "–")));
          return;
        }
        svg.appendChild(s("rect", { x: x + 1, y: yOf(value), width: barW - 2, height: Math.max(0.5, plotH * value), class: `track-fill--${track.track} bar-${j}` },
          s("title", null, label)));
      });
      svg.appendChild(s("text", { x: m.l + i * groupW + groupW / 2, y: m.t + plotH + 20, class: "axis-label", "text-anchor": "middle" }, t(`dim.${dim}`)));
    });
    if (threshold) {
      const y = yOf(threshold);
      svg.appendChild(s("line", { x1: m.l, x2: m.l + plotW, y1: y, y2: y, class: "threshold" }));
      svg.appendChild(s("text", { x: m.l + plotW + 6, y, class: "threshold-label", "dominant-baseline": "middle" }, t("chart.threshold", { pct: fmtPct(threshold) })));
    }
    const legend = h("ul", { class: "legend", "aria-label": t("chart.legend") },
      tracks.map((tr, j) => h("li", null, h("span", { class: `swatch track-bg--${tr.track} bar-${j}`, "aria-hidden": "true" }), t(`track.${tr.track}`))));
    append(host, [svg, legend,
      dataTable(t("charts.quality"), [t("chart.dimension"), ...tracks.map((tr) => t(`track.${tr.track}`))],
        DIMENSIONS.map((d) => [t(`dim.${d}`), ...tracks.map((tr) => (tr.pass_share[d] === null ? t("chart.no_data") : fmtPct(tr.pass_share[d])))]))]);
  }

  function renderOverdue(data) {
    const host = clear($("overdue"));
    const items = data.overdue;
    if (!items.length) {
      host.appendChild(h("p", { class: "empty" }, t("overdue.none")));
      return;
    }
    const top = items.slice(0, 10);
    const max = Math.max(1, ...top.map((i) => i.days_overdue));
    const list = h("ol", { class: "overdue" });
    for (const item of top) {
      const bar = h("span", { class: "overdue__bar", "aria-hidden": "true" }, h("span", { class: "overdue__fill" }));
      bar.firstChild.style.width = `${(100 * item.days_overdue) / max}%`;
      list.appendChild(h("li", { class: "overdue__item", "data-testid": "overdue-item", "data-code": item.code },
        h("div", { class: "overdue__main" },
          h("button", { type: "button", class: "link overdue__code", "aria-haspopup": "dialog", "data-code": item.code,
            onclick: (e) => openDrill(item.code, e.currentTarget) }, item.code),
          h("span", { class: "overdue__name" }, item.name),
          h("span", { class: "overdue__step muted small" },
            t("overdue.since", { step: state.lang === "vi" ? item.title_vi : item.title_en, date: fmtDate(item.deadline) }),
            item.overdue_steps.length > 1 ? ` · ${t("overdue.steps", { n: item.overdue_steps.length })}` : "")),
        h("div", { class: "overdue__days" }, bar,
          h("strong", { class: "overdue__n", "aria-label": t("overdue.days_long", { n: fmtInt(item.days_overdue) }) }, t("overdue.days", { n: fmtInt(item.days_overdue) })))));
    }
    host.appendChild(list);
    if (items.length > top.length) host.appendChild(h("p", { class: "muted small" }, t("overdue.more", { n: fmtInt(items.length - top.length) })));
  }

  function renderBreakdowns(breakdowns) {
    const host = clear($("breakdowns"));
    for (const dimension of ["group", "vendor", "priority"]) {
      const rows = (breakdowns && breakdowns[dimension]) || [];
      const label = (key) => (dimension === "priority" && has(`priority.${key}`) ? t(`priority.${key}`) : key);
      const total = Math.max(1, ...rows.map((r) => r.agencies));
      const body = rows.length
        ? h("table", { class: "mini breakdown" },
          h("thead", null, h("tr", null,
            h("th", { scope: "col" }, t("breakdown.key")),
            h("th", { scope: "col", class: "num" }, t("breakdown.agencies")),
            h("th", { scope: "col" }, t("breakdown.statuses")))),
          h("tbody", null, rows.map((row) => {
            const bar = stackedBar(row.by_status, row.agencies, label(row.key));
            bar.style.width = `${Math.max(8, (100 * row.agencies) / total)}%`;
            const filterable = row.key !== "—";
            return h("tr", null,
              h("th", { scope: "row" }, filterable
                ? h("button", { type: "button", class: "link", title: t("breakdown.filter", { key: label(row.key) }),
                  onclick: () => applyFilter(dimension, row.key) }, label(row.key))
                : label(row.key)),
              h("td", { class: "num" }, fmtInt(row.agencies)),
              h("td", { class: "bar-cell" }, bar));
          })))
        : h("p", { class: "empty" }, t("breakdown.empty"));
      host.appendChild(h("section", { class: "panel breakdown-panel", "aria-label": t(`breakdown.${dimension}`) },
        h("h3", null, t(`breakdown.${dimension}`)), body));
    }
  }

  // --- rendering: filters and the agency table --------------------------------------------

  function renderFilterOptions() {
    const fill = (id, key, values, labelOf) => {
      const select = $(id);
      const current = state.filters[key];
      const all = [...values];
      if (current && !all.includes(current)) all.push(current);
      clear(select);
      select.appendChild(h("option", { value: "" }, t("filters.all")));
      for (const value of all) select.appendChild(h("option", { value }, labelOf(value)));
      select.value = current;
    };
    const collator = new Intl.Collator(locale());
    fill("f-cohort", "cohort", ["26", "70"], (v) => t(`cohort.${v}`));
    fill("f-phase", "phase", ["I", "II"], (v) => t(`phase.${v}`));
    fill("f-status", "status", STATUSES, (v) => t(`status.${v}`));
    fill("f-group", "group", [...state.options.group].sort(collator.compare), (v) => v);
    fill("f-vendor", "vendor", [...state.options.vendor].sort(collator.compare), (v) => v);
    fill("f-priority", "priority", ["high", "medium", "low"], (v) => t(`priority.${v}`));
    $("f-search").value = state.search;
  }

  const COLUMNS = [
    { key: "code", value: (r) => r.code, text: true },
    { key: "name", value: (r) => r.name, text: true },
    { key: "cohort", value: (r) => `${r.cohort}-${r.phase || ""}`, text: true },
    { key: "status", value: (r) => SEVERITY[r.status] },
    { key: "steps", value: (r) => (r.total_steps ? r.done_steps / r.total_steps : 0), num: true },
    { key: "records", value: (r) => r.records, num: true },
    { key: "verified", value: (r) => (r.verified_share_of_headcount === null ? -1 : r.verified_share_of_headcount), num: true },
    { key: "last_sync", value: (r) => r.last_sync_on || "" },
    { key: "next_deadline", value: (r) => r.next_deadline || "9999-12-31" },
  ];

  function renderHead() {
    const row = clear($("table-head"));
    for (const col of COLUMNS) {
      const sorted = state.sort.key === col.key;
      const th = h("th", { scope: "col", class: col.num ? "num" : null, "data-testid": `col-${col.key}`,
        "aria-sort": sorted ? state.sort.dir : null },
      h("button", { type: "button", class: "sort", "data-key": col.key, "data-testid": `sort-${col.key}` },
        h("span", null, t(`col.${col.key}`)),
        h("span", { class: "sort__icon", "aria-hidden": "true" }, sorted ? (state.sort.dir === "ascending" ? "▲" : "▼") : "↕")));
      row.appendChild(th);
    }
  }

  function visibleRows() {
    if (!state.data) return [];
    const needle = fold(state.search.trim());
    let rows = state.data.agencies;
    if (needle) rows = rows.filter((r) => fold(r.code).includes(needle) || fold(r.name).includes(needle));
    const col = COLUMNS.find((c) => c.key === state.sort.key);
    if (col) {
      const collator = new Intl.Collator(locale(), { numeric: true, sensitivity: "base" });
      const sign = state.sort.dir === "ascending" ? 1 : -1;
      rows = [...rows].sort((a, b) => {
        const va = col.value(a);
        const vb = col.value(b);
        const diff = col.text ? collator.compare(va, vb) : va < vb ? -1 : va > vb ? 1 : 0;
        return diff * sign || collator.compare(a.code, b.code);
      });
    }
    return rows;
  }

  function renderRows() {
    const body = $("table-body");
    const active = document.activeElement;
    const focusCode = active && body.contains(active) ? active.dataset.code : null;
    clear(body);
    const rows = visibleRows();
    const total = state.data ? state.data.agencies.length : 0;
    const count = $("count");
    count.dataset.count = String(rows.length);
    count.textContent = rows.length === total
      ? t("table.count", { n: fmtInt(rows.length) })
      : t("table.count_of", { n: fmtInt(rows.length), total: fmtInt(total) });
    if (!rows.length) {
      body.appendChild(h("tr", { class: "empty-row" }, h("td", { colspan: COLUMNS.length, class: "empty" }, t("table.empty"))));
      return;
    }
    const asOf = state.data.as_of;
    const frag = document.createDocumentFragment();
    for (const r of rows) {
      const stepsBar = h("span", { class: "meter meter--small", "aria-hidden": "true" }, h("span", { class: "meter__fill" }));
      stepsBar.firstChild.style.width = `${r.total_steps ? (100 * r.done_steps) / r.total_steps : 0}%`;
      const pastDue = r.next_deadline && r.next_deadline < asOf;
      frag.appendChild(h("tr", { "data-testid": "agency-row", "data-code": r.code, "data-status": r.status, class: "agency-row" },
        h("td", { class: "code" },
          h("button", { type: "button", class: "link mono", "data-code": r.code, "data-testid": "open-agency",
            "aria-haspopup": "dialog", title: t("table.open", { code: r.code }) }, r.code)),
        h("td", { class: "name" }, h("span", null, r.name),
          r.conflict_with ? h("span", { class: "tag tag--warning" }, h("span", { "aria-hidden": "true" }, "⚠ "), t("conflict.tag", { code: r.conflict_with })) : null),
        h("td", { class: "cohort" }, r.cohort === "70" && r.phase ? t("cell.phase", { phase: r.phase }) : r.cohort),
        h("td", { class: "status" }, badge(r.status)),
        h("td", { class: "num stepcount" }, h("span", null, `${r.done_steps}/${r.total_steps}`), stepsBar),
        h("td", { class: "num" }, fmtInt(r.records)),
        h("td", { class: "num" }, r.headcount
          ? [h("span", null, `${fmtInt(r.verified)} / ${fmtInt(r.headcount)}`), h("span", { class: "muted small block" }, fmtPct(r.verified_share_of_headcount))]
          : [h("span", null, fmtInt(r.verified)), h("span", { class: "muted small block", title: t("cell.no_headcount") }, t("cell.no_headcount_short"))]),
        h("td", { class: "date" }, timeEl(r.last_sync_on)),
        h("td", { class: `date${pastDue ? " is-past" : ""}` }, timeEl(r.next_deadline),
          pastDue ? h("span", { class: "small block past-due" }, t("cell.past_due")) : null)));
    }
    body.appendChild(frag);
    if (focusCode) {
      const again = body.querySelector(`button[data-code="${CSS.escape(focusCode)}"]`);
      if (again) again.focus();
    }
  }

  function applyFilter(key, value) {
    state.filters[key] = value;
    renderFilterOptions();
    writeUrlState();
    load();
    $("table-title").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // --- drill-down -------------------------------------------------------------------------

  async function openDrill(code, opener) {
    const dialog = $("drilldown");
    const seq = ++state.drill.seq;
    state.drill = { code, data: null, error: null, opener: opener || document.activeElement, seq };
    renderDrill();
    if (!dialog.open) dialog.showModal();
    $("drilldown-close").focus();
    try {
      const asOf = (state.data && state.data.as_of) || state.asOf;
      const response = await api(`/v1/onboarding/agencies/${encodeURIComponent(code)}`, { as_of: asOf });
      const data = await response.json();
      if (state.drill.seq !== seq) return;
      state.drill.data = data;
    } catch (error) {
      if (error instanceof AuthError) { handleError(error); return; }
      if (state.drill.seq !== seq) return;
      state.drill.error = error.problem || { title: String(error), title_vi: String(error) };
    }
    renderDrill();
  }

  function renderDrill() {
    const { code, data, error } = state.drill;
    $("drilldown-code").textContent = code || "";
    $("drilldown-title").textContent = data ? data.name : code || "";
    const body = clear($("drilldown-body"));
    body.setAttribute("aria-busy", String(!data && !error));
    if (error) {
      body.appendChild(h("div", { class: "notice notice--error", role: "alert" },
        h("p", { lang: "vi" }, error.title_vi), error.title !== error.title_vi ? h("p", { lang: "en" }, error.title) : null));
      return;
    }
    if (!data) {
      body.appendChild(h("p", { class: "muted" }, t("drill.loading")));
      return;
    }
    body.setAttribute("data-code", data.code);
    const f = data.figures;
    const dl = (pairs) => h("dl", { class: "facts" }, pairs.filter(Boolean).map(([k, v, testid]) =>
      h("div", { class: "facts__row", "data-testid": testid || null }, h("dt", null, k), h("dd", null, v))));

    append(body, [
      h("div", { class: "drill-summary" },
        badge(data.status, { "data-testid": "drill-status" }),
        h("span", { class: "muted" }, t("drill.as_of", { date: "" }).trim(), " ", timeEl(data.as_of))),
      data.conflict_with ? h("p", { class: "notice notice--warning small" }, t("drill.conflict", { code: data.conflict_with })) : null,
      h("div", { class: "drill-grid" },
        h("section", { "aria-labelledby": "drill-summary-title" },
          h("h3", { id: "drill-summary-title" }, t("drill.summary")),
          dl([
            [t("drill.cohort"), t(`cohort.${data.cohort}`)],
            data.phase ? [t("drill.phase"), t(`phase.${data.phase}`)] : null,
            [t("drill.group"), data.group],
            data.vendor ? [t("drill.vendor"), data.vendor] : null,
            data.priority ? [t("drill.priority"), has(`priority.${data.priority}`) ? t(`priority.${data.priority}`) : data.priority] : null,
          ])),
        h("section", { "aria-labelledby": "drill-figures-title" },
          h("h3", { id: "drill-figures-title" }, t("drill.figures")),
          dl([
            [t("drill.records"), fmtInt(f.records), "drill-records"],
            [t("drill.verified"), fmtInt(f.verified), "drill-verified"],
            [t("drill.headcount"), f.headcount === null ? t("cell.no_headcount") : fmtInt(f.headcount), "drill-headcount"],
            [t("drill.share"), fmtPct(f.verified_share_of_headcount)],
            [t("drill.last_sync"), timeEl(f.last_sync_on)],
            [t("drill.pass_share"), Object.keys(f.pass_share).map((d) => `${t(`dim.${d}`)} ${fmtPct(f.pass_share[d])}`).join(" · ")],
          ]))),
      h("h3", null, t("drill.checklist")),
      data.tracks.map((track) => h("section", { class: "track-steps", "data-track": track.track, "aria-label": t(`track.${track.track}`) },
        h("h4", null,
          h("span", null, t(`track.${track.track}`)), " ",
          badge(track.status),
          h("span", { class: "muted small" }, ` ${track.done_steps}/${track.total_steps}`,
            track.completed_on ? [" · ", t("drill.completed_on", { date: fmtDate(track.completed_on) })] : "")),
        h("ol", { class: "steps" }, data.steps.filter((st) => st.track === track.track).map(renderStep)))),
    ]);
  }

  function renderStep(step) {
    const ev = step.evidence;
    const deadline = step.deadline
      ? [timeEl(step.deadline),
        step.milestone ? h("span", { class: "muted small block" }, t("drill.milestone", { code: step.milestone, date: fmtDate(step.milestone_deadline) })) : null,
        step.agency_deadline ? h("span", { class: "muted small block" }, t("drill.agency_deadline", { date: fmtDate(step.agency_deadline) })) : null]
      : t("drill.no_deadline");
    return h("li", { class: `step step--${step.status}`, "data-testid": "step", "data-step": step.step, "data-track": step.track, "data-status": step.status },
      h("div", { class: "step__head" },
        h("span", { class: "step__title" }, state.lang === "vi" ? step.title_vi : step.title_en),
        badge(step.status, { "data-testid": "step-status" })),
      h("dl", { class: "facts facts--inline" },
        h("div", { class: "facts__row" }, h("dt", null, t("drill.deadline")), h("dd", { "data-testid": "step-deadline" }, deadline)),
        h("div", { class: "facts__row" }, h("dt", null, t("drill.done_on")), h("dd", { "data-testid": "step-done-on" }, step.done_on ? timeEl(step.done_on) : t("drill.not_done"))),
        h("div", { class: "facts__row" }, h("dt", null, t("drill.basis")), h("dd", { "data-testid": "step-basis", "data-basis": step.basis || "" }, t(`basis.${step.basis || "none"}`)))),
      ev
        ? h("div", { class: "evidence", "data-testid": "evidence", "data-source": ev.source },
          h("p", { class: "evidence__title" }, t("drill.evidence")),
          h("dl", { class: "facts facts--inline" },
            h("div", { class: "facts__row" }, h("dt", null, t("drill.source")),
              h("dd", { "data-testid": "evidence-source" }, has(`source.${ev.source}`) ? t(`source.${ev.source}`) : ev.source, " ", h("code", null, ev.source))),
            h("div", { class: "facts__row" }, h("dt", null, t("drill.observed_on")), h("dd", { "data-testid": "evidence-observed-on" }, timeEl(ev.observed_on))),
            ev.observed_at ? h("div", { class: "facts__row" }, h("dt", null, t("drill.observed_at")),
              h("dd", null, h("time", { datetime: ev.observed_at, "data-testid": "evidence-observed-at" }, fmtDateTime(ev.observed_at)))) : null),
          Object.keys(ev.detail || {}).length ? detailList(ev.detail, "evidence-detail") : null)
        : h("p", { class: "muted small" }, t("drill.no_evidence")),
      step.progress && Object.keys(step.progress).length
        ? h("div", { class: "progress-box" }, h("p", { class: "evidence__title" }, t("drill.progress")), detailList(step.progress, "step-progress"))
        : null,
      step.confirmations.length
        ? h("div", { class: "confirmations", "data-testid": "confirmations" },
          h("p", { class: "evidence__title" }, t("drill.confirmations")),
          h("ul", null, step.confirmations.map((c) => h("li", null,
            h("q", null, c.note), " — ", h("code", null, c.client_id), ", ",
            h("time", { datetime: c.confirmed_at }, fmtDateTime(c.confirmed_at))))))
        : null);
  }

  /** Key/values of evidence detail or progress: shares as percentages, dates as dates. */
  function detailList(detail, testid) {
    return h("dl", { class: "detail", "data-testid": testid },
      Object.entries(detail).map(([key, value]) => h("div", { class: "detail__row", "data-key": key },
        h("dt", null, has(`detail.${key}`) ? t(`detail.${key}`) : key),
        h("dd", { "data-value": typeof value === "object" ? JSON.stringify(value) : String(value) }, detailValue(key, value)))));
  }

  function detailValue(key, value) {
    if (value === null || value === undefined) return t("cell.none");
    if (Array.isArray(value)) return value.map((v) => h("code", { class: "chip" }, String(v)));
    if (typeof value === "object") {
      return Object.entries(value).map(([k, v]) =>
        h("span", { class: "chip" }, `${has(`dim.${k}`) ? t(`dim.${k}`) : k} ${typeof v === "number" && /share/.test(key) ? fmtPct(v) : v === null ? t("cell.none") : String(v)}`));
    }
    if (typeof value === "number" && /share/.test(key)) return fmtPct(value);
    if (typeof value === "number") return fmtInt(value);
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return timeEl(value);
    return String(value);
  }

  function closeDrill() {
    const dialog = $("drilldown");
    if (dialog.open) dialog.close();
  }

  function restoreFocusAfterDrill() {
    const { opener, code } = state.drill;
    let target = opener && document.contains(opener) ? opener : null;
    if (!target && code) target = document.querySelector(`#table-body button[data-code="${CSS.escape(code)}"]`);
    state.drill.seq += 1; // a late answer must not reopen anything
    if (target) target.focus();
  }

  // --- wiring -----------------------------------------------------------------------------

  function wire() {
    for (const button of document.querySelectorAll(".lang-switch__btn")) {
      button.addEventListener("click", () => setLanguage(button.dataset.lang));
    }
    $("signin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const clientId = $("client-id").value.trim();
      const clientSecret = $("client-secret").value;
      if (!clientId || !clientSecret) {
        showSignin({ vi: I18N.vi["signin.missing"], en: I18N.en["signin.missing"] });
        return;
      }
      signIn(clientId, clientSecret);
    });
    $("signout").addEventListener("click", () => signOut(null));

    $("as-of").addEventListener("change", (event) => {
      const value = event.target.value;
      if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
      state.asOf = value;
      writeUrlState();
      load();
    });
    $("as-of-replay").addEventListener("click", () => {
      state.asOf = REPLAY_DAY;
      $("as-of").value = REPLAY_DAY;
      writeUrlState();
      load();
    });
    $("as-of-today").addEventListener("click", () => {
      state.asOf = "";
      writeUrlState();
      load();
    });
    $("auto-refresh").addEventListener("change", (event) => {
      state.auto = event.target.checked;
      announce(state.auto ? "refresh.resumed" : "refresh.paused");
      if (state.auto) load({ auto: true });
    });
    $("refresh-now").addEventListener("click", () => load());
    $("csv").addEventListener("click", downloadCsv);

    const filters = $("filters");
    filters.addEventListener("submit", (event) => event.preventDefault());
    filters.addEventListener("change", (event) => {
      const key = event.target.name;
      if (!FILTER_KEYS.includes(key)) return;
      state.filters[key] = event.target.value;
      writeUrlState();
      load();
    });
    filters.addEventListener("reset", (event) => {
      event.preventDefault();
      for (const key of FILTER_KEYS) state.filters[key] = "";
      state.search = "";
      renderFilterOptions();
      writeUrlState();
      load();
    });
    let searchTimer = null;
    $("f-search").addEventListener("input", (event) => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        state.search = event.target.value;
        writeUrlState();
        renderRows();
      }, 120);
    });

    $("table-head").addEventListener("click", (event) => {
      const button = event.target.closest("button.sort");
      if (!button) return;
      const key = button.dataset.key;
      state.sort = { key, dir: state.sort.key === key && state.sort.dir === "ascending" ? "descending" : "ascending" };
      renderHead();
      renderRows();
      const again = $("table-head").querySelector(`button[data-key="${key}"]`);
      if (again) again.focus();
      announce("table.sorted", () => ({ col: t(`col.${key}`), dir: t(`sort.${state.sort.dir}`) }));
    });
    $("table-body").addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-code]");
      if (!row) return;
      if (event.target.closest("a") || (window.getSelection && String(window.getSelection()).length)) return;
      openDrill(row.dataset.code, row.querySelector("button[data-code]"));
    });

    const dialog = $("drilldown");
    $("drilldown-close").addEventListener("click", closeDrill);
    dialog.addEventListener("close", restoreFocusAfterDrill);
    dialog.addEventListener("click", (event) => {
      if (event.target !== dialog) return; // a click on the backdrop closes
      const r = dialog.getBoundingClientRect();
      const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
      if (!inside) closeDrill();
    });

    // a link with credentials opened in this very tab only changes the fragment
    window.addEventListener("hashchange", () => {
      const fromFragment = credentialsFromFragment();
      if (!fromFragment) return;
      $("client-id").value = fromFragment.clientId;
      signIn(fromFragment.clientId, fromFragment.clientSecret);
    });

    let resizeTimer = null;
    let lastWidth = window.innerWidth;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (window.innerWidth === lastWidth || !state.data) return;
        lastWidth = window.innerWidth;
        renderProgress(state.data);
        renderBurnup(state.data);
        renderQuality(state.data);
      }, 150);
    });

    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && state.auto && state.token && state.updatedAt && Date.now() - state.updatedAt > REFRESH_MS) load({ auto: true });
    });
  }

  function start() {
    let lang = "vi";
    try { lang = localStorage.getItem(LANG_KEY) || "vi"; } catch (_e) { /* private mode */ }
    state.lang = I18N[lang] ? lang : "vi";
    readUrlState();
    wire();
    applyLanguage();
    schedule();
    const fromFragment = credentialsFromFragment();
    if (fromFragment) {
      $("client-id").value = fromFragment.clientId;
      showSignin(null);
      signIn(fromFragment.clientId, fromFragment.clientSecret);
      return;
    }
    state.token = loadToken();
    if (state.token && tokenValid()) {
      showApp();
      load();
    } else {
      const hadToken = Boolean(state.token);
      saveToken(null);
      showSignin(hadToken ? BILINGUAL.expired : null);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
