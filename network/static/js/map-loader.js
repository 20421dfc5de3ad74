/*
 * Loads the maps' assets (Leaflet, its plugins and styles, network-map.js) only when a map is about to
 * scroll into view, so that a page's text renders without waiting for 200 kB of map code. The assets are
 * written by the server inside <template id="map-assets">: inert until this script inserts them.
 */
(function () {
    "use strict";

    var loaded = false;

    function load() {
        if (loaded) return;
        loaded = true;
        var assets = document.getElementById("map-assets");
        if (!assets) return;
        Array.prototype.forEach.call(assets.content.children, function (node) {
            var element;
            if (node.tagName === "SCRIPT" && node.getAttribute("src")) {
                element = document.createElement("script");
                element.src = node.getAttribute("src");
                element.async = false; /* run in the order written: Leaflet, its plugins, then ours */
            } else {
                element = document.importNode(node, true); /* stylesheets, and the JSON Leaflet reads */
            }
            document.body.appendChild(element);
        });
    }

    function init() {
        var maps = document.querySelectorAll("[data-network-map], [data-city-map]");
        if (!maps.length) return;
        if (!("IntersectionObserver" in window)) {
            load();
            return;
        }
        var observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) {
                observer.disconnect();
                load();
            }
        }, { rootMargin: "300px 0px" });
        Array.prototype.forEach.call(maps, function (map) { observer.observe(map); });
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
