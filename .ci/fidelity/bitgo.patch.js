// Works around the known defects of shared/specs/bitgo-orgs.openapi.yaml (see
// shared/specs/prism.md) in a temporary copy: the vendor file is never edited and
// never copied into this repository. Each patch names the JSON path it changes and
// why; a patch whose path is gone fails the run, so a fixed spec drops its patch
// instead of silently loosening the check.
// Usage: node bitgo.patch.js IN.yaml OUT.json (js-yaml comes with Prism).
'use strict';
const fs = require('fs');
const yaml = require('js-yaml');

const [input, output] = process.argv.slice(2);
const spec = yaml.load(fs.readFileSync(input, 'utf8'));
const applied = [];

// The object at `path` (an array of keys; a {name} key picks a parameter by name).
function at(path) {
  let node = spec;
  for (const key of path) {
    const next = typeof key === 'object' && Array.isArray(node)
      ? node.find((item) => item && item.name === key.name)
      : node && node[key];
    if (next === undefined) {
      throw new Error(`patch target gone: ${JSON.stringify(path)} (at ${JSON.stringify(key)}); ` +
        'the spec changed: check whether this defect is fixed and drop its patch');
    }
    node = next;
  }
  return node;
}

function patch(path, why, change) {
  change(at(path));
  applied.push(`${path.map((k) => (typeof k === 'object' ? `[name=${k.name}]` : k)).join('.')}: ${why}`);
}

function oneOfToAnyOf(node) {
  if (!Array.isArray(node.oneOf)) throw new Error('expected a oneOf to relax');
  node.anyOf = node.oneOf;
  delete node.oneOf;
}

// 1. PendingApprovalState is oneOf four string enums that overlap: awaitingSignature,
// pendingVideoApproval, pendingIdVerification, pendingCustodianApproval and
// pendingManualTrustReview are each in three of them, so a correct approval in one of
// those states can never match exactly one. anyOf keeps every value's check.
patch(['components', 'schemas', 'PendingApprovalState'],
  'oneOf -> anyOf: its four state enums overlap', oneOfToAnyOf);
// 2. The same four enums again, inline, on the list's `state` filter.
patch(['paths', '/api/v2/pendingapprovals', 'get', 'parameters', { name: 'state' }, 'schema', 'items'],
  'oneOf -> anyOf: the same overlapping state enums', oneOfToAnyOf);

// 3. These 400s are oneOf PlatformError (or PlatformError3) and a named variant
// (InvalidOrganizationId, InvalidEnterpriseId, InvalidUserId) that is that same error
// with a fixed name: a variant body naming a well-formed id matches both branches.
for (const [route, method] of [
  ['/api/v2/organization/{organizationId}/user', 'delete'],
  ['/api/v2/organization/{organizationId}/user', 'post'],
  ['/api/v2/organization/{organizationId}/user', 'put'],
  ['/api/v1/enterprise/{enterpriseId}/user', 'get'],
  ['/api/v2/enterprise/{enterpriseId}/user', 'delete'],
  ['/api/v2/enterprise/{enterpriseId}/user', 'post'],
  ['/api/v2/enterprise/{enterpriseId}/user', 'put'],
  ['/api/v2/user/{id}', 'get'],
]) {
  patch(['paths', route, method, 'responses', '400', 'content', 'application/json', 'schema'],
    'oneOf -> anyOf: the named error variant is also a PlatformError', oneOfToAnyOf);
}

// 4. List items are oneOf Enterprise and EnterpriseStub, and the stub is open
// ({id, name} required, anything else allowed), so any broken full enterprise still
// passes as a stub: the branch hides every fault of a full item. Closing the stub to
// the four properties it declares makes the oneOf exact: a stub is {id, name,
// pricingPlan?, ethFeeAddress?} and anything more must be a valid Enterprise.
patch(['components', 'schemas', 'EnterpriseStub'],
  'additionalProperties: false, so a full item is checked as an Enterprise',
  (node) => { node.additionalProperties = false; });

