/* 评价器: poll for the clerk's 请评价, take one tap, send it until it arrives.
   Bad signal: a failed poll backs off (2 s → 15 s) and says 网络不稳定; an answer
   that did not arrive is kept (also across a reload) and sent again -- the server
   takes the first answer to a prompt and returns it for every repeat. */
(function () {
  "use strict";
  var root = document.getElementById("rating");
  var pollUrl = root.dataset.poll, rateUrl = root.dataset.rate;
  var bad = root.dataset.bad.split(",");
  var KEY = "rating-pending:" + rateUrl;
  var current = null, chosen = null, answered = {}, view = "idle", delay = 2000;
  var idleTimer = null, net = document.getElementById("net");
  var errorBox = document.getElementById("error");

  function show(name) {
    view = name;
    document.querySelectorAll("[data-view]").forEach(function (el) {
      el.hidden = el.dataset.view !== name;
    });
  }
  function online(ok) {
    net.textContent = ok ? "已连接" : "网络不稳定，正在重试…";
    net.classList.toggle("offline", !ok);
  }
  function later(fn, ms) { clearTimeout(idleTimer); idleTimer = setTimeout(fn, ms); }
  function idle() { current = null; chosen = null; errorBox.textContent = ""; show("idle"); }

  function ask(prompt) {
    current = prompt; chosen = null; errorBox.textContent = "";
    document.getElementById("who").textContent = prompt.item
      ? "办理事项：" + prompt.item + "　工作人员：" + prompt.clerk
      : "为您服务的工作人员：" + prompt.clerk;
    document.querySelector("#levels input[name=prompt]").value = prompt.id;
    document.querySelectorAll("#reasons button").forEach(function (b) {
      b.setAttribute("aria-pressed", "false");
    });
    document.getElementById("note").value = "";
    show("ask");
  }

  function fetchWithin(url, options, ms) {
    var ctrl = new AbortController();
    var timer = setTimeout(function () { ctrl.abort(); }, ms);
    options.signal = ctrl.signal;
    return fetch(url, options).finally(function () { clearTimeout(timer); });
  }

  function poll() {
    fetchWithin(pollUrl, {cache: "no-store", credentials: "same-origin"}, 8000)
      .then(function (r) {
        if (r.status === 404) { location.reload(); return null; }
        return r.json();
      })
      .then(function (data) {
        if (!data) return;
        online(true); delay = 2000;
        var p = data.prompt;
        if (p && !answered[p.id] && (!current || current.id !== p.id)
            && view !== "thanks" && !localStorage.getItem(KEY)) ask(p);
        else if (!p && view === "ask") idle();
      })
      .catch(function () { online(false); delay = Math.min(delay * 2, 15000); })
      .finally(function () { setTimeout(poll, delay); });
  }

  function send(answer, attempt) {
    localStorage.setItem(KEY, JSON.stringify(answer));
    fetchWithin(rateUrl, {method: "POST", headers: {"Content-Type": "application/json"},
                          body: JSON.stringify(answer)}, 10000)
      .then(function (r) { return r.json().then(function (d) { return [r, d]; }); })
      .then(function (rd) {
        localStorage.removeItem(KEY); online(true); errorBox.textContent = "";
        answered[answer.prompt] = true;
        if (rd[0].ok) {
          document.getElementById("thanks-level").textContent = "您的评价：" + rd[1].level;
          show("thanks"); later(idle, 6000);
        } else {
          errorBox.textContent = rd[1].message || "评价未能提交。"; later(idle, 5000);
        }
      })
      .catch(function () {
        online(false);
        errorBox.textContent = "网络不稳定，您的评价正在重新提交…";
        setTimeout(function () { send(answer, attempt + 1); }, Math.min(2000 * (attempt + 1), 10000));
      });
  }

  document.getElementById("levels").addEventListener("submit", function (e) {
    e.preventDefault();
    var level = (e.submitter || document.activeElement).dataset.level;
    if (!current || !level) return;
    chosen = level;
    if (bad.indexOf(level) >= 0) { show("bad"); return; }
    show("thanks"); document.getElementById("thanks-level").textContent = "正在提交…";
    send({prompt: current.id, level: Number(level), reasons: [], note: ""}, 0);
  });
  document.getElementById("reasons").addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (b) b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
  });
  document.getElementById("back").addEventListener("click", function () { ask(current); });
  document.getElementById("send").addEventListener("click", function () {
    if (!current || !chosen) return;
    var reasons = [];
    document.querySelectorAll("#reasons button[aria-pressed=true]").forEach(function (b) {
      reasons.push(b.dataset.reason);
    });
    show("thanks"); document.getElementById("thanks-level").textContent = "正在提交…";
    send({prompt: current.id, level: Number(chosen), reasons: reasons,
          note: document.getElementById("note").value}, 0);
  });

  var pending = localStorage.getItem(KEY);
  if (pending) { show("thanks"); send(JSON.parse(pending), 0); }
  poll();
})();
