// Registration: once a petitioner is chosen (static/js/party_lookup.js), or the subject
// changes, show the possible repeats.
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

  form.addEventListener("party:chosen", showRepeats);
  form.subject.addEventListener("change", showRepeats);
})();
