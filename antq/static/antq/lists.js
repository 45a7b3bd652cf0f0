// A list's "select all" box ticks or clears the row boxes of the page (bulk actions).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  const table = all.closest("table");
  table.querySelectorAll("input[name=selected]").forEach((box) => {
    box.checked = all.checked;
  });
});
