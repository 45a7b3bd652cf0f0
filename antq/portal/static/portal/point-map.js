// A tip's point on the map, with Leaflet served locally: shown on the staff's tip page, and
// picked (optionally) on the public report form, where a click on the map or typed coordinates
// set it. Tiles come from ANTQ_TILE_URL when configured; without them antq's own base of labelled
// units (map-base.js). The point is the place of the incident: the browser is asked where the
// reporter is only when they press "use my location" (being at the place), and the answer only
// fills the form's two fields, which they may still change or clear before sending.
(function () {
  if (!window.L) return;
  document.querySelectorAll("[data-point-map]").forEach(function (el) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
    else if (window.antqMapBase) window.antqMapBase(map, el);
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
    if (start) map.setView(start, 15);
    else map.fitBounds([[8.4, 102.1], [23.4, 109.5]]); // the mainland, whatever the screen
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
    var locate = el.dataset.locate ? document.getElementById(el.dataset.locate) : null;
    var status = locate ? document.getElementById(locate.dataset.status) : null;
    function say(text) {
      status.textContent = text || "";
      status.hidden = !text;
    }
    if (locate) {
      locate.addEventListener("click", function (ev) {
        ev.preventDefault();
        if (!navigator.geolocation || window.isSecureContext === false) return say(locate.dataset.unsupported);
        say(locate.dataset.finding);
        navigator.geolocation.getCurrentPosition(
          function (pos) {
            lat.value = pos.coords.latitude.toFixed(6);
            lon.value = pos.coords.longitude.toFixed(6);
            place([pos.coords.latitude, pos.coords.longitude]);
            map.setView([pos.coords.latitude, pos.coords.longitude], 15);
            say(locate.dataset.found);
          },
          function (err) {
            say(err.code === err.PERMISSION_DENIED ? locate.dataset.refused : locate.dataset.unavailable);
          },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
      });
    }
    // once a commune is chosen in the area search, show it (unless a point is already set)
    document.addEventListener("click", function (ev) {
      var item = ev.target.closest("[data-pick-area][data-lat]");
      if (item && !read()) map.setView([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)], 13);
    });
  });
})();
