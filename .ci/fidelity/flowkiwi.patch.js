// The Flowkiwi spec (shared/specs/partner-orgs.openapi.yaml) describes API
// Platform 4's plain JSON-LD only. The sandbox's `--hydra-prefix` mode serves API
// Platform 3's spelling (`hydra:member`, `hydra:view`, `hydra:next`,
// `hydra:title`, `hydra:description`), which the contract says a real server may
// answer and the client must read. No one OpenAPI schema can say "this key or its
// prefixed twin", so for that mode this writes a temporary copy whose collection,
// view and error schemas name the prefixed keys instead: the same schemas, checked
// under the names that mode serves (so `hydra:member` is required and its items
// are checked as Organizations, Members, Invitations). The plain mode checks the
// vendor file as it is. The vendor file is never edited nor copied into this
// repository; a patch whose path is gone fails the run.
// Usage: node flowkiwi.patch.js IN.yaml OUT.json [MODE] (js-yaml comes with Prism).
'use strict';
const fs = require('fs');
const yaml = require('js-yaml');

const [input, output, mode = ''] = process.argv.slice(2);
const spec = yaml.load(fs.readFileSync(input, 'utf8'));
const applied = [];

function schema(name) {
  const found = spec.components && spec.components.schemas && spec.components.schemas[name];
  if (!found || !found.properties) {
    throw new Error(`patch target gone: components.schemas.${name}; the spec changed: check this patch`);
  }
  return found;
}

// Renames `keys` of schema `name` to their `hydra:` spelling, in `properties`
// and `required` alike.
function prefix(name, keys) {
  const target = schema(name);
  for (const key of keys) {
    if (!(key in target.properties)) {
      throw new Error(`patch target gone: components.schemas.${name}.properties.${key}`);
    }
    target.properties[`hydra:${key}`] = target.properties[key];
    delete target.properties[key];
    if (Array.isArray(target.required)) {
      target.required = target.required.map((r) => (r === key ? `hydra:${key}` : r));
    }
  }
  applied.push(`components.schemas.${name}: ${keys.join(', ')} as hydra:${keys.length > 1 ? '*' : keys[0]}`);
}

if (mode.includes('--hydra-prefix')) {
  for (const name of ['OrganizationCollection', 'MemberCollection', 'InvitationCollection']) {
    prefix(name, ['member', 'totalItems', 'view']);
  }
  prefix('HydraView', ['first', 'last', 'previous', 'next']);
  prefix('Error', ['title', 'description']);
  prefix('ConstraintViolation', ['title', 'description']);
  console.log(`  the hydra:-prefixed form (--hydra-prefix): ${applied.length} schemas name the prefixed keys`);
} else {
  console.log('  none in the plain form: the vendor file as it is');
}
for (const line of applied) console.log(`    ${line}`);
fs.writeFileSync(output, JSON.stringify(spec));
