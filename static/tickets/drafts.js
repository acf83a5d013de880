/* Drafts: what is typed in a form marked data-draft-key is kept in localStorage on
   every keystroke, restored when the page is opened again, and cleared only when the
   server accepted the submit. Forms marked data-submit-fetch are sent with fetch(), so
   a dropped network leaves the page and its content as they were. */
(function () {
  "use strict";
  var PREFIX = "sc-draft:";
  var SKIP = { csrfmiddlewaretoken: 1, expected_state: 1 };

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && !el.hasAttribute("data-no-draft") &&
        ["file", "submit", "button", "password"].indexOf(el.type) < 0;
    });
  }

  function key(form) { return PREFIX + form.getAttribute("data-draft-key"); }

  function save(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else if (el.multiple) {
        data[el.name] = Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
      }
    });
    try { localStorage.setItem(key(form), JSON.stringify(data)); } catch (e) { /* full */ }
  }

  function restore(form) {
    var raw = null;
    try { raw = localStorage.getItem(key(form)); } catch (e) { return false; }
    if (!raw) { return false; }
    var data = JSON.parse(raw);
    fields(form).forEach(function (el) {
      if (!(el.name in data)) { return; }
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = value.indexOf(el.value) >= 0;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
      } else {
        el.value = value;
      }
    });
    var note = document.createElement("p");
    note.className = "draft-note";
    note.textContent = "已恢复上次未提交成功的内容。";
    form.insertBefore(note, form.firstChild);
    document.dispatchEvent(new CustomEvent("draft:restored", { detail: { form: form } }));
    return true;
  }

  function clear(form) {
    try { localStorage.removeItem(key(form)); } catch (e) { /* ignore */ }
  }

  function banner(show, text) {
    var el = document.querySelector(".offline-banner");
    if (!el) { if (show) { alert(text); } return; }
    if (text) { el.textContent = text; }
    el.hidden = !show;
  }

  function submitWithFetch(form, event) {
    event.preventDefault();
    var button = form.querySelector("[type=submit]");
    if (button) { button.disabled = true; }
    save(form);
    fetch(form.action || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.redirected && response.ok) {
        // accepted: show the page the server redirected to (with its message)
        clear(form);
        return response.text().then(function (html) {
          window.history.replaceState(null, "", response.url);
          document.open();
          document.write(html);
          document.close();
        });
      }
      if (response.status >= 500) { throw new Error("server " + response.status); }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var main = doc.querySelector("main");
        document.querySelector("main").innerHTML = main ? main.innerHTML : html;
        initAll();
        if (window.scSignaturePad) { window.scSignaturePad.init(document); }
      });
    }).catch(function () {
      if (button) { button.disabled = false; }
      banner(true, "网络连接失败，填写的内容已保存在本机。恢复网络后请再次提交。");
    });
  }

  function init(form) {
    if (form.getAttribute("data-draft-ready")) { return; }
    form.setAttribute("data-draft-ready", "1");
    restore(form);
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
    if (form.hasAttribute("data-submit-fetch") && window.fetch) {
      form.addEventListener("submit", function (e) { submitWithFetch(form, e); });
    } else {
      // a plain submit that comes back with errors keeps the draft; a redirect to
      // another page means it was accepted (see clearAccepted)
      form.addEventListener("submit", function () {
        save(form);
        try { sessionStorage.setItem("sc-draft-pending", key(form) + "|" + new URL(form.action, window.location.href).pathname); } catch (e) { /* ignore */ }
      });
    }
  }

  function clearAccepted() {
    var pending = null;
    try { pending = sessionStorage.getItem("sc-draft-pending"); } catch (e) { return; }
    if (!pending) { return; }
    var parts = pending.split("|");
    var success = document.querySelector(".messages li.success");
    if (parts[1] !== window.location.pathname && success) {
      localStorage.removeItem(parts[0]);
    }
    sessionStorage.removeItem("sc-draft-pending");
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), init);
  }

  clearAccepted();
  initAll();
})();
