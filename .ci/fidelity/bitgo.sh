# The BitGo tour for .ci/spec-fidelity (sourced): every operation of
# shared/specs/bitgo-orgs.openapi.yaml against `orgdeck sandbox --backend bitgo`,
# with the seed's tokens and ids (assets/bitgo/seed.json). Steps run in order on one
# fresh sandbox: later ones use what earlier ones created.
# shellcheck shell=bash disable=SC2034 # vendor_* are read by the driver

vendor_spec=bitgo-orgs.openapi.yaml
# BitGo's error envelope (PlatformError): what an answer the spec does not declare
# must still be.
vendor_error_shape='(.context | type == "object") and (.error | type == "string") and (.requestId | type == "string") and (.name | type == "string")'

tour() {
	local admin=bitgo-northwind-admin admin2=bitgo-northwind-admin2
	local service=bitgo-northwind-service member=bitgo-northwind-member harbor=bitgo-harbor-admin
	local org=40c0fc630e2bd5c7b9f59ddb2de5a130 harbor_org=9a8dcf09d9e49704ee05e763e0324372
	# Northwind's parent enterprise and the child Amara Reyes need two approvals, the
	# child Ben Stone Holdings one.
	local parent=36e96df5480278f2bfa6aaa0d45f1369 amara=169c7ba3edf36c529373243393adb140
	local ben=f117cb54750cc0ce4131e278a67b8900
	local ada=0a48c85629219312ccd1780e11c135b5 kofi=c6b0aef79e27ee686dceb8130507f0af
	local ivo=65401d1a37b405eccfe76bf2f264781b dalia=6ee7b5d57dfd8362b6ac7097fcbd3faa
	local seeded_approval=94bf83b3dbb13a69293bc58b7923f855 # asked by Ada
	local nobody=ffffffffffffffffffffffffffffffff
	local ops=/api/v2/organization
	local id created key
	local to_approve to_reject
	# The parts share these locals (bash scopes them dynamically) and run in order.
	tour_organizations
	tour_enterprises
	tour_create
	tour_enterprise_users
	tour_org_users
	tour_approvals
}

# Organizations.
tour_organizations() {
	step "get $ops" 200 "$admin" "$ops"
	step "get $ops" 200 "$service" "$ops?role=admin&role=serviceUser"
	step "get $ops/{id}" 200 "$admin" "$ops/$org"
	step "get $ops/{id}" 401 nope "$ops/$org"
	step "get $ops/{id}" 403 "$harbor" "$ops/$org"
	step "get $ops/{id}" 404 "$admin" "$ops/$nobody"
	step "get $ops/{organizationId}/enterprises/summary" 200 "$admin" "$ops/$org/enterprises/summary"
	step "get $ops/{organizationId}/enterprises/summary" 401 nope "$ops/$org/enterprises/summary"
	step "get $ops/{organizationId}/enterprises/summary" 403 "$harbor" "$ops/$org/enterprises/summary"
	BAD_REQUEST='id not 32 hex' \
		step "get $ops/{organizationId}/enterprises/summary" 400 "$admin" "$ops/not-hex/enterprises/summary"
}

