// Leaflet's own words (its zoom buttons' titles) in the page's language: the page includes this
// script right after leaflet.js (core/_leaflet_i18n.html), with the translated titles on the tag,
// so every map made after it gets them.
(function () {
  var tag = document.currentScript;
  if (!tag || !window.L) return;
  L.Control.Zoom.prototype.options.zoomInTitle = tag.dataset.zoomIn;
  L.Control.Zoom.prototype.options.zoomOutTitle = tag.dataset.zoomOut;
})();
