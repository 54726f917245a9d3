// require("zarrkit") from CommonJS: Node >= 20.19 loads the ES module (no top-level await).
const assert = require("node:assert");
const zarrkit = require("zarrkit");

assert.strictEqual(typeof zarrkit.open, "function");
assert.strictEqual(typeof zarrkit.slice, "function");
const store = new zarrkit.MemoryStore();
zarrkit
  .create(store, { shape: [4], chunks: [2], dtype: "int32" })
  .then(async (array) => {
    await array.set([null], Int32Array.from([1, 2, 3, 4]));
    const { data } = await (await zarrkit.open(store, { kind: "array" })).get([null]);
    assert.deepStrictEqual(Array.from(data), [1, 2, 3, 4]);
    console.log("require: ok");
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