# Enterprises: paging to the end with prevId, filters, stubs, errors.
tour_enterprises() {
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?limit=2"
	id=$(last .nextBatchPrevId)
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?limit=2&prevId=$id"
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?limit=500"
	holds '.nextBatchPrevId == null' "a 500-item page of 30 enterprises says more follow"
	# The member sees the enterprises they are not in as stubs ({id, name}).
	step "get $ops/{organizationId}/enterprise" 200 "$member" "$ops/$org/enterprise?limit=500"
	holds 'any(.enterprises[]; has("bitgoOrg") | not)' "the member's list holds no stub"
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?kycState=approved&kycState=pending&accountType=entity"
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?search=Amara"
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?search=amara.reyes@mail.example"
	step "get $ops/{organizationId}/enterprise" 400 "$admin" "$ops/$org/enterprise?limit=0"
	step "get $ops/{organizationId}/enterprise" 400 "$admin" "$ops/$org/enterprise?limit=501"
	BAD_REQUEST='prevId not 32 hex' \
		step "get $ops/{organizationId}/enterprise" 400 "$admin" "$ops/$org/enterprise?prevId=xyz"
	BAD_REQUEST='id not 32 hex' \
		step "get $ops/{organizationId}/enterprise" 400 "$admin" "$ops/not-hex/enterprise"
	step "get $ops/{organizationId}/enterprise" 403 "$harbor" "$ops/$org/enterprise"
	step "get $ops/{organizationId}/enterprise" 404 "$admin" "$ops/$nobody/enterprise"
	step "get $ops/{organizationId}/enterprise/search" 200 "$member" "$ops/$org/enterprise/search?q=Northwind&limit=5"
	step "get $ops/{organizationId}/enterprise/search" 200 "$admin" "$ops/$org/enterprise/search?limit=2"
	id=$(last .nextBatchPrevId)
	step "get $ops/{organizationId}/enterprise/search" 200 "$admin" "$ops/$org/enterprise/search?limit=2&prevId=$id"
	step "get $ops/{organizationId}/enterprise/search" 400 "$admin" "$ops/$org/enterprise/search?limit=abc"
	step "get /api/v2/enterprise/{enterpriseId}" 200 "$admin" "/api/v2/enterprise/$parent"
	BAD_REQUEST='id not 32 hex' \
		step "get /api/v2/enterprise/{enterpriseId}" 400 "$admin" "/api/v2/enterprise/not-hex"
	step "get /api/v2/enterprise/{enterpriseId}" 404 "$admin" "/api/v2/enterprise/$nobody"
}

# Create a child enterprise: idempotent by key, 409 for the same key with another body.
tour_create() {
	key=5b7c0f2e-6a1d-4c3b-9e8f-000000000001
	local create="{\"email\":\"nia.okoro@mail.example\",\"idempotencyKey\":\"$key\",\"additionalAdmins\":[\"$ada\"],\"accountType\":\"individual\",\"thirdPartyIdentifier\":[{\"id\":\"crm-7\",\"label\":\"CRM\"}]}"
	step "post $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise" "$create"
	created=$(last .enterpriseId)
	step "post $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise" "$create"
	[ "$(last .enterpriseId)" = "$created" ] || record_failure "a repeated create made a second enterprise"
	step "post $ops/{organizationId}/enterprise" 409 "$admin" "$ops/$org/enterprise" \
		"{\"email\":\"someone.else@mail.example\",\"idempotencyKey\":\"$key\",\"additionalAdmins\":[]}"
	step "get $ops/{organizationId}/enterprise" 200 "$admin" "$ops/$org/enterprise?idempotencyKey=$key"
	[ "$(last '.enterprises[0].id')" = "$created" ] || record_failure "idempotencyKey does not find what it created"
	BAD_REQUEST='fields missing and mistyped' \
		step "post $ops/{organizationId}/enterprise" 400 "$admin" "$ops/$org/enterprise" '{"email":"","additionalAdmins":"x"}'
	holds '.name == "InvalidRequestBody" and (.context.errors | length) == 3' "InvalidRequestBody does not name each bad field"
	step "post $ops/{organizationId}/enterprise" 403 "$member" "$ops/$org/enterprise" \
		"{\"email\":\"x@mail.example\",\"idempotencyKey\":\"5b7c0f2e-0000-4000-8000-000000000002\",\"additionalAdmins\":[]}"
	step "post $ops/{organizationId}/enterprise" 404 "$admin" "$ops/$nobody/enterprise" \
		"{\"email\":\"x@mail.example\",\"idempotencyKey\":\"5b7c0f2e-0000-4000-8000-000000000003\",\"additionalAdmins\":[]}"
}

