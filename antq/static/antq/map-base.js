// The maps' own base when no tile server is configured (ANTQ_TILE_URL empty, the default): the
// land around Vietnam (Natural Earth's coasts and islands, /areas/map-base/land/), and the
// provinces, and closer in the communes and wards, around the view, each a labelled dot at its
// centre, read from antq's area tree through /areas/map-base/ (public, cached per box).
// Communes are fetched per 1-degree cell, so that panning asks only for the cells not yet seen
// and nearby views share the server's cached answers.
(function () {
  var COMMUNE_ZOOM = 9; // below it, the provinces; from it, the communes and wards
  var LABEL_ZOOM = 11; // communes' names are written from here; below, on hover
  var PROVINCE_LABEL_ZOOM = 6; // the same for provinces (a whole country's names overlap)
  var MAX_CELLS = 16; // a wider view than this at commune zoom asks for nothing more
  var PROVINCES_BOX = "100,5,120,25"; // every province centre lies in it

  function url() {
    var meta = document.querySelector('meta[name="antq-map-base"]');
    return meta ? meta.content : null;
  }

  function unit(u, kind) {
    var label = document.createElement("span");
    label.textContent = u[1];
    var icon = L.divIcon({ className: "map-unit map-unit-" + kind, html: label.outerHTML, iconSize: null });
    var m = L.marker([u[2], u[3]], { icon: icon, pane: "antq-units", keyboard: false });
    m.bindTooltip(u[1], { direction: "top", offset: [0, -4] });
    return m;
  }

  function get(base, level, bbox) {
    return fetch(base + "?level=" + level + "&bbox=" + bbox, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { units: [] }; })
      .catch(function () { return { units: [] }; });
  }

  // Draws the base on `map`; returns the layer group (to show or hide), or null where there is
  // no endpoint. `el` (the map's element) gets data-units: how many units are drawn.
  window.antqMapBase = function (map, el) {
    var base = url();
    if (!base) return null;
    map.createPane("antq-units").style.zIndex = 350; // below the points (overlay pane: 400)
    map.createPane("antq-land").style.zIndex = 150; // where tiles would be
    el.classList.add("map-own-base");
    fetch(base + "land/", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (geometry) {
        if (!geometry) return;
        L.geoJSON(geometry, {
          pane: "antq-land", interactive: false,
          style: { color: "#adb5bd", weight: 1, fillColor: "#fbfbf8", fillOpacity: 1 }
        }).addTo(map);
        el.dataset.land = "1";
      })
      .catch(function () {});
    var group = L.layerGroup().addTo(map);
    var provinces = L.layerGroup();
    var cells = {}; // "lat,lon" of a cell's south-west corner -> its layer group
    var provincesAsked = false;

    function count() {
      var n = 0;
      group.eachLayer(function (g) { n += g.getLayers().length; });
      el.dataset.units = String(n);
    }

    function update() {
      var zoom = map.getZoom();
      el.classList.toggle("map-unit-names", zoom >= LABEL_ZOOM);
      el.classList.toggle("map-province-names", zoom >= PROVINCE_LABEL_ZOOM);
      if (zoom < COMMUNE_ZOOM) {
        Object.keys(cells).forEach(function (k) { group.removeLayer(cells[k]); });
        group.addLayer(provinces);
        if (!provincesAsked) {
          provincesAsked = true;
          get(base, "province", PROVINCES_BOX).then(function (data) {
            data.units.forEach(function (u) { provinces.addLayer(unit(u, "province")); });
            count();
          });
        }
        count();
        return;
      }
      group.removeLayer(provinces);
      var b = map.getBounds();
      var s = Math.floor(b.getSouth()), n = Math.ceil(b.getNorth());
      var w = Math.floor(b.getWest()), e = Math.ceil(b.getEast());
      var wanted = {};
      if ((n - s) * (e - w) <= MAX_CELLS) {
        for (var lat = s; lat < n; lat++) {
          for (var lon = w; lon < e; lon++) wanted[lat + "," + lon] = [lat, lon];
        }
      }
      Object.keys(cells).forEach(function (k) {
        if (wanted[k]) group.addLayer(cells[k]);
        else group.removeLayer(cells[k]);
      });
      Object.keys(wanted).forEach(function (k) {
        if (cells[k]) return;
        var cell = (cells[k] = L.layerGroup());
        group.addLayer(cell);
        var c = wanted[k];
        get(base, "commune", [c[1], c[0], c[1] + 1, c[0] + 1].join(",")).then(function (data) {
          data.units.forEach(function (u) { cell.addLayer(unit(u, "commune")); });
          count();
        });
      });
      count();
    }

    map.on("moveend", update);
    map.whenReady(update);
    return group;
  };
})();
