// Map of camera sites and fire points for one area, with Leaflet served locally.
// Tiles come from ANTQ_TILE_URL when configured; without them the points show on a plain background.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
  }
  map.setView([16.0, 106.0], 5);
  fetch(el.dataset.points, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var bounds = [];
      var text = function (s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; };
      data.cameras.forEach(function (c) {
        var m = L.circleMarker([c[1], c[2]], {
          radius: c[3] > 10 ? 7 : 5, color: c[4] ? "#0a58ca" : "#6ea8fe",
          fillOpacity: c[5] === "working" ? 0.8 : 0.3, weight: 1
        }).addTo(map);
        m.bindPopup('<a href="../sites/' + c[0] + '/">' + text(c[6] || el.dataset.labelCamera) + "</a><br>" + c[3] + " " + text(el.dataset.labelHeads));
        bounds.push([c[1], c[2]]);
      });
      data.fire_points.forEach(function (f) {
        var m = L.circleMarker([f[1], f[2]], { radius: 6, color: "#b02a37", fillOpacity: 0.8, weight: 1 }).addTo(map);
        m.bindPopup('<a href="../fire-points/' + f[0] + '/">' + text(f[3]) + "</a><br>" + text(el.dataset.labelFire));
        bounds.push([f[1], f[2]]);
      });
      if (bounds.length) {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
      } else if (data.area && data.area.lat) {
        map.setView([data.area.lat, data.area.lon], 12);
      }
      el.dataset.rendered = String(data.cameras.length + data.fire_points.length);
      if (data.truncated) {
        var note = document.createElement("p");
        note.className = "small text-warning";
        note.textContent = el.dataset.labelTruncated;
        el.after(note);
      }
    });
})();
