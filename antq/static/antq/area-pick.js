// The area picker: a click on a search result fills the hidden field it was searched for.
(function () {
  if (window.antqAreaPick) return;
  window.antqAreaPick = true;
  document.addEventListener("click", function (ev) {
    var item = ev.target.closest("[data-pick-area]");
    if (!item) return;
    ev.preventDefault();
    var input = document.getElementById(item.dataset.pickFor);
    if (!input) return;
    input.value = item.dataset.pickArea;
    var chosen = document.createElement("span");
    chosen.className = "badge text-bg-primary";
    var name = document.createElement("bdi");
    name.textContent = item.dataset.pickLabel;
    chosen.appendChild(name);
    var box = document.getElementById("area-picked-" + input.name);
    if (box) box.replaceChildren(chosen);
    var results = item.closest(".area-pick-results");
    if (results) results.replaceChildren();
  });
})();
