// A select marked data-autosubmit sends its form when changed (an inline onchange handler
// would need 'unsafe-inline' in the Content-Security-Policy).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
