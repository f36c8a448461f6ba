// The vendors' page: scenarios and personas (public), and the signed-in agency's conformance
// report. Plain DOM, no framework; the token stays in sessionStorage for this tab only.
"use strict";

(() => {
  const TEXT = {
    vi: {
      skip: "Bỏ qua, đến nội dung chính",
      title: "Môi trường thử nghiệm cho nhà cung cấp phần mềm",
      subtitle: "Kịch bản thử, công dân mẫu và báo cáo tuân thủ trước khi kết nối CSDLQG về CBCCVC",
      "nav.conformance": "Báo cáo tuân thủ", "nav.scenarios": "Kịch bản thử",
      "nav.personas": "Công dân mẫu", "nav.api": "Tài liệu API",
      "conformance.title": "Báo cáo tuân thủ",
      "conformance.intro": "Những hành vi hệ thống của cơ quan phải thể hiện trước khi vận hành chính thức, đánh giá từ các yêu cầu môi trường thử ghi nhận được.",
      "signin.client_id": "Mã ứng dụng (client_id)", "signin.client_secret": "Khóa bí mật (client_secret)",
      "signin.submit": "Xem báo cáo",
      "signin.note": "Lấy thông tin xác thực bằng lệnh: ccvc credentials issue --agency MÃ",
      "signin.failed": "Đăng nhập không thành công: sai mã ứng dụng hoặc khóa bí mật.",
      "signin.missing": "Vui lòng nhập cả mã ứng dụng và khóa bí mật.",
      refresh: "Làm mới",
      "scenarios.title": "Kịch bản thử (tiêu đề Sandbox-Scenario)",
      "scenarios.intro": "Gửi tiêu đề Sandbox-Scenario để gây lỗi theo yêu cầu, chỉ cho yêu cầu của bạn.",
      "personas.title": "Công dân mẫu và kết quả của cổng",
      "personas.intro": "Mỗi công dân mẫu của CSDLQG về dân cư, cách đối khớp và kết quả cổng trả về cho một hồ sơ đầy đủ dựng trên công dân đó (JSON: /dancu/sandbox/personas và /v1/sandbox/persona-outcomes).",
      "col.id": "Mã", "col.what": "Điều xảy ra", "col.where": "Áp dụng cho",
      "col.persona": "Công dân mẫu", "col.person_id": "Số định danh", "col.verification": "Đối khớp dân cư",
      "col.outcome": "Kết quả", "col.rules": "Quy tắc",
      passed: "Đạt", failed: "Chưa đạt", not_tried: "Chưa thử", accepted: "Chấp nhận", rejected: "Từ chối",
      required: "bắt buộc", optional: "không bắt buộc với cơ quan này", evidence: "Bằng chứng",
      batch: "gửi lô", "record-write": "ghi hồ sơ",
      summaryPassed: (r) => `Cơ quan ${r.agency_code}: ĐẠT — ghi nhận lúc ${fmt(r.passed_at)}. ${r.counts.passed} đạt, ${r.counts.failed} chưa đạt, ${r.counts.not_tried} chưa thử.`,
      summaryOpen: (r) => `Cơ quan ${r.agency_code}: ${r.counts.passed} đạt, ${r.counts.failed} chưa đạt, ${r.counts.not_tried} chưa thử (${r.observed_requests} yêu cầu đã ghi nhận).`,
    },
    en: {
      skip: "Skip to the main content",
      title: "Sandbox for software vendors",
      subtitle: "Scenario switches, test personas and the conformance report before connecting to the national civil-servant database",
      "nav.conformance": "Conformance report", "nav.scenarios": "Scenarios",
      "nav.personas": "Test personas", "nav.api": "API reference",
      "conformance.title": "Conformance report",
      "conformance.intro": "The behaviours an agency's system must show before going live, judged from the requests the sandbox observed.",
      "signin.client_id": "Client ID", "signin.client_secret": "Client secret", "signin.submit": "Show the report",
      "signin.note": "Get credentials with: ccvc credentials issue --agency CODE",
      "signin.failed": "Sign-in failed: wrong client ID or secret.",
      "signin.missing": "Please enter both the client ID and the client secret.",
      refresh: "Refresh",
      "scenarios.title": "Scenarios (the Sandbox-Scenario header)",
      "scenarios.intro": "Send the Sandbox-Scenario header to trigger a failure on demand, for your request only.",
      "personas.title": "Test personas and the gateway's outcome",
      "personas.intro": "Each test persona of the population DB, how it verifies, and what the gateway answers for a complete record built on it (JSON: /dancu/sandbox/personas and /v1/sandbox/persona-outcomes).",
      "col.id": "Id", "col.what": "What happens", "col.where": "Applies to",
      "col.persona": "Persona", "col.person_id": "Personal number", "col.verification": "Population DB",
      "col.outcome": "Outcome", "col.rules": "Rules",
      passed: "Passed", failed: "Failed", not_tried: "Not tried", accepted: "Accepted", rejected: "Rejected",
      required: "required", optional: "not required for this agency", evidence: "Evidence",
      batch: "batches", "record-write": "record writes",
      summaryPassed: (r) => `Agency ${r.agency_code}: PASSED — recorded at ${fmt(r.passed_at)}. ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.not_tried} not tried.`,
      summaryOpen: (r) => `Agency ${r.agency_code}: ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.not_tried} not tried (${r.observed_requests} requests observed).`,
    },
  };
  let lang = sessionStorage.getItem("ccvc.sandbox.lang") || "vi";
  let data = { scenarios: [], personas: [], outcomes: {}, report: null };
  const $ = (id) => document.getElementById(id);
  const t = (key) => TEXT[lang][key] ?? key;
  const fmt = (iso) => (iso ? new Date(iso).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB") : "");
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) node.append(child ?? "");
    return node;
  };

  // `text` in the API's sentences becomes <code>: text nodes only, never HTML
  const rich = (text) => el("span", {}, ...String(text).split("`").map((part, i) => (i % 2 ? el("code", {}, part) : part)));

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
    document.querySelectorAll("[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    document.title = t("title");
    renderScenarios(); renderPersonas(); renderReport();
  }

  function renderScenarios() {
    $("scenario-rows").replaceChildren(...data.scenarios.map((s) => el("tr", { "data-scenario": s.id },
      el("td", {}, el("code", {}, s.id)),
      el("td", {}, rich(lang === "vi" ? s.title_vi : s.title_en)),
      el("td", {}, s.applies_to.map((a) => t(a)).join(", ")))));
  }

  function renderPersonas() {
    $("persona-rows").replaceChildren(...data.personas.map((p) => {
      const outcome = data.outcomes[p.id] || {};
      return el("tr", { "data-persona": p.id },
        el("td", {}, el("strong", {}, lang === "vi" ? p.title_vi : p.title_en), el("br"),
          lang === "vi" ? p.description_vi : p.description),
        el("td", {}, el("code", {}, (p.record && (p.record.person_id || p.record.old_id_number)) || "—")),
        el("td", {}, (p.expected && p.expected.verification) || "—"),
        el("td", { "data-outcome": outcome.status || "" }, t(outcome.status || "—"), el("br"),
          lang === "vi" ? outcome.note_vi || "" : outcome.note_en || ""),
        el("td", {}, [...(outcome.errors || []), ...(outcome.warnings || [])].join(", ") || "—"));
    }));
  }

  function renderReport() {
    const report = data.report;
    if (!report) return;
    $("report").hidden = false;
    $("report-summary").textContent = report.passed ? t("summaryPassed")(report) : t("summaryOpen")(report);
    $("behaviours").replaceChildren(...report.behaviours.map((b) => el("li", { "data-behaviour": b.id, "data-status": b.status },
      el("h3", {}, el("span", { class: `badge ${b.status}` }, t(b.status)), lang === "vi" ? b.title_vi : b.title_en,
        el("small", {}, ` (${t(b.required ? "required" : "optional")})`)),
      el("p", {}, lang === "vi" ? b.reason_vi : b.reason_en),
      el("p", { class: "how" }, rich(lang === "vi" ? b.how_to_vi : b.how_to_en)),
      b.evidence.length ? el("details", {}, el("summary", {}, `${t("evidence")} (${b.evidence.length})`),
        el("table", {}, el("tbody", {}, ...b.evidence.map((e) => el("tr", {},
          el("td", {}, fmt(e.at)), el("td", {}, el("code", {}, `${e.method} ${e.route}`)),
          el("td", {}, String(e.status)), el("td", {}, e.note || "")))))) : "")));
  }

  async function getJson(url, token) {
    const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!response.ok) throw Object.assign(new Error(url), { status: response.status });
    return response.json();
  }

  async function loadReport() {
    const token = sessionStorage.getItem("ccvc.sandbox.token");
    if (!token) return;
    try {
      data.report = await getJson("/v1/sandbox/conformance", token);
      renderReport();
    } catch (error) {
      sessionStorage.removeItem("ccvc.sandbox.token");
      showError(t("signin.failed"));
    }
  }

  function showError(message) { $("signin-error").textContent = message; $("signin-error").hidden = false; }

  async function signIn(event) {
    event.preventDefault();
    const clientId = $("client-id").value.trim();
    const clientSecret = $("client-secret").value;
    $("signin-error").hidden = true;
    if (!clientId || !clientSecret) return showError(t("signin.missing"));
    const response = await fetch("/v1/oauth/token", {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
    });
    if (!response.ok) return showError(t("signin.failed"));
    sessionStorage.setItem("ccvc.sandbox.token", (await response.json()).access_token);
    await loadReport();
  }

  async function start() {
    document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
      lang = b.dataset.lang; sessionStorage.setItem("ccvc.sandbox.lang", lang); applyLanguage();
    }));
    $("signin").addEventListener("submit", signIn);
    $("refresh").addEventListener("click", loadReport);
    const [scenarios, personas, outcomes] = await Promise.all([
      getJson("/v1/sandbox/scenarios"), getJson("/dancu/sandbox/personas"), getJson("/v1/sandbox/persona-outcomes"),
    ]);
    data.scenarios = scenarios;
    data.personas = personas.personas;
    data.outcomes = Object.fromEntries(outcomes.map((o) => [o.persona, o]));
    applyLanguage();
    await loadReport();
  }

  start();
})();
