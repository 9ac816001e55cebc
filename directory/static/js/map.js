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
  /* Texts in the page's language (templates/_map_messages.html); plural texts by
   * the language's plural category, so Arabic gets its six forms. */
  var messages = JSON.parse(container.getAttribute("data-messages") || "{}");
  var pluralRules = window.Intl && Intl.PluralRules ?
    new Intl.PluralRules(document.documentElement.lang || "da") : null;

  function text(key, values) {
    var result = messages[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      result = result.split("{" + name + "}").join(values[name]);
    });
    return result;
  }

  function counted(key, n) {
    var forms = messages[key] || {};
    var category = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    return (forms[category] || forms.other || "").split("{count}").join(String(n));
  }

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
    var labels = (props.categories || []).map(function (n) {
      var label = categoryLabels[n];
      return (messages.categories || {})[label] || label;
    });
    if (labels.length) {
      box.appendChild(element("p", "map-popup-tags", labels.join(" · ")));
    }
    if (props.next) {
      box.appendChild(element("p", "map-popup-next", text("next", {when: props.next})));
    }
    if (props.relation) {
      var where = props.relation === "tæt på" ? text("near") : text("inside");
      box.appendChild(element("p", "map-popup-relation", where));
    }
    return box;
  }

  function venuePopup(props) {
    var box = element("div", "map-popup");
    var title = element("p", "map-popup-title");
    title.appendChild(link(entryUrl("venue", props.slug), props.name));
    box.appendChild(title);
    box.appendChild(element("p", "map-popup-tags", counted("meeting", props.count)));
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
    var title = kind === "venue" ? text("venue", {name: props.name}) : props.name;
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
    var shown = text("shows", {associations: counted("associations", associations),
                               venues: counted("venues", venues)});
    if (total > associations) {
      shown += " " + text("missing", {associations: counted("associations", total - associations)});
    }
    say(shown);
    container.setAttribute("data-markers", String(layers.length));
  }

  say(text("loading"));
  fetch(container.getAttribute("data-geojson"), {headers: {Accept: "application/geo+json"}})
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(show)
    .catch(function () {
      say(text("failed"));
      container.setAttribute("data-markers", "error");
    });
})();
