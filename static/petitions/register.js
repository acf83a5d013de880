// Registration: look up the petitioner by phone or ID number, then show possible repeats.
(function () {
  const form = document.getElementById("register-form");
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const partyId = form.querySelector("input[name=party_id]");

  function text(tag, value) { const el = document.createElement(tag); el.textContent = value; return el; }

  async function showRepeats() {
    const params = new URLSearchParams({ party: partyId.value || "", subject: form.subject.value || "" });
    const response = await fetch(form.dataset.repeats + "?" + params);
    if (!response.ok) return;
    const rows = (await response.json()).results;
    const list = $("repeat-list");
    list.replaceChildren();
    rows.forEach((r) => {
      const li = document.createElement("li");
      const a = text("a", r.number); a.href = r.url; a.target = "_blank";
      li.append(a, ` ${r.subject} · ${r.state} · ${r.received}`);
      list.append(li);
    });
    $("repeats").hidden = rows.length === 0;
  }

  function choose(p) {
    partyId.value = p.id;
    $("party-chosen").replaceChildren("已选择：", text("strong", p.name), ` ${p.phone || ""}`);
    $("party-new").hidden = true;
    $("party-results").replaceChildren();
    showRepeats();
  }

  async function search() {
    const q = $("party-q").value.trim();
    if (!q) return;
    const response = await fetch(form.dataset.lookup + "?q=" + encodeURIComponent(q));
    const rows = response.ok ? (await response.json()).results : [];
    const list = $("party-results");
    list.replaceChildren();
    rows.forEach((p) => {
      const button = text("button", `${p.name} ${p.phone || ""} ${p.id_number || ""} ${p.village || ""}`);
      button.type = "button"; button.className = "btn secondary party-pick";
      button.addEventListener("click", () => choose(p));
      const li = document.createElement("li"); li.append(button); list.append(li);
    });
    if (!rows.length) { list.append(text("li", "未找到，请在下方填写新档案。")); $("party-new").hidden = false; }
  }

  $("party-search").addEventListener("click", search);
  $("party-q").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); search(); } });
  form.subject.addEventListener("change", showRepeats);
})();
