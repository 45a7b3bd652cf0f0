// A tip's point on the map, with Leaflet served locally: shown on the staff's tip page, and
// picked (optionally) on the public report form, where a click on the map or typed coordinates
// set it. Tiles come from ANTQ_TILE_URL when configured; without them a plain background.
// The point is the place of the incident: nothing here asks the browser where the reporter is.
(function () {
  if (!window.L) return;
  document.querySelectorAll("[data-point-map]").forEach(function (el) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
    var lat = el.dataset.latInput ? document.getElementById(el.dataset.latInput) : null;
    var lon = el.dataset.lonInput ? document.getElementById(el.dataset.lonInput) : null;
    var marker = null;
    function read() {
      var a = parseFloat(lat ? lat.value : el.dataset.lat);
      var b = parseFloat(lon ? lon.value : el.dataset.lon);
      return isFinite(a) && isFinite(b) ? [a, b] : null;
    }
    function place(point) {
      if (!point) {
        if (marker) marker.remove();
        marker = null;
      } else if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.circleMarker(point, { radius: 8, color: "#b02a37", fillOpacity: 0.7, weight: 2 }).addTo(map);
      }
      el.dataset.marked = point ? "1" : "0";
    }
    var start = read();
    map.setView(start || [16.0, 106.0], start ? 15 : 5);
    place(start);
    if (!lat || !lon) return; // the staff page only shows the point
    map.on("click", function (ev) {
      var p = ev.latlng.wrap();
      lat.value = p.lat.toFixed(6);
      lon.value = p.lng.toFixed(6);
      place([p.lat, p.lng]);
    });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () { place(read()); });
    });
    var clear = el.dataset.clear ? document.getElementById(el.dataset.clear) : null;
    if (clear) {
      clear.addEventListener("click", function (ev) {
        ev.preventDefault();
        lat.value = "";
        lon.value = "";
        place(null);
      });
    }
    // once a commune is chosen in the area search, show it (unless a point is already set)
    document.addEventListener("click", function (ev) {
      var item = ev.target.closest("[data-pick-area][data-lat]");
      if (item && !read()) map.setView([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)], 13);
    });
  });
})();
