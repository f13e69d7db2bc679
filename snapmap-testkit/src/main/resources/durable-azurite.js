#!/usr/bin/env node
// Azurite's blob service, durable per request: every write is in Azurite's Loki index files
// before its reply is sent. Azurite itself saves those indexes every 5 s, so a killed Azurite
// forgot the blobs of the last seconds, though it had acknowledged them (their bytes are in the
// extent files, but nothing points at them any more).
//
// Usage: node durable-azurite.js AZURITE/dist/src/blob/main.js [Azurite's own options]
//
// It reaches into Azurite's internals (its two Loki stores), so it is tied to the version the
// build pins (upload-gateway/package.json); any other version refuses to start.
"use strict";
const path = require("path");

const PINNED = "3.35.0";
const main = process.argv[2];
if (!main) {
  console.error("usage: node durable-azurite.js AZURITE/dist/src/blob/main.js [azurite options]");
  process.exit(2);
}
const dist = path.resolve(path.dirname(main), "..");
const version = require(path.resolve(dist, "..", "..", "package.json")).version;
if (version !== PINNED) {
  console.error(`durable-azurite.js patches Azurite ${PINNED}, found ${version}: check the Loki stores it wraps, then update PINNED`);
  process.exit(2);
}

// Methods that only read; every other async method of a store may change its index.
const READS = /^(init|close|clean|get|list|check|filter|download|iterator|escape|parse)/;

function saved(db) {
  // Loki coalesces saves that overlap and calls back only after a save begun after this call.
  return new Promise((resolve, reject) => db.saveDatabase((err) => (err ? reject(err) : resolve())));
}

function persistAfterWrites(storeClass) {
  const proto = storeClass.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const original = proto[name];
    if (name === "constructor" || READS.test(name) || typeof original !== "function"
        || original.constructor.name !== "AsyncFunction") {
      continue;
    }
    proto[name] = async function (...args) {
      const result = await original.apply(this, args);
      await saved(this.db);
      return result;
    };
  }
}

persistAfterWrites(require(path.join(dist, "blob/persistence/LokiBlobMetadataStore.js")).default);
persistAfterWrites(require(path.join(dist, "common/persistence/LokiExtentMetadataStore.js")).default);

// Azurite reads its options from process.argv: hand it the rest, as if it were started itself.
process.argv = [process.argv[0], path.resolve(main), ...process.argv.slice(3)];
require(path.resolve(main));
