/* Intake: look up an existing customer by phone, ID number or name (JSON from
   /parties/lookup/) and pick one; otherwise the clerk fills the new-party fields. */
(function () {
  "use strict";
  var box = document.getElementById("party-lookup");
  if (!box) { return; }
  var list = document.getElementById("party-results");
  var hidden = document.getElementById("id_party_id");
  var chosen = document.getElementById("party-chosen");
  var newParty = document.getElementById("party-new");

  function choose(row) {
    hidden.value = row.id;
    chosen.hidden = false;
    chosen.textContent = "已选择客户：" + row.name + "（" + (row.phone || "无电话") + "）";
    list.innerHTML = "";
    newParty.open = false;
  }
  function show(rows) {
    list.innerHTML = "";
    if (!rows.length) {
      var li = document.createElement("li");
      li.textContent = "未找到，请新建客户档案。";
      list.appendChild(li);
      newParty.open = true;
      return;
    }
    rows.forEach(function (row) {
      var li = document.createElement("li"), btn = document.createElement("button");
      li.textContent = row.name + "　" + (row.phone || "") + "　" + (row.village || "") + "　" + (row.id_number || "");
      btn.type = "button"; btn.className = "btn secondary"; btn.textContent = "选择";
      btn.addEventListener("click", function () { choose(row); });
      li.appendChild(btn);
      list.appendChild(li);
    });
  }
  function lookup() {
    var q = box.value.trim();
    if (!q) { return; }
    fetch(box.dataset.url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { show(data.results || []); });
  }
  document.getElementById("party-lookup-btn").addEventListener("click", lookup);
  box.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); lookup(); }
  });
})();
