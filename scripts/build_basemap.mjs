// Builds network/static/map/americas.geojson, the basemap drawn under the markers when map tiles are
// not configured or do not load: the countries of the Americas from Natural Earth's 1:110m Admin 0
// boundaries (public domain), as redistributed by the world-atlas package. Run `npm run basemap`.
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

const WEST = -170;
const EAST = -25;
const DECIMALS = 2; // about a kilometre: enough at the zooms the outlines are seen

const topology = JSON.parse(readFileSync("node_modules/world-atlas/countries-110m.json", "utf8"));
const countries = feature(topology, topology.objects.countries).features;

function rings(geometry) {
    return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

function inTheAmericas(country) {
    const longitudes = rings(country.geometry).flat(2).map((point) => point[0]);
    const middle = longitudes.reduce((sum, value) => sum + value, 0) / longitudes.length;
    return middle > WEST && middle < EAST;
}

function rounded(ring) {
    const points = [];
    for (const [longitude, latitude] of ring) {
        const point = [Number(longitude.toFixed(DECIMALS)), Number(latitude.toFixed(DECIMALS))];
        const last = points[points.length - 1];
        if (!last || last[0] !== point[0] || last[1] !== point[1]) points.push(point);
    }
    return points;
}

const features = countries
    .filter((country) => country.geometry && inTheAmericas(country))
    .map((country) => ({
        type: "Feature",
        properties: { name: country.properties.name },
        geometry: {
            type: "MultiPolygon",
            coordinates: rings(country.geometry)
                .map((polygon) => polygon.map(rounded).filter((ring) => ring.length >= 4))
                .filter((polygon) => polygon.length),
        },
    }));

writeFileSync(
    "network/static/map/americas.geojson",
    JSON.stringify({
        type: "FeatureCollection",
        source: "Natural Earth 1:110m Admin 0 countries, public domain (naturalearthdata.com), via world-atlas 2.0.2",
        features,
    }),
);
console.log(`${features.length} countries written`);
