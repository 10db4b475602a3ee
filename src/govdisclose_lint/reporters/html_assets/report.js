// govdisclose-lint HTML report: filter and sort the document list; explain a marked cell on click.
// Everything works without this script too (pages by URL fragment, explanations as tooltips).
(function () {
  "use strict";
  var $ = function (s) { return document.querySelector(s); };
  var list = $("#list"), body = list.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var q = $("#q"), fs = $("#fs"), fv = $("#fv"), shown = $("#shown");

  function filter() {
    var text = q.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var ok = (!text || r.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!fs.value || r.dataset.status === fs.value) && (!fv.value || r.dataset.sev === fv.value);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " / " + rows.length;
  }
  [q, fs, fv].forEach(function (el) { el.addEventListener("input", filter); });

  function key(r, k) {
    var c = r.cells[k], v = c.dataset.v !== undefined ? c.dataset.v : c.textContent.trim();
    return v !== "" && !isNaN(v) ? Number(v) : v;
  }
  Array.prototype.forEach.call(list.tHead.rows[0].cells, function (th, k) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(list.tHead.rows[0].cells, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, k), y = key(b, k);
        var d = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  filter();

  // "next" links of the last document lead nowhere
  Array.prototype.forEach.call(document.querySelectorAll("a.next"), function (a) {
    if (!document.getElementById(a.hash.slice(1))) a.remove();
  });

  // a fragment inside a page that was hidden until the fragment showed it: scroll there again
  function reveal() {
    var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el && el.tagName !== "SECTION") el.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", reveal);
  if (document.readyState === "complete") reveal(); else window.addEventListener("load", reveal);

  var pop = $("#pop"), rules = JSON.parse($("#rules").textContent);
  function hide() { pop.hidden = true; }
  function show(cell) {
    pop.textContent = "";
    var close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", pop.dataset.close);
    close.addEventListener("click", hide);
    pop.appendChild(close);
    var ul = document.createElement("ul"), seen = {};
    cell.dataset.f.split(" ").forEach(function (id) {
      var li = document.getElementById(id);
      if (!li) return;
      var copy = li.cloneNode(true);
      copy.removeAttribute("id");
      ul.appendChild(copy);
      var code = li.dataset.code;
      if (rules[code] && !seen[code]) {
        seen[code] = true;
        var why = document.createElement("li");
        why.className = "why";
        why.textContent = pop.dataset.why + " " + code + "：" + rules[code];
        ul.appendChild(why);
      }
    });
    pop.appendChild(ul);
    var box = cell.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - 480)) + "px";
    pop.style.top = (window.scrollY + box.bottom + 6) + "px";
    pop.hidden = false;
  }
  document.addEventListener("click", function (e) {
    var cell = e.target.closest("td[data-f],th[data-f]");
    if (cell) show(cell);
    else if (!e.target.closest("#pop")) hide();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
    else if (e.key === "Enter" && document.activeElement && document.activeElement.dataset.f) show(document.activeElement);
  });
})();
