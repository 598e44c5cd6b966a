// Prism drops a check without a word when a schema does not compile: its validator
// wraps ajv's compile in a tryCatch that turns a throw into "no errors", so an answer
// to an operation whose schema ajv refuses is never checked at all. This loads the
// spec the way Prism does, runs Prism's own body validator once on every request and
// response schema, and records every compile that throws (ajv's compile is wrapped,
// so what is caught is exactly what Prism would swallow). The fidelity run fails on
// any, instead of passing vacuously.
// Usage: node schemas-compile.js SPEC (NODE_PATH: Prism's node_modules).
'use strict';
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
const body = require('@stoplight/prism-http/dist/validator/validators/body.js');
const { ValidationContext } = require('@stoplight/prism-http/dist/validator/validators/types.js');
const AjvCore = require('ajv/dist/core').default;

let thrown = null;
const compile = AjvCore.prototype.compile;
AjvCore.prototype.compile = function compileRecorded(...args) {
  try {
    return compile.apply(this, args);
  } catch (err) {
    thrown = err;
    throw err;
  }
};

function* bodiesOf(op) {
  const request = op.request || {};
  const contents = (request.body && request.body.contents) || [];
  for (const content of contents.filter((c) => c.schema)) {
    yield [`request body ${content.mediaType}`, [content], ValidationContext.Input];
  }
  for (const response of op.responses || []) {
    for (const content of (response.contents || []).filter((c) => c.schema)) {
      yield [`response ${response.code} ${content.mediaType}`, [content], ValidationContext.Output];
    }
  }
}

(async () => {
  const operations = await getHttpOperationsFromSpec(process.argv[2]);
  const broken = [];
  let count = 0;
  for (const op of operations) {
    for (const [where, contents, context] of bodiesOf(op)) {
      count += 1;
      thrown = null;
      body.validate({}, contents, context, contents[0].mediaType, undefined, op.__bundled__);
      if (thrown) broken.push(`${op.method.toUpperCase()} ${op.path}: ${where}: ${thrown.message}`);
    }
  }
  for (const line of broken) console.log(`  unchecked: ${line}`);
  console.log(`  ${count} body schemas, ${broken.length} that Prism cannot compile (so would never check)`);
  process.exit(broken.length === 0 ? 0 : 1);
})().catch((err) => {
  console.error(`cannot load the spec: ${err.message}`);
  process.exit(2);
});
