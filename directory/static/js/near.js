/* "Tæt på mig" on the results and map pages: reloads the page with the
   browser's position as naer=lat,lon. Only offered when the browser can
   tell where it is; without JavaScript the address form does the same job. */
(function () {
  "use strict";
  var nearButton = document.getElementById("naer-mig");
  var nearMessage = document.getElementById("naer-besked");
  if (nearButton && navigator.geolocation) {
    nearButton.hidden = false;
    nearButton.addEventListener("click", function () {
      nearMessage.textContent = nearMessage.getAttribute("data-finding");
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = new URL(window.location.href);
        url.searchParams.set("naer", position.coords.latitude.toFixed(5) + "," +
          position.coords.longitude.toFixed(5));
        url.searchParams.delete("adresse");
        url.searchParams.delete("side");
        var radius = document.getElementById("radius");
        if (radius && radius.value) {
          url.searchParams.set("radius", radius.value);
        }
        window.location.assign(url.toString());
      }, function () {
        nearMessage.textContent = nearMessage.getAttribute("data-failed");
      }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 60000});
    });
  }
})();
