// On an activity's form, fields that belong to one kind only (dialogue parties, festival parts)
// are shown for that kind; a field that holds a value stays visible, so it can be cleared.
(function () {
  function empty(el) {
    return el.type === "checkbox" ? !el.checked : !el.value.trim();
  }
  function update(select) {
    document.querySelectorAll("[data-kind-only]").forEach(function (el) {
      var box = el.closest(".mb-3") || el;
      var show = el.dataset.kindOnly === select.value || !empty(el) || el.classList.contains("is-invalid");
      box.hidden = !show;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-kind-select]");
    if (!select) return;
    select.addEventListener("change", function () { update(select); });
    update(select);
  });
})();
