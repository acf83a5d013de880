/* Intake: look the customer up by phone, ID number or name before creating one. */
(function () {
  "use strict";
  var input = document.getElementById("party-lookup");
  if (!input) { return; }
  var list = document.getElementById("party-results");
  var chosen = document.getElementById("party-chosen");
  var hidden = document.querySelector("input[name=party_id]");
  var newParty = document.getElementById("new-party");
  var timer = null;

  function choose(row) {
    hidden.value = row.id;
    chosen.textContent = "已选择：" + row.name + "（" + (row.phone || "无电话") + "）";
    chosen.className = "chosen";
    if (newParty) { newParty.hidden = true; }
    list.innerHTML = "";
  }

  function show(rows) {
    list.innerHTML = "";
    rows.forEach(function (row) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn secondary";
      b.textContent = row.name + " · " + (row.phone || "") + " · " + (row.village || "") + " " + (row.id_number || "");
      b.addEventListener("click", function () { choose(row); });
      li.appendChild(b);
      list.appendChild(li);
    });
    if (!rows.length) {
      list.innerHTML = newParty ? "<li class=\"muted\">未找到，请在下方建立新客户档案。</li>"
        : "<li class=\"muted\">未找到，请先在「档案」中建立该客户。</li>";
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { list.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch(input.getAttribute("data-lookup-url") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { show(data.results || []); })
        .catch(function () { list.innerHTML = "<li class=\"muted\">查询失败，请检查网络。</li>"; });
    }, 250);
  });
  if (hidden.value && newParty) { newParty.hidden = true; chosen.textContent = "已选择客户（编号 " + hidden.value + "）"; }
})();