# Enterprise users.
tour_enterprise_users() {
	step "get /api/v1/enterprise/{enterpriseId}/user" 200 "$admin" "/api/v1/enterprise/$parent/user"
	step "get /api/v1/enterprise/{enterpriseId}/user" 200 "$admin" "/api/v1/enterprise/$created/user?allowInactiveUsers=true"
	BAD_REQUEST='id not 32 hex' \
		step "get /api/v1/enterprise/{enterpriseId}/user" 400 "$admin" "/api/v1/enterprise/not-hex/user"
	step "get /api/v1/enterprise/{enterpriseId}/user" 404 "$admin" "/api/v1/enterprise/$nobody/user"
	# One approval enterprise: the add is done at once.
	step "post /api/v2/enterprise/{enterpriseId}/user" 200 "$admin" "/api/v2/enterprise/$ben/user" \
		'{"username":"dalia.nasser@post.example","permission":"auditor"}'
	step "put /api/v2/enterprise/{enterpriseId}/user" 200 "$admin" "/api/v2/enterprise/$ben/user?userId=$dalia&role=wallet.create"
	step "delete /api/v2/enterprise/{enterpriseId}/user" 200 "$admin" "/api/v2/enterprise/$ben/user" \
		'{"username":"dalia.nasser@post.example"}'
	step "post /api/v2/enterprise/{enterpriseId}/user" 400 "$admin" "/api/v2/enterprise/$ben/user" \
		'{"username":"kofi.mensah@northwind-caas.example","permission":"auditor"}'
	holds '.name == "UserAlreadyExists"' "adding a user twice is not refused by name"
	# Two approvals: each change waits as a pending approval.
	step "post /api/v2/enterprise/{enterpriseId}/user" 202 "$admin" "/api/v2/enterprise/$amara/user" \
		'{"username":"kofi.mensah@northwind-caas.example","permission":["auditor","wallet.create"],"invite":true}'
	to_approve=$(last .id)
	step "put /api/v2/enterprise/{enterpriseId}/user" 202 "$admin" "/api/v2/enterprise/$parent/user?userId=$kofi&role=member"
	step "delete /api/v2/enterprise/{enterpriseId}/user" 202 "$admin" "/api/v2/enterprise/$parent/user" \
		'{"username":"kofi.mensah@northwind-caas.example"}'
	to_reject=$(last '.pendingApprovals[0].id')
	BAD_REQUEST='username is not an email, permission not one of the three' \
		step "post /api/v2/enterprise/{enterpriseId}/user" 400 "$admin" "/api/v2/enterprise/$ben/user" \
		'{"username":"not-an-email","permission":"owner"}'
	BAD_REQUEST='id not 32 hex' \
		step "put /api/v2/enterprise/{enterpriseId}/user" 400 "$admin" "/api/v2/enterprise/not-hex/user?userId=$kofi&role=member"
	step "put /api/v2/enterprise/{enterpriseId}/user" 403 "$member" "/api/v2/enterprise/$ben/user?userId=$kofi&role=member"
	step "delete /api/v2/enterprise/{enterpriseId}/user" 404 "$admin" "/api/v2/enterprise/$nobody/user" \
		'{"username":"kofi.mensah@northwind-caas.example"}'
	# Adding an existing user through the organization.
	step "post $ops/{organizationId}/enterprise/{enterpriseId}/user" 200 "$admin" "$ops/$org/enterprise/$ben/user" \
		'{"email":"mira.novak@northwind-caas.example","permissions":["wallet.create"]}'
	step "post $ops/{organizationId}/enterprise/{enterpriseId}/user" 400 "$admin" "$ops/$org/enterprise/$ben/user" \
		'{"email":"no.such.person@mail.example","permissions":["auditor"]}'
	step "post $ops/{organizationId}/enterprise/{enterpriseId}/user" 403 "$member" "$ops/$org/enterprise/$ben/user" \
		'{"email":"kofi.mensah@northwind-caas.example","permissions":["auditor"]}'
	step "post $ops/{organizationId}/enterprise/{enterpriseId}/user" 404 "$admin" "$ops/$org/enterprise/$nobody/user" \
		'{"email":"kofi.mensah@northwind-caas.example","permissions":["auditor"]}'
}

