/* 办件收件: when the item or the 情形 changes, fetch that item's 情形 and materials
   (an HTML fragment of the same template) and put it in place, keeping what is
   ticked for materials that stay. Without JavaScript "刷新材料清单" does the same by
   posting the form back. No outside library. */
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  var box = document.getElementById("materials");
  if (!form || !box) { return; }
  var item = form.querySelector("select[name=item]");

  function reload() {
    var situation = form.querySelector("select[name=situation]");
    var params = new URLSearchParams({ item: item.value });
    if (situation && situation.value) { params.set("situation", situation.value); }
    var kept = {};
    box.querySelectorAll("input[type=checkbox], input[type=text]").forEach(function (el) {
      kept[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    fetch(box.getAttribute("data-materials-url") + "?" + params.toString(),
          { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        box.innerHTML = html;
        box.querySelectorAll("input[type=checkbox], input[type=text]").forEach(function (el) {
          if (!(el.name in kept)) { return; }
          if (el.type === "checkbox") { el.checked = kept[el.name]; } else { el.value = kept[el.name]; }
        });
      })
      .catch(function () {
        box.insertAdjacentHTML("afterbegin", '<p class="errorlist">材料清单加载失败，请点“刷新材料清单”。</p>');
      });
  }
  item.addEventListener("change", reload);
  box.addEventListener("change", function (e) {
    if (e.target.name === "situation") { reload(); }
  });
  // a scan chosen means the material is in hand; say which files were chosen
  box.addEventListener("change", function (e) {
    if (e.target.type !== "file") { return; }
    var row = e.target.closest("tr");
    var names = Array.prototype.map.call(e.target.files, function (f) { return f.name; });
    row.querySelector(".file-names").textContent = names.length ?
      "已选 " + names.length + " 个：" + names.join("、") : "";
    if (names.length) { row.querySelector("input[type=checkbox]").checked = true; }
  });
})();
