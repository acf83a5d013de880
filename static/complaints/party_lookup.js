// Look a complainant up by phone, ID number or name (the shared /parties/lookup/).
(function () {
  var input = document.getElementById("party-q");
  if (!input) return;
  var list = document.getElementById("party-results");
  var hidden = document.getElementById("id_party_id");
  var chosen = document.getElementById("party-chosen");
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (input.value.trim().length < 2) { list.innerHTML = ""; return; }
      fetch(input.dataset.lookup + "?q=" + encodeURIComponent(input.value.trim()))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.innerHTML = "";
          if (!data.results.length) { list.textContent = "未找到档案"; return; }
          data.results.forEach(function (p) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = "#";
            a.textContent = p.name + " " + p.phone + " " + (p.village || "");
            a.addEventListener("click", function (e) {
              e.preventDefault();
              hidden.value = p.id;
              chosen.textContent = a.textContent;
              list.innerHTML = "";
            });
            li.appendChild(a);
            list.appendChild(li);
          });
        });
    }, 250);
  });
})();
