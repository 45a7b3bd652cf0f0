// The evaluation page: the reason for answering against the records is asked for only when
// the answer chosen differs from what the records suggest (or when it is already filled in).
(function () {
  document.querySelectorAll("#criteria [data-code]").forEach(function (card) {
    var box = card.querySelector(".override-reason");
    var reason = box && box.querySelector("textarea");
    if (!box || !reason) return;
    var suggested = card.dataset.suggested;
    function update() {
      var chosen = card.querySelector(".met-choice input:checked");
      var differs = suggested && chosen && chosen.value !== suggested;
      var needed = differs || reason.value.trim() !== "" || box.querySelector(".invalid-feedback");
      box.hidden = !needed;
    }
    card.querySelectorAll(".met-choice input").forEach(function (input) {
      input.addEventListener("change", update);
    });
    update();
  });
})();
