/* The overview map: loads the markers of the page's set as GeoJSON and clusters them.
 *
 * folium's script (inline, before this file) has created the Leaflet map in a
 * global variable named by data-map-name. Popups are built with DOM calls and
 * textContent only: names come from editors and must never be parsed as HTML.
 */
(function () {
  "use strict";

  var container = document.querySelector("[data-map-name]");
  if (!container || !window.L) {
    return;
  }
  var map = window[container.getAttribute("data-map-name")];
  var status = document.getElementById("kort-status");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function link(url, text) {
    var anchor = element("a", "", text);
    anchor.href = url;
    return anchor;
  }

  /* The collection names each page by a template ("/forening/{slug}") and the
   * categories by number, which keeps 10,000 markers small. */
  var urls = {};
  var categoryLabels = [];

  function entryUrl(kind, slug) {
    return (urls[kind] || "").replace("{slug}", encodeURIComponent(slug));
  }

  function associationPopup(props) {
    var box = element("div", "map-popup");
    var title = element("p", "map-popup-title");
    title.appendChild(link(entryUrl("association", props.slug), props.name));
    box.appendChild(title);
    var labels = (props.categories || []).map(function (n) { return categoryLabels[n]; });
    if (labels.length) {
      box.appendChild(element("p", "map-popup-tags", labels.join(" · ")));
    }
    if (props.next) {
      box.appendChild(element("p", "map-popup-next", "Næste gang: " + props.next));
    }
    if (props.relation) {
      var where = props.relation === "tæt på" ? "Tæt på bydelen" : "I bydelen";
      box.appendChild(element("p", "map-popup-relation", where));
    }
    return box;
  }

  function venuePopup(props) {
    var box = element("div", "map-popup");
    var title = element("p", "map-popup-title");
    title.appendChild(link(entryUrl("venue", props.slug), props.name));
    box.appendChild(title);
    var count = props.count === 1 ? "1 forening mødes her" : props.count + " foreninger mødes her";
    box.appendChild(element("p", "map-popup-tags", count));
    return box;
  }

  var icons = {
    association: L.divIcon({className: "map-marker map-marker-association", iconSize: [18, 18]}),
    venue: L.divIcon({className: "map-marker map-marker-venue", iconSize: [22, 22]})
  };

  function marker(feature) {
    var props = feature.properties;
    var coordinates = feature.geometry.coordinates;
    var kind = props.kind === "venue" ? "venue" : "association";
    var title = kind === "venue" ? "Sted: " + props.name : props.name;
    var layer = L.marker([coordinates[1], coordinates[0]], {
      icon: icons[kind], title: title, alt: title, riseOnHover: true, keyboard: true
    });
    layer.bindPopup(function () {
      return kind === "venue" ? venuePopup(props) : associationPopup(props);
    });
    return layer;
  }

  function show(collection) {
    urls = collection.urls || {};
    categoryLabels = collection.categories || [];
    var clusters = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
      spiderfyOnMaxZoom: true
    });
    var layers = [];
    var associations = 0;
    var venues = 0;
    collection.features.forEach(function (feature) {
      layers.push(marker(feature));
      if (feature.properties.kind === "venue") {
        venues += 1;
      } else {
        associations += 1;
      }
    });
    clusters.addLayers(layers);
    map.addLayer(clusters);
    var total = parseInt(container.getAttribute("data-total"), 10) || 0;
    var text = "Kortet viser " + associations + (associations === 1 ? " forening" : " foreninger") +
      " og " + venues + (venues === 1 ? " sted." : " steder.");
    if (total > associations) {
      var missing = total - associations;
      text += " " + missing + (missing === 1 ? " forening" : " foreninger") +
        " kan ikke vises, fordi vi ikke kender stedet – se listen.";
    }
    say(text);
    container.setAttribute("data-markers", String(layers.length));
  }

  say("Henter foreninger til kortet …");
  fetch(container.getAttribute("data-geojson"), {headers: {Accept: "application/geo+json"}})
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(show)
    .catch(function () {
      say("Foreningerne kunne ikke hentes til kortet. Listen nedenfor viser dem.");
      container.setAttribute("data-markers", "error");
    });
})();
