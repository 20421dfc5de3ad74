/*
 * The city editor's location panel: a Leaflet map bound to the latitude and longitude fields.
 * Clicking the map or dragging the pin sets the fields; "Find on map" geocodes the city's name
 * through the server (geopy); a pin far from where the name geocodes gets a warning.
 */
(function () {
    "use strict";

    function round(value) { return Math.round(value * 1e6) / 1e6; }

    function setUp(panel) {
        var field = function (name) { return document.getElementById(panel.dataset[name + "Input"]); };
        var latitude = field("latitude");
        var longitude = field("longitude");
        var status = panel.querySelector("[data-status]");
        var warning = panel.querySelector("[data-warning]");
        var tiles = JSON.parse(panel.querySelector("#location-panel-tiles").textContent || "[]");
        // Hashed static file names defeat Leaflet's guess of where its marker images are.
        L.Icon.Default.imagePath = panel.dataset.leafletImages;
        // Leaflet names its zoom buttons in English: the panel gives their names in the editor's language.
        var map = L.map(panel.querySelector(".location-panel__map"), { center: [-12, -70], zoom: 3, zoomControl: false });
        L.control.zoom({ zoomInTitle: panel.dataset.zoomIn, zoomOutTitle: panel.dataset.zoomOut }).addTo(map);
        tiles.forEach(function (tile) { L.tileLayer(tile[1], tile[2]).addTo(map); });
        var marker = null;
        var checkTimer = null;
        // Leaflet drops a view asked for while it animates a zoom (a wheel zoom, a quarter of a second): a
        // geocoding answer or a typed position arriving then waits for the zoom's end to move the map.
        var zooming = false;
        var waitingMove = null;
        map.on("zoomanim", function () { zooming = true; });
        map.on("zoomend", function () {
            zooming = false;
            var move = waitingMove;
            waitingMove = null;
            if (move) move();
        });

        function moveMap(move) {
            if (zooming) waitingMove = move;
            else move();
        }

        function currentPosition() {
            var lat = parseFloat(latitude.value);
            var lng = parseFloat(longitude.value);
            return isNaN(lat) || isNaN(lng) ? null : L.latLng(lat, lng);
        }

        function placeMarker(position) {
            if (!marker) {
                marker = L.marker(position, { draggable: true, autoPan: true, title: panel.dataset.markerTitle || "" });
                marker.on("dragend", function () { setFields(marker.getLatLng()); });
                marker.addTo(map);
            } else {
                marker.setLatLng(position);
            }
        }

        function setFields(position) {
            latitude.value = round(position.lat);
            longitude.value = round(position.lng);
            [latitude, longitude].forEach(function (input) {
                input.dispatchEvent(new Event("input", { bubbles: true }));
                input.dispatchEvent(new Event("change", { bubbles: true }));
            });
            scheduleCheck();
        }

        function say(message) { status.textContent = message; }

        function geocodeUrl(withPin) {
            var params = new URLSearchParams({
                name: field("name").value.trim(),
                region: field("region").value.trim(),
                country: field("country").value
            });
            var position = currentPosition();
            if (withPin && position) {
                params.set("lat", position.lat);
                params.set("lon", position.lng);
            }
            return panel.dataset.geocodeUrl + "?" + params.toString();
        }

        function fetchGeocode(withPin) {
            return fetch(geocodeUrl(withPin), { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then(function (response) {
                    return response.json().then(function (data) { return { ok: response.ok, data: data }; });
                });
        }

        // The server rounds a distance up to 0.1 km, so a warned distance always reads as past the limit.
        var kilometres = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });

        function showDistanceWarning(data) {
            if (data.far) {
                warning.textContent = panel.dataset.farMessage
                    .replace("%(distance)s", kilometres.format(data.distance_km))
                    .replace("%(address)s", data.address)
                    .replace("%(limit)s", panel.dataset.warningDistanceKm);
                warning.hidden = false;
            } else {
                warning.hidden = true;
                warning.textContent = "";
            }
        }

        function checkDistance() {
            if (!currentPosition() || !field("name").value.trim()) { warning.hidden = true; return; }
            fetchGeocode(true).then(function (result) {
                // The fields may have been cleared while the answer was on its way.
                if (result.ok && currentPosition()) showDistanceWarning(result.data);
            }).catch(function () { /* the check is advisory: saving never depends on it */ });
        }

        function scheduleCheck() {
            clearTimeout(checkTimer);
            checkTimer = setTimeout(checkDistance, 600);
        }

        panel.querySelector("[data-find-on-map]").addEventListener("click", function () {
            if (!field("name").value.trim()) { say(panel.dataset.needName); return; }
            say(panel.dataset.searching);
            fetchGeocode(false).then(function (result) {
                if (!result.ok) { say(result.data.error || panel.dataset.failed); return; }
                var position = L.latLng(result.data.latitude, result.data.longitude);
                placeMarker(position);
                moveMap(function () { map.setView(position, 11); });
                setFields(position);
                say(panel.dataset.foundMessage.replace("%(address)s", result.data.address));
            }).catch(function () { say(panel.dataset.failed); });
        });

        map.on("click", function (event) {
            placeMarker(event.latlng);
            setFields(event.latlng);
        });

        [latitude, longitude].forEach(function (input) {
            input.addEventListener("change", function () {
                var position = currentPosition();
                // Without coordinates there is no pin, nor a warning about where it was.
                if (!position) {
                    clearTimeout(checkTimer);
                    if (marker) { marker.remove(); marker = null; }
                    showDistanceWarning({});
                    return;
                }
                // The fields hold 6 decimals: closer than that, the pin is already there.
                if (!marker || !marker.getLatLng().equals(position, 1e-6)) {
                    placeMarker(position);
                    moveMap(function () { map.panTo(position); });
                    scheduleCheck();
                }
            });
        });

        // Where the name geocodes moves with the name, the region and the country: the pin is checked again.
        ["name", "region", "country"].forEach(function (name) {
            var input = field(name);
            if (input) input.addEventListener("change", scheduleCheck);
        });

        var start = currentPosition();
        if (start) {
            placeMarker(start);
            map.setView(start, 11);
            checkDistance();
        }
        // The panel may sit in a tab or panel that was hidden while the map was built.
        if (window.ResizeObserver) {
            new ResizeObserver(function () { map.invalidateSize(); }).observe(map.getContainer());
        }
        document.addEventListener("w-tabs:changed", function () { setTimeout(function () { map.invalidateSize(); }); });
        panel.locationMap = map;
    }

    function init() {
        document.querySelectorAll("[data-location-panel]").forEach(function (panel) {
            if (!panel.locationMap) setUp(panel);
        });
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
