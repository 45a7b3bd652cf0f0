// Map of camera sites and fire points for one area, with Leaflet and Leaflet.markercluster
// served locally. Dense points gather into clusters; the checkboxes [data-map-filter] show or
// hide each kind without reloading. Tiles come from ANTQ_TILE_URL when configured; without them
// the base is antq's own: the units around the view, labelled (map-base.js).
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L || !L.markerClusterGroup) return;
  var map = L.map(el, { zoomSnap: 0.25, maxZoom: 19, attributionControl: !!el.dataset.tiles });
  var units = null;
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
  } else if (window.antqMapBase) {
    units = window.antqMapBase(map, el);
  }
  var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45 });
  cluster.addTo(map);
  map.setView([16.0, 106.0], 5);

  var kinds = { "camera-connected": [], "camera-other": [], fire: [] };
  var filters = document.querySelectorAll("[data-map-filter]");
  function shown(kind) {
    var box = document.querySelector('[data-map-filter="' + kind + '"]');
    return !box || box.checked;
  }
  function counted() {
    var n = 0;
    Object.keys(kinds).forEach(function (k) { if (shown(k)) n += kinds[k].length; });
    el.dataset.shown = String(n);
  }
  filters.forEach(function (box) {
    box.addEventListener("change", function () {
      var kind = box.dataset.mapFilter;
      if (kind === "units") {
        if (units) { if (box.checked) units.addTo(map); else units.remove(); }
        return;
      }
      var layers = kinds[kind] || [];
      if (box.checked) cluster.addLayers(layers);
      else cluster.removeLayers(layers);
      counted();
    });
  });
  var unitsBox = document.querySelector('[data-map-filter="units"]');
  if (unitsBox && !units) unitsBox.closest(".form-check").hidden = true;

  fetch(el.dataset.points, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var bounds = [];
      var text = function (s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; };
      data.cameras.forEach(function (c) {
        var m = L.circleMarker([c[1], c[2]], {
          radius: c[3] > 10 ? 7 : 5, color: c[4] ? "#0a58ca" : "#6ea8fe",
          fillOpacity: c[5] === "working" ? 0.8 : 0.3, weight: 1
        });
        m.bindPopup('<a href="../sites/' + c[0] + '/">' + text(c[6] || el.dataset.labelCamera) + "</a><br>" + c[3] + " " + text(el.dataset.labelHeads));
        kinds[c[4] ? "camera-connected" : "camera-other"].push(m);
        bounds.push([c[1], c[2]]);
      });
      data.fire_points.forEach(function (f) {
        var m = L.circleMarker([f[1], f[2]], { radius: 6, color: "#b02a37", fillOpacity: 0.8, weight: 1 });
        m.bindPopup('<a href="../fire-points/' + f[0] + '/">' + text(f[3]) + "</a><br>" + text(el.dataset.labelFire));
        kinds.fire.push(m);
        bounds.push([f[1], f[2]]);
      });
      var visible = [];
      Object.keys(kinds).forEach(function (k) { if (shown(k)) visible = visible.concat(kinds[k]); });
      cluster.addLayers(visible);
      if (bounds.length) {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
      } else if (data.area && data.area.lat) {
        map.setView([data.area.lat, data.area.lon], 12);
      }
      el.dataset.rendered = String(data.cameras.length + data.fire_points.length);
      counted();
      if (data.truncated) {
        var note = document.createElement("p");
        note.className = "small text-warning";
        note.textContent = el.dataset.labelTruncated;
        el.after(note);
      }
    });
})();
