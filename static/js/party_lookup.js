/* The one party look-up (the shared /parties/lookup/ JSON) for every form that picks a
   party: petition registration, service-ticket intake, maintenance plans, repair intake,
   complaints. Markup:
     <div data-party-lookup="URL" data-party-new="ID" data-party-none="MESSAGE">
       <input type="search" data-party-q> <button type="button" data-party-search>
       <ul data-party-results></ul> <div data-party-chosen></div></div>
   in a form with a hidden party_id. It looks up as the clerk types (two characters or
   more) and on Enter or the button; choosing fills party_id, hides the new-party
   section (ID) and fires "party:chosen" on the form; nothing found opens it. */
(function () {
  "use strict";

  function setup(box) {
    var form = box.closest("form");
    var input = box.querySelector("[data-party-q]");
    var list = box.querySelector("[data-party-results]");
    var chosen = box.querySelector("[data-party-chosen]");
    var button = box.querySelector("[data-party-search]");
    var hidden = form.querySelector("input[name=party_id]");
    var fresh = document.getElementById(box.getAttribute("data-party-new") || "");
    var timer = null;

    function showNew(show) {
      if (!fresh) { return; }
      if (fresh.tagName === "DETAILS") { fresh.open = show; } else { fresh.hidden = !show; }
    }
    function note(text) {
      var li = document.createElement("li");
      li.className = "muted";
      li.textContent = text;
      list.replaceChildren(li);
    }
    function choose(row) {
      hidden.value = row.id;
      chosen.hidden = false;
      chosen.replaceChildren("已选择：", Object.assign(document.createElement("strong"),
        { textContent: row.name }), "（" + (row.phone || "无电话") + "）");
      list.replaceChildren();
      showNew(false);
      form.dispatchEvent(new CustomEvent("party:chosen", { detail: row }));
    }
    function show(rows) {
      list.replaceChildren();
      rows.forEach(function (row) {
        var li = document.createElement("li"), b = document.createElement("button");
        b.type = "button";
        b.className = "btn secondary party-pick";
        b.textContent = [row.name, row.phone, row.village, row.id_number]
          .filter(Boolean).join(" · ");
        b.addEventListener("click", function () { choose(row); });
        li.appendChild(b);
        list.appendChild(li);
      });
      if (!rows.length) {
        note(box.getAttribute("data-party-none") || "未找到，请在下方填写新档案。");
        showNew(true);
      }
    }
    function lookup() {
      var q = input.value.trim();
      clearTimeout(timer);
      if (!q) { list.replaceChildren(); return; }
      fetch(box.getAttribute("data-party-lookup") + "?q=" + encodeURIComponent(q),
            { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(function () { note("查询失败，请检查网络。"); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (input.value.trim().length < 2) { list.replaceChildren(); return; }
      timer = setTimeout(lookup, 250);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); lookup(); }
    });
    if (button) { button.addEventListener("click", lookup); }
    if (hidden.value) { showNew(false); }  // a form shown again keeps its choice
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-party-lookup]"), setup);
})();