// 5. GET /api/v2/user/{id}: its description says "the user ID, email address, or
// `me`", but the parameter takes the 32-hex Id schema, so `/api/v2/user/me` (who am
// I) is refused before it reaches the server. Allow `me` next to an id.
patch(['paths', '/api/v2/user/{id}', 'get', 'parameters', { name: 'id' }],
  'schema Id -> 32 hex or "me", as its description says',
  (node) => { node.schema = { type: 'string', pattern: '^([0-9a-f]{32}|me)$' }; });

// 6. `search` (enterprise list) and `q` (enterprise search) are described as "enterprise
// name or id" but carry an email pattern that refuses both. Keep minLength, drop the
// pattern, so a search by name goes through the checked proxy.
patch(['paths', '/api/v2/organization/{organizationId}/enterprise', 'get', 'parameters', { name: 'search' }, 'schema'],
  'pattern dropped: an email regex on a name-or-id search', (node) => { delete node.pattern; });
patch(['paths', '/api/v2/organization/{organizationId}/enterprise/search', 'get', 'parameters', { name: 'q' }, 'schema'],
  'pattern dropped: an email regex on a name-or-id search', (node) => { delete node.pattern; });

// 7. The organization users' `organizations[].role` allows admin, member and customer,
// while the same operation's `role` filter (and OrganizationRole everywhere else)
// also has serviceUser: a service user found by `role=serviceUser` could not be
// answered. Give the answer the filter's four roles, in both listings.
const orgRole = ['organizations', 'items', 'allOf', 1, 'properties', 'role'];
patch(['paths', '/api/org/users', 'get', 'responses', '200', 'content', 'application/json', 'schema',
  'allOf', 0, 'properties', 'users', 'items', 'allOf', 1, 'properties', ...orgRole],
'enum + serviceUser, as the role filter of the same operation', addServiceUser);
patch(['paths', '/api/org/user/{userId}', 'get', 'responses', '200', 'content', 'application/json', 'schema',
  'properties', 'user', 'allOf', 1, 'properties', ...orgRole],
'enum + serviceUser, as the role filter of the organization users', addServiceUser);

function addServiceUser(node) {
  if (!Array.isArray(node.enum) || node.enum.includes('serviceUser')) {
    throw new Error('expected a role enum without serviceUser');
  }
  node.enum = node.enum.concat('serviceUser');
}

// 8. Forty-odd schemas say `nullable: true` with no `type` (BaseEnterprise.businessModel
// and .activePricingType, ActiveDateRange.endDate, the users' identity, phone, apps,
// rateLimits, …). OpenAPI 3.0 gives such a `nullable` no meaning and ajv refuses to
// compile it; Prism then swallows the compile error and checks nothing at all for the
// answers that hold one: every enterprise, the organization, the org users
// (schemas-compile.js proves it). Say what the vendor means, "this, or null", as an
// anyOf with null, at every such place (each is listed in the run's log).
const nullable = [];
(function walk(node, path) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, path.concat(i)));
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) walk(value, path.concat(key));
  // A boolean `nullable` is the keyword; a property named "nullable" holds a schema.
  if (typeof node.nullable === 'boolean' && node.type === undefined) {
    const { nullable: isNullable, description, ...rest } = node;
    for (const key of Object.keys(node)) delete node[key];
    if (description !== undefined) node.description = description;
    node.anyOf = isNullable ? [rest, { enum: [null] }] : [rest];
    nullable.push(path.join('.'));
  }
})(spec, []);
if (nullable.length === 0) {
  throw new Error('patch 8 found no typeless nullable: check whether the defect is fixed and drop it');
}
applied.push(`${nullable.length} typeless \`nullable\` schemas -> anyOf [schema, null]: ajv cannot compile them, so Prism checked nothing there`);

fs.writeFileSync(output, JSON.stringify(spec));
for (const line of applied) console.log(`  patched ${line}`);
// The places of patch 8, for the log (the driver shows them with VERBOSE=1).
for (const where of nullable) console.log(`    ${where}`);
