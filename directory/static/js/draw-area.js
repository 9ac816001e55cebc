/* The area form's map: click corners to draw a polygon, written as GeoJSON
 * into the form's `geometry` textarea (progressive enhancement: without
 * JavaScript the editor pastes GeoJSON into that textarea).
 *
 * folium's inline script (before this file) has made the Leaflet map in a
 * global variable named by data-map-name. A polygon already in the textarea
 * (after a refused save, or pasted) is drawn, so the editor can go on from it.
 */
(function () {
  "use strict";

  var container = document.querySelector("[data-draw-map]");
  if (!container || !window.L) {
    return;
  }
  var map = window[container.getAttribute("data-map-name")];
  var textarea = document.getElementById(container.getAttribute("data-geometry"));
  var status = document.getElementById("draw-status");
  var details = document.querySelector("[data-geojson-details]");
  var STYLE = { color: "#c2410c", weight: 3, fillOpacity: 0.15, interactive: false };
  var corners = [];
  var shape = null;
  var dots = L.layerGroup().addTo(map);

  function say(text) {
    status.textContent = text;
  }

  function rounded(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function geojson() {
    var ring = corners.map(function (p) { return [rounded(p.lng), rounded(p.lat)]; });
    ring.push(ring[0]);
    return JSON.stringify({ type: "Polygon", coordinates: [ring] });
  }

  function redraw() {
    if (shape) {
      map.removeLayer(shape);
    }
    dots.clearLayers();
    corners.forEach(function (p) {
      L.circleMarker(p, { radius: 5, color: "#c2410c", fillOpacity: 1, interactive: false }).addTo(dots);
    });
    shape = corners.length >= 3 ? L.polygon(corners, STYLE) : L.polyline(corners, STYLE);
    shape.addTo(map);
  }

  function changed() {
    redraw();
    textarea.value = corners.length >= 3 ? geojson() : "";
    if (corners.length === 0) {
      say("Klik på kortet for at sætte områdets første hjørne.");
    } else if (corners.length < 3) {
      say(corners.length + " hjørne" + (corners.length === 1 ? "" : "r") + ". Et område skal have mindst tre.");
    } else {
      say(corners.length + " hjørner. Klik for flere, eller tryk »Gem området«.");
    }
  }

  function fromTextarea() {
    // A single Polygon's outer ring becomes the corners; anything else is left for the server to judge.
    var data;
    try {
      data = JSON.parse(textarea.value);
    } catch (error) {
      return false;
    }
    if (data && data.type === "Feature") {
      data = data.geometry;
    }
    if (!data || data.type !== "Polygon" || !Array.isArray(data.coordinates) || !Array.isArray(data.coordinates[0])) {
      return false;
    }
    var ring = data.coordinates[0].filter(function (p) {
      return Array.isArray(p) && isFinite(p[0]) && isFinite(p[1]);
    });
    if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) {
      ring.pop();
    }
    corners = ring.map(function (p) { return L.latLng(p[1], p[0]); });
    redraw();
    if (corners.length) {
      map.fitBounds(L.latLngBounds(corners), { maxZoom: 16 });
    }
    return true;
  }

  map.doubleClickZoom.disable(); // two quick corners must not zoom the map
  map.on("click", function (event) {
    corners.push(event.latlng);
    changed();
  });
  document.querySelector("[data-draw-undo]").addEventListener("click", function () {
    corners.pop();
    changed();
  });
  document.querySelector("[data-draw-clear]").addEventListener("click", function () {
    corners = [];
    changed();
  });
  textarea.addEventListener("change", function () {
    if (fromTextarea()) {
      say(corners.length + " hjørner indsat fra GeoJSON.");
    }
  });
  document.querySelector(".draw-tools").hidden = false;
  document.querySelector(".draw-hint").hidden = false;
  var hasError = textarea.getAttribute("aria-invalid") === "true";
  if (details && !hasError) {
    details.open = false;
  }
  if (textarea.value.trim() && fromTextarea()) {
    say(corners.length + " hjørner. Klik for flere, eller tryk »Gem området«.");
  } else if (!textarea.value.trim()) {
    say("Klik på kortet for at sætte områdets første hjørne.");
  }
  container.setAttribute("data-draw-ready", "true");
})();
