/*
 * Trợ lý Dịch vụ công: the web chat widget.
 *
 * Embed with one tag:  <script src="https://HOST/chat/static/widget.js" defer></script>
 * Plain JavaScript, no dependencies, nothing loaded from another host. Bot text is
 * always inserted as text (never as HTML); links are built element by element.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__dvcChatWidget) {
    return;
  }
  window.__dvcChatWidget = true;

  // The base URL is where this file came from, minus /chat/static/widget.js, so the
  // widget works behind a reverse proxy that mounts the assistant under a path.
  var src = script.src.split("#")[0].split("?")[0];
  var BASE = src.replace(/\/chat\/static\/widget\.js$/, "");
  if (BASE === src) {
    BASE = new URL(src, window.location.href).origin;
  }
  var WEBHOOK = BASE + "/chat/webhook";
  var STYLESHEET = BASE + "/chat/static/widget.css";

  var MAX_CHARS = 1000;
  var MAX_HISTORY = 200;
  var TIMEOUT_MS = 30000;
  var KEYS = {
    sender: "dvcChat.sender",
    history: "dvcChat.history",
    open: "dvcChat.open",
    large: "dvcChat.large"
  };
  var UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  var TEXT = {
    title: "Trợ lý Dịch vụ công",
    subtitle: "Trả lời tự động, có cán bộ hỗ trợ khi cần",
    launcher: "Hỏi trợ lý",
    launcherLabel: "Mở trợ lý Dịch vụ công",
    close: "Đóng trợ lý",
    large: "Chữ to",
    human: "Gặp cán bộ",
    restart: "Cuộc trò chuyện mới",
    confirmTitle: "Bắt đầu cuộc trò chuyện mới?",
    confirmText:
      "Toàn bộ nội dung trò chuyện trên thiết bị này sẽ bị xóa. " +
      "Nên làm việc này trước khi trao máy cho người khác.",
    confirmYes: "Bắt đầu lại",
    confirmNo: "Hủy",
    log: "Nội dung trò chuyện",
    input: "Nhập câu hỏi của bạn",
    placeholder: "Nhập câu hỏi…",
    send: "Gửi",
    sendLabel: "Gửi tin nhắn",
    hint: "Không nhập mật khẩu hay mã OTP vào đây.",
    typing: "Trợ lý đang trả lời…",
    you: "Bạn: ",
    bot: "Trợ lý: ",
    retry: "Thử lại",
    network:
      "Không kết nối được với trợ lý. Bạn kiểm tra mạng rồi bấm “Thử lại”. " +
      "Nếu cần gấp, gọi tổng đài Cổng Dịch vụ công quốc gia {fact_portal_hotline}.",
    server:
      "Hệ thống trợ lý đang gặp sự cố. Bạn bấm “Thử lại” sau ít phút. " +
      "Nếu cần gấp, gọi tổng đài Cổng Dịch vụ công quốc gia {fact_portal_hotline}.",
    welcome:
      "Xin chào! Tôi là trợ lý tự động của Trung tâm Phục vụ hành chính công xã. " +
      "Tôi hướng dẫn cài đặt VNeID, nộp hồ sơ và thanh toán trực tuyến, tra cứu hồ sơ.\n" +
      "Bạn chọn một nút bên dưới hoặc gõ câu hỏi.",
    counter: " / 1000 ký tự"
  };
  var WELCOME_BUTTONS = [
    { title: "Tra cứu hồ sơ", payload: "/check_dossier_status" },
    { title: "Cài đặt VNeID", payload: "/vneid_install" },
    { title: "Xem menu", payload: "/help" }
  ];
  var HUMAN_PAYLOAD = "/human_handoff";

  // ---- storage (may be unavailable: private mode, blocked cookies) ----------------

  var memory = {};
  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
    }
  }
  function drop(key) {
    delete memory[key];
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      /* disabled: the copy in memory is gone already */
    }
  }
  function save(key, value) {
    memory[key] = value;
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* quota or disabled: keep it in memory for this page */
    }
  }

  function newUuid() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      try {
        return c.randomUUID();
      } catch (e) {
        /* not a secure context: fall through */
      }
    }
    var bytes = new Uint8Array(16);
    c.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = [];
    for (var i = 0; i < 16; i++) {
      hex.push((bytes[i] + 0x100).toString(16).slice(1));
    }
    hex = hex.join("");
    return (
      hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20)
    );
  }

  function senderId(renew) {
    var id = load(KEYS.sender);
    if (renew || !id || !UUID4.test(id)) {
      id = newUuid();
      save(KEYS.sender, id);
    }
    return id;
  }

  function cleanButtons(list) {
    var out = [];
    if (!Array.isArray(list)) {
      return out;
    }
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (b && typeof b.title === "string" && typeof b.payload === "string" && b.title) {
        out.push({ title: b.title, payload: b.payload });
      }
    }
    return out;
  }

  function loadHistory() {
    var raw = load(KEYS.history);
    var items;
    try {
      items = JSON.parse(raw || "[]");
    } catch (e) {
      items = [];
    }
    if (!Array.isArray(items)) {
      return [];
    }
    var out = [];
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      if (it && (it.who === "user" || it.who === "bot") && typeof it.text === "string") {
        out.push({ who: it.who, text: it.text, buttons: cleanButtons(it.buttons) });
      }
    }
    return out.slice(-MAX_HISTORY);
  }

  var history = loadHistory();
  function remember(item) {
    history.push(item);
    if (history.length > MAX_HISTORY) {
      history = history.slice(-MAX_HISTORY);
    }
    save(KEYS.history, JSON.stringify(history));
  }

  // ---- DOM helpers ------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(paths) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "dvc-chat__icon");
    for (var i = 0; i < paths.length; i++) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("d", paths[i]);
      svg.appendChild(p);
    }
    return svg;
  }
  var ICON_CHAT = [
    "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
  ];
  var ICON_CLOSE = ["M6 6l12 12M18 6L6 18"];
  var ICON_SEND = ["M3 20l18-8L3 4v6l12 2-12 2z"];
  var ICON_PERSON = ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0"];
  var ICON_RESTART = ["M3 12a9 9 0 1 0 3-6.7L3 8", "M3 3v5h5"];

  function button(className, text, label) {
    var b = el("button", className, text);
    b.type = "button";
    if (label) {
      b.setAttribute("aria-label", label);
    }
    return b;
  }

  // ---- links: only http(s) and tel, built as elements --------------------------------

  // 1: URL with scheme, 2: bare *.gov.vn address, 3: tel: URI, 5: hotline or phone number
  // (with the character before it in 4, so that no look-behind is needed).
  var LINK = new RegExp(
    "(https?:\\/\\/[^\\s<>\"'`]+)" +
      "|((?:[a-z0-9-]+\\.)+gov\\.vn(?:\\/[^\\s<>\"'`]*)?)" +
      "|(tel:\\+?[0-9][0-9 .]{4,18}[0-9])" +
      "|(^|[^0-9A-Za-z.\\-\\/])(1[89]00[ .]?[0-9]{4}|1[89]00[ .][0-9]{2}[ .][0-9]{2}|0[0-9]{9}|0[0-9]{2,3}[ .][0-9]{3}[ .][0-9]{3,4})(?![0-9A-Za-z\\-\\/]|\\.[0-9])" +
      // 6, 7: a printable guide page of this assistant ("/huong-dan/<id>"), on its host
      "|(^|\\s)(\\/huong-dan\\/[a-z0-9_]*)",
    "gi"
  );
  var TRAILING = /[.,;:!?)\]}'"”’»…]+$/;

  function safeHttp(raw) {
    try {
      var url = new URL(raw);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return url.href;
      }
    } catch (e) {
      /* not a URL */
    }
    return null;
  }

  function appendLinked(parent, text) {
    var last = 0;
    var match;
    LINK.lastIndex = 0;
    while ((match = LINK.exec(text)) !== null) {
      var start = match.index;
      var shown = match[0];
      var href = null;
      var external = false;
      if (match[1] || match[2]) {
        var trail = shown.match(TRAILING);
        if (trail) {
          shown = shown.slice(0, shown.length - trail[0].length);
        }
        href = safeHttp(match[1] ? shown : "https://" + shown);
        external = true;
      } else if (match[3]) {
        href = "tel:" + shown.slice(4).replace(/[ .]/g, "");
      } else if (match[5]) {
        start += match[4].length;
        shown = match[5];
        href = "tel:" + shown.replace(/[ .]/g, "");
      } else if (match[7]) {
        start += match[6].length;
        shown = match[7];
        href = safeHttp(BASE + shown);
        external = true;
      }
      if (!href || !shown) {
        continue;
      }
      if (start > last) {
        parent.appendChild(document.createTextNode(text.slice(last, start)));
      }
      var a = el("a", "dvc-chat__link", shown);
      a.href = href;
      if (external) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
      parent.appendChild(a);
      last = start + shown.length;
      LINK.lastIndex = last;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // ---- build the widget ----------------------------------------------------------------

  var root = el("aside", "dvc-chat");
  root.setAttribute("lang", "vi");
  root.setAttribute("aria-label", TEXT.title);
  root.hidden = true; // shown once the stylesheet has loaded

  var launcher = button("dvc-chat__launcher", "", TEXT.launcherLabel);
  launcher.appendChild(icon(ICON_CHAT));
  launcher.appendChild(el("span", "dvc-chat__launcher-text", TEXT.launcher));
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "dvc-chat-panel");

  var panel = el("div", "dvc-chat__panel");
  panel.id = "dvc-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "dvc-chat-title");
  panel.tabIndex = -1;
  panel.hidden = true;

  var header = el("div", "dvc-chat__header");
  var titleRow = el("div", "dvc-chat__title-row");
  var titles = el("div", "dvc-chat__titles");
  var title = el("h2", "dvc-chat__title", TEXT.title);
  title.id = "dvc-chat-title";
  titles.appendChild(title);
  titles.appendChild(el("p", "dvc-chat__subtitle", TEXT.subtitle));
  var closeBtn = button("dvc-chat__close", "", TEXT.close);
  closeBtn.appendChild(icon(ICON_CLOSE));
  titleRow.appendChild(titles);
  titleRow.appendChild(closeBtn);

  var toolbar = el("div", "dvc-chat__toolbar");
  var humanBtn = button("dvc-chat__tool dvc-chat__tool--human", "");
  humanBtn.appendChild(icon(ICON_PERSON));
  humanBtn.appendChild(document.createTextNode(TEXT.human));
  var largeBtn = button("dvc-chat__tool dvc-chat__tool--large", "");
  var check = el("span", "dvc-chat__check", "✓");
  check.setAttribute("aria-hidden", "true");
  largeBtn.appendChild(check);
  largeBtn.appendChild(document.createTextNode(TEXT.large));
  largeBtn.setAttribute("aria-pressed", "false");
  var restartBtn = button("dvc-chat__tool dvc-chat__tool--restart", "", TEXT.restart);
  restartBtn.appendChild(icon(ICON_RESTART));
  restartBtn.appendChild(document.createTextNode(TEXT.restart));
  restartBtn.setAttribute("aria-haspopup", "dialog");
  toolbar.appendChild(humanBtn);
  toolbar.appendChild(largeBtn);
  toolbar.appendChild(restartBtn);
  header.appendChild(titleRow);
  header.appendChild(toolbar);

  var log = el("div", "dvc-chat__log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", TEXT.log);
  log.tabIndex = 0;

  var form = el("form", "dvc-chat__form");
  form.setAttribute("novalidate", "");
  var input = el("textarea", "dvc-chat__input");
  input.rows = 2;
  input.maxLength = MAX_CHARS;
  input.placeholder = TEXT.placeholder;
  input.setAttribute("aria-label", TEXT.input);
  input.setAttribute("aria-describedby", "dvc-chat-hint");
  input.setAttribute("enterkeyhint", "send");
  input.setAttribute("autocomplete", "off");
  var sendBtn = button("dvc-chat__send", "", TEXT.sendLabel);
  sendBtn.type = "submit";
  sendBtn.appendChild(icon(ICON_SEND));
  sendBtn.appendChild(el("span", "dvc-chat__send-text", TEXT.send));
  var row = el("div", "dvc-chat__input-row");
  row.appendChild(input);
  row.appendChild(sendBtn);
  var foot = el("div", "dvc-chat__foot");
  var hint = el("p", "dvc-chat__hint", TEXT.hint);
  hint.id = "dvc-chat-hint";
  var counter = el("p", "dvc-chat__counter");
  counter.hidden = true;
  foot.appendChild(hint);
  foot.appendChild(counter);
  form.appendChild(row);
  form.appendChild(foot);

  // The "new conversation" confirmation: inside the panel, over it; the rest of the
  // panel is inert while it is shown.
  var confirmBox = el("div", "dvc-chat__confirm");
  confirmBox.setAttribute("role", "alertdialog");
  confirmBox.setAttribute("aria-modal", "true");
  confirmBox.setAttribute("aria-labelledby", "dvc-chat-confirm-title");
  confirmBox.setAttribute("aria-describedby", "dvc-chat-confirm-text");
  confirmBox.hidden = true;
  var confirmCard = el("div", "dvc-chat__confirm-card");
  var confirmTitle = el("h3", "dvc-chat__confirm-title", TEXT.confirmTitle);
  confirmTitle.id = "dvc-chat-confirm-title";
  var confirmText = el("p", "dvc-chat__confirm-text", TEXT.confirmText);
  confirmText.id = "dvc-chat-confirm-text";
  var confirmActions = el("div", "dvc-chat__confirm-actions");
  var confirmYes = button("dvc-chat__confirm-yes", TEXT.confirmYes);
  var confirmNo = button("dvc-chat__confirm-no", TEXT.confirmNo);
  confirmActions.appendChild(confirmYes);
  confirmActions.appendChild(confirmNo);
  confirmCard.appendChild(confirmTitle);
  confirmCard.appendChild(confirmText);
  confirmCard.appendChild(confirmActions);
  confirmBox.appendChild(confirmCard);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  panel.appendChild(confirmBox);
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- rendering --------------------------------------------------------------------

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function renderButtons(bubbleGroup, buttons) {
    var group = el("div", "dvc-chat__replies");
    for (var i = 0; i < buttons.length; i++) {
      (function (b) {
        var qr = button("dvc-chat__reply", b.title);
        qr.addEventListener("click", function (event) {
          send(b.payload, b.title, event.detail === 0);
        });
        group.appendChild(qr);
      })(buttons[i]);
    }
    bubbleGroup.appendChild(group);
  }

  function renderItem(item, withButtons) {
    var wrap = el("div", "dvc-chat__msg dvc-chat__msg--" + item.who);
    if (item.text) {
      var bubble = el("p", "dvc-chat__bubble");
      // Screen readers hear who speaks; sighted users see it from the side.
      bubble.appendChild(el("span", "dvc-chat__sr", item.who === "user" ? TEXT.you : TEXT.bot));
      if (item.who === "bot") {
        appendLinked(bubble, item.text);
      } else {
        bubble.appendChild(document.createTextNode(item.text));
      }
      wrap.appendChild(bubble);
    }
    if (withButtons && item.buttons && item.buttons.length) {
      renderButtons(wrap, item.buttons);
    }
    log.appendChild(wrap);
    return wrap;
  }

  function dropOldReplies() {
    var groups = log.querySelectorAll(".dvc-chat__replies");
    for (var i = 0; i < groups.length; i++) {
      groups[i].parentNode.removeChild(groups[i]);
    }
  }

  function removeTransient() {
    var nodes = log.querySelectorAll(".dvc-chat__typing, .dvc-chat__error");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].parentNode.removeChild(nodes[i]);
    }
  }

  function renderHistory() {
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    var lastUser = -1;
    for (var i = 0; i < history.length; i++) {
      if (history[i].who === "user") {
        lastUser = i;
      }
    }
    for (var j = 0; j < history.length; j++) {
      renderItem(history[j], j > lastUser);
    }
    scrollDown();
  }

  function addBot(text, buttons) {
    var item = { who: "bot", text: text || "", buttons: cleanButtons(buttons) };
    remember(item);
    return renderItem(item, true);
  }

  // A long answer is shown from its beginning, not from its last line.
  function showAnswer(first) {
    scrollDown();
    if (first && log.scrollHeight - first.offsetTop > log.clientHeight) {
      log.scrollTop = Math.max(0, first.offsetTop - 8);
    }
  }

  function addNotice(text) {
    var wrap = el("div", "dvc-chat__msg dvc-chat__msg--bot dvc-chat__notice");
    var p = el("p", "dvc-chat__bubble");
    p.appendChild(el("span", "dvc-chat__sr", TEXT.bot));
    p.appendChild(document.createTextNode(text));
    wrap.appendChild(p);
    log.appendChild(wrap);
  }

  function showTyping() {
    var wrap = el("div", "dvc-chat__msg dvc-chat__msg--bot dvc-chat__typing");
    var dots = el("p", "dvc-chat__bubble dvc-chat__dots");
    dots.appendChild(el("span", "dvc-chat__sr", TEXT.typing));
    for (var i = 0; i < 3; i++) {
      var dot = el("span", "dvc-chat__dot");
      dot.setAttribute("aria-hidden", "true");
      dots.appendChild(dot);
    }
    wrap.appendChild(dots);
    log.appendChild(wrap);
    scrollDown();
  }

  function showError(kind, failed, keyboard) {
    var box = el("div", "dvc-chat__error");
    box.appendChild(el("p", "dvc-chat__error-text", kind === "server" ? TEXT.server : TEXT.network));
    // The message itself: linkify the hotline too.
    var p = box.firstChild;
    var text = p.textContent;
    p.textContent = "";
    appendLinked(p, text);
    var retry = button("dvc-chat__retry", TEXT.retry);
    retry.addEventListener("click", function (event) {
      transmit(failed, event.detail === 0 || keyboard);
    });
    box.appendChild(retry);
    log.appendChild(box);
    scrollDown();
    return retry;
  }

  // ---- talking to the server -----------------------------------------------------------

  var busy = false;
  // Bumped by a new conversation: an answer still on its way belongs to the old one.
  var generation = 0;

  function focusAfter(keyboard) {
    if (panel.hidden) {
      return;
    }
    if (keyboard) {
      input.focus();
    } else if (!panel.contains(document.activeElement) || document.activeElement === document.body) {
      // A pointer user's tapped button may be gone: keep focus in the panel without
      // popping up the phone's keyboard.
      log.focus({ preventScroll: true });
    }
  }

  function post(message) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, TIMEOUT_MS)
      : null;
    return fetch(WEBHOOK, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ sender: senderId(false), message: message }),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            return { status: res.status, data: data };
          });
      })
      .then(
        function (result) {
          clearTimeout(timer);
          return result;
        },
        function (err) {
          clearTimeout(timer);
          throw err;
        }
      );
  }

  function transmit(message, keyboard) {
    if (busy) {
      return;
    }
    busy = true;
    var mine = generation;
    root.classList.add("dvc-chat--busy");
    removeTransient();
    showTyping();
    post(message)
      .then(
        function (result) {
          var data = result.data;
          if (result.status === 200 && data && Array.isArray(data.messages)) {
            return { ok: true, messages: data.messages };
          }
          // 400 bad input, 413 too large, 429 too many messages: the server explains.
          var explained = result.status === 400 || result.status === 413 || result.status === 429;
          if (explained && data && typeof data.message === "string" && data.message) {
            return { notice: data.message, code: data.error };
          }
          return { error: result.status >= 500 ? "server" : "network" };
        },
        function () {
          return { error: "network" };
        }
      )
      .then(function (outcome) {
        if (mine !== generation) {
          return; // the conversation was cleared meanwhile
        }
        busy = false;
        root.classList.remove("dvc-chat--busy");
        removeTransient();
        if (outcome.ok) {
          var first = null;
          for (var i = 0; i < outcome.messages.length; i++) {
            var m = outcome.messages[i] || {};
            var text = typeof m.text === "string" ? m.text : "";
            var buttons = cleanButtons(m.buttons);
            if (text || buttons.length) {
              var shown = addBot(text, buttons);
              first = first || shown;
            }
          }
          showAnswer(first);
          focusAfter(keyboard);
        } else if (outcome.notice) {
          if (outcome.code === "invalid_sender") {
            senderId(true);
          }
          addNotice(outcome.notice);
          scrollDown();
          focusAfter(keyboard);
        } else {
          var retry = showError(outcome.error, message, keyboard);
          if (keyboard || panel.contains(document.activeElement) === false) {
            retry.focus({ preventScroll: true });
          }
        }
      });
  }

  // Sends `message` to the bot; shows `shown` (a button's title) as the user's bubble.
  function send(message, shown, keyboard) {
    if (busy) {
      return false;
    }
    var text = (shown || message || "").trim();
    if (!message || !message.trim() || !text) {
      return false;
    }
    dropOldReplies();
    var item = { who: "user", text: text, buttons: [] };
    remember(item);
    removeTransient();
    renderItem(item, false);
    scrollDown();
    transmit(message.trim(), keyboard);
    return true;
  }

  // ---- behaviour ------------------------------------------------------------------------

  function setLarge(on) {
    root.classList.toggle("dvc-chat--large", on);
    largeBtn.setAttribute("aria-pressed", on ? "true" : "false");
    save(KEYS.large, on ? "1" : "0");
  }

  function open(focusInput) {
    panel.hidden = false;
    root.classList.add("dvc-chat--open");
    launcher.setAttribute("aria-expanded", "true");
    save(KEYS.open, "1");
    if (!history.length) {
      addBot(TEXT.welcome, WELCOME_BUTTONS);
    }
    scrollDown();
    if (focusInput === true) {
      input.focus();
    } else if (focusInput === false) {
      panel.focus({ preventScroll: true });
    }
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("dvc-chat--open");
    launcher.setAttribute("aria-expanded", "false");
    save(KEYS.open, "0");
    launcher.focus();
  }

  // ---- new conversation (shared devices) --------------------------------------------------

  var BEHIND = [header, log, form];

  function confirmShown() {
    return !confirmBox.hidden;
  }

  function askRestart() {
    confirmBox.hidden = false;
    for (var i = 0; i < BEHIND.length; i++) {
      BEHIND[i].inert = true;
    }
    // Erasing is not undoable: the safe choice has the focus.
    confirmNo.focus();
  }

  function hideConfirm() {
    confirmBox.hidden = true;
    for (var i = 0; i < BEHIND.length; i++) {
      BEHIND[i].inert = false;
    }
    restartBtn.focus();
  }

  function restart() {
    generation++;
    busy = false;
    root.classList.remove("dvc-chat--busy");
    history = [];
    drop(KEYS.history);
    senderId(true);
    input.value = "";
    updateCounter();
    renderHistory();
    addBot(TEXT.welcome, WELCOME_BUTTONS);
    hideConfirm();
    scrollDown();
  }

  restartBtn.addEventListener("click", askRestart);
  confirmYes.addEventListener("click", restart);
  confirmNo.addEventListener("click", hideConfirm);
  // A click on the dimmed backdrop keeps the focus in the confirmation.
  confirmBox.addEventListener("mousedown", function (event) {
    if (event.target === confirmBox) {
      event.preventDefault();
    }
  });
  panel.addEventListener("focusin", function (event) {
    if (confirmShown() && !confirmBox.contains(event.target)) {
      confirmNo.focus();
    }
  });

  launcher.addEventListener("click", function (event) {
    // Keyboard users (detail 0) and mouse users go straight to the input; on a touch
    // screen the panel gets focus so that the keyboard does not hide the buttons.
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    open(event.detail === 0 || !coarse);
  });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    var escape = event.key === "Escape" || event.key === "Esc";
    if (confirmShown()) {
      if (escape) {
        event.preventDefault();
        hideConfirm();
      } else if (event.key === "Tab") {
        // Two buttons: Tab and Shift+Tab go from one to the other.
        event.preventDefault();
        (document.activeElement === confirmNo ? confirmYes : confirmNo).focus();
      }
      return;
    }
    if (escape) {
      event.preventDefault();
      close();
    }
  });
  largeBtn.addEventListener("click", function () {
    setLarge(largeBtn.getAttribute("aria-pressed") !== "true");
  });
  humanBtn.addEventListener("click", function (event) {
    send(HUMAN_PAYLOAD, TEXT.human, event.detail === 0);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = input.value;
    if (!value.trim() || busy) {
      return;
    }
    if (send(value, value, true)) {
      input.value = "";
      updateCounter();
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  function updateCounter() {
    var n = input.value.length;
    counter.hidden = n < MAX_CHARS - 100;
    counter.textContent = n + TEXT.counter;
  }
  input.addEventListener("input", updateCounter);

  // ---- start ---------------------------------------------------------------------------

  function start() {
    if (root.parentNode) {
      return;
    }
    document.body.appendChild(root);
    setLarge(load(KEYS.large) === "1");
    renderHistory();
    if (load(KEYS.open) === "1") {
      open(null);
    }
  }

  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = STYLESHEET;
  link.addEventListener("load", function () {
    root.hidden = false;
    scrollDown();
  });
  link.addEventListener("error", function () {
    // Without its stylesheet the widget would be unusable; stay hidden.
    root.hidden = true;
  });
  document.head.appendChild(link);

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