# Organization users: Harbor needs one approval, Northwind two.
tour_org_users() {
	step "post $ops/{organizationId}/user" 200 "$harbor" "$ops/$harbor_org/user" '{"username":"new.hire@harborlabs.example","role":"member"}'
	step "put $ops/{organizationId}/user" 200 "$harbor" "$ops/$harbor_org/user?userId=$ivo&role=admin"
	step "delete $ops/{organizationId}/user" 200 "$harbor" "$ops/$harbor_org/user?userId=$ivo"
	step "post $ops/{organizationId}/user" 202 "$admin" "$ops/$org/user" '{"username":"new.hire@northwind-caas.example","role":"admin"}'
	step "put $ops/{organizationId}/user" 202 "$admin" "$ops/$org/user?userId=$kofi&role=customer"
	step "delete $ops/{organizationId}/user" 202 "$admin" "$ops/$org/user?userId=$kofi"
	BAD_REQUEST='username not an email, role not admin or member' \
		step "post $ops/{organizationId}/user" 400 "$admin" "$ops/$org/user" '{"username":"not-an-email","role":"serviceUser"}'
	BAD_REQUEST='userId is required' \
		step "delete $ops/{organizationId}/user" 400 "$admin" "$ops/$org/user"
	step "put $ops/{organizationId}/user" 403 "$member" "$ops/$org/user?userId=$kofi&role=member"
	step "post $ops/{organizationId}/user" 404 "$admin" "$ops/$nobody/user" '{"username":"x@mail.example","role":"member"}'
	step "get /api/org/users" 200 "$admin" "/api/org/users?organizationId=$org&limit=5"
	id=$(last .nextBatchPrevId)
	step "get /api/org/users" 200 "$admin" "/api/org/users?organizationId=$org&limit=5&prevId=$id&role=admin&role=member"
	step "get /api/org/users" 200 "$admin" "/api/org/users?organizationId=$org&search=mira"
	step "get /api/org/user/{userId}" 200 "$admin" "/api/org/user/$kofi?organizationId=$org"
	UNDECLARED='the spec declares only 200; a refused token is still a 401' \
		step "get /api/org/users" 401 nope "/api/org/users?organizationId=$org"
	UNDECLARED='the spec declares only 200; an unknown user is still a 404' \
		step "get /api/org/user/{userId}" 404 "$admin" "/api/org/user/$nobody?organizationId=$org"
}

# Who am I, then pending approvals: list, filter, page, approve, reject, and
# self-approval refused.
tour_approvals() {
	step "get /api/v2/user/{id}" 200 "$admin" "/api/v2/user/me"
	step "get /api/v2/pendingapprovals" 200 "$admin" "/api/v2/pendingapprovals"
	step "get /api/v2/pendingapprovals" 200 "$admin" "/api/v2/pendingapprovals?organizationId=$org&limit=2"
	id=$(last .nextBatchPrevId)
	step "get /api/v2/pendingapprovals" 200 "$admin" "/api/v2/pendingapprovals?organizationId=$org&limit=2&prevId=$id"
	step "get /api/v2/pendingapprovals" 200 "$admin" "/api/v2/pendingapprovals?enterpriseId=$amara&enterpriseId=$parent&state=pending&state=awaitingSignature"
	step "get /api/v2/pendingapprovals" 200 "$admin" "/api/v2/pendingapprovals?requestType=enterpriseInviteRequest"
	step "get /api/v2/pendingapprovals/{approvalId}" 200 "$admin" "/api/v2/pendingapprovals/$to_approve"
	BAD_REQUEST='id not 32 hex' \
		step "get /api/v2/pendingapprovals/{approvalId}" 400 "$admin" "/api/v2/pendingapprovals/not-hex"
	UNDECLARED='the spec declares 200 and 400 only; an unknown approval is still a 404' \
		step "get /api/v2/pendingapprovals/{approvalId}" 404 "$admin" "/api/v2/pendingapprovals/$nobody"
	UNDECLARED='the spec declares no refusal: nobody may approve what they asked' \
		step "put /api/v2/pendingapprovals/{approvalId}" 403 "$admin" "/api/v2/pendingapprovals/$to_approve" '{"state":"approved"}'
	step "put /api/v2/pendingapprovals/{approvalId}" 200 "$admin2" "/api/v2/pendingapprovals/$to_approve" '{"state":"approved"}'
	step "put /api/v2/pendingapprovals/{approvalId}" 200 "$admin2" "/api/v2/pendingapprovals/$to_reject" '{"state":"rejected"}'
	step "put /api/v2/pendingapprovals/{approvalId}" 200 "$admin2" "/api/v2/pendingapprovals/$seeded_approval" '{"state":"approved"}'
	step "get /api/v1/enterprise/{enterpriseId}/user" 200 "$admin" "/api/v1/enterprise/$amara/user"
	holds "any(.adminUsers[], .nonAdminUsers[]; .id == \"$kofi\")" "an approved add does not show the user"
	UNDECLARED='the spec declares 200 and 202 only; a decided approval is a 409' \
		step "put /api/v2/pendingapprovals/{approvalId}" 409 "$admin2" "/api/v2/pendingapprovals/$to_approve" '{"state":"rejected"}'
	UNDECLARED='the spec declares 200 and 202 only; InvalidRequestBody for a state it does not know' \
		step "put /api/v2/pendingapprovals/{approvalId}" 400 "$admin2" "/api/v2/pendingapprovals/$to_reject" '{"state":"maybe"}'
}
