/* The venue form's map: a draggable pin that writes its point into the
 * latitude/longitude inputs (progressive enhancement: without JavaScript the
 * editor types the coordinates).
 *
 * folium's inline script (before this file) has made the Leaflet map in a
 * global variable named by data-map-name. Clicking the map moves the pin
 * there; typing coordinates moves the pin to them.
 */
(function () {
  "use strict";

  var container = document.querySelector("[data-pin-map]");
  if (!container || !window.L) {
    return;
  }
  var map = window[container.getAttribute("data-map-name")];
  var latInput = document.getElementById(container.getAttribute("data-lat"));
  var lonInput = document.getElementById(container.getAttribute("data-lon"));
  var status = document.getElementById("pin-status");
  var marker = null;
  var PIN_ZOOM = 16;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", ".").trim());
    return isFinite(value) ? value : null;
  }

  function typedPoint() {
    var lat = number(latInput);
    var lon = number(lonInput);
    return lat === null || lon === null ? null : L.latLng(lat, lon);
  }

  function danish(value) {
    return value.toFixed(6).replace(".", ",");
  }

  function write(point) {
    latInput.value = point.lat.toFixed(6);
    lonInput.value = point.lng.toFixed(6);
    say("Nålen står på " + danish(point.lat) + ", " + danish(point.lng) + ". Tryk Gem for at gemme.");
  }

  function place(point) {
    if (marker) {
      marker.setLatLng(point);
      return;
    }
    marker = L.marker(point, {
      draggable: true, keyboard: true, title: "Stedets placering", alt: "Stedets placering"
    }).addTo(map);
    marker.on("dragend", function () {
      write(marker.getLatLng());
    });
  }

  function followInputs() {
    var point = typedPoint();
    if (point) {
      place(point);
      map.setView(point, Math.max(map.getZoom(), PIN_ZOOM));
    }
  }

  map.on("click", function (event) {
    place(event.latlng);
    write(event.latlng);
  });
  latInput.addEventListener("change", followInputs);
  lonInput.addEventListener("change", followInputs);
  followInputs();
  if (!marker) {
    say("Klik på kortet der, hvor stedet ligger, for at sætte en nål.");
  }
  container.setAttribute("data-pin-ready", "true");
})();
