# The Sequence tour for .ci/spec-fidelity (sourced): every operation of
# shared/specs/sequence-orgs.openapi.json against `orgdeck sandbox --backend
# sequence`, as the seed's API client (assets/sequence/seed.json). Steps run in
# order on one fresh sandbox: later ones use what earlier ones created.
# shellcheck shell=bash disable=SC2034 # vendor_* are read by the driver

vendor_spec=sequence-orgs.openapi.json
# The spec's one server is https://sandbox.sequencehq.com/api: its paths start below /api.
vendor_base_path=/api
# The ApiError envelope the sandbox answers every refusal in but the 401s (which
# have no body): what an answer the spec does not declare (a 404) must still be.
vendor_error_shape='(.error | type == "object") and (.error.type | type == "string") and (.error.message | type == "string") and ((.error.errors // []) | type == "array")'

# TOKEN is "id:secret" as Basic credentials, or "-" for no Authorization at all.
# Every step sends Sequence-Version: 2024-07-30 unless it sets SEQ_VERSION.
request_headers() {
	[ "$1" = - ] || printf 'Authorization: Basic %s\n' "$(printf '%s' "$1" | base64 | tr -d '\n')"
	printf 'Sequence-Version: %s\n' "${SEQ_VERSION:-2024-07-30}"
}

tour() {
	local client=seq-northwind-client:seq-northwind-secret wrong=seq-northwind-client:not-the-secret
	# Acme Holdings owns two organizations; Acme Retail is in several; Zephyr is archived.
	local acme=e8d79f49-af6d-414c-8a6f-188a424e617b acme_retail=e3d6e4b9-d96e-482d-8d50-2d42af1ffe0d
	local archived=71f33313-d690-421c-b2b8-af9ace5c4299 acme_org=7f1071ec-b903-4e23-bcd7-3b439a7ef9e4
	local nobody=00000000-0000-4000-8000-000000000000
	local customer owner member other org empty cursor
	# The parts share these locals (bash scopes them dynamically) and run in order.
	tour_listing
	tour_customers
	tour_organizations
	tour_members
}

# The body of a customer that breaks no rule, named $1, with the rest of the
# object's fields in $2.
customer_json() {
	printf '{"legalName":"%s","address":{"line1":"1 Test Road","town":"Leeds","postcode":"LS1 1AA","country":"GB"},"contacts":[{"name":"Billing","email":"billing@test.example","billingPreference":"PRIMARY"}],"taxStatus":"TAXED"%s}' "$1" "${2-}"
}

# GET /customers: cursor pages two at a time, every filter and order, refusals.
tour_listing() {
	local list="get /customers"
	step "$list" 200 "$client" "/customers?limit=2"
	cursor=$(last .pagination.after)
	step "$list" 200 "$client" "/customers?limit=2&after=$cursor"
	cursor=$(last .pagination.before)
	step "$list" 200 "$client" "/customers?limit=2&before=$cursor"
	step "$list" 200 "$client" "/customers?limit=100&includeArchived=true"
	holds 'any(.items[]; .archivedAt != null) and .pagination.after == null' "includeArchived=true does not show the archived"
	step "$list" 200 "$client" "/customers?legalName=acme&sortBy=legalName&sortOrder=ASC"
	step "$list" 200 "$client" "/customers?email=ap@acme0.example"
	holds "[.items[].id] == [\"$acme\"]" "the email filter does not find the customer by its contact"
	step "$list" 200 "$client" "/customers?alias=crm-0001&label=Enterprise&billingStatus=INACTIVE"
	step "$list" 200 "$client" "/customers?sortBy=customProperties.tier&billingStatus=ACTIVE"
	step "$list" 200 "$client" "/customers"
	step "$list" 400 "$client" "/customers?limit=0"
	# The 1..100 range is in the description only, so the spec lets 500 through.
	step "$list" 400 "$client" "/customers?limit=500"
	step "$list" 400 "$client" "/customers?after=bm90LWFuLWlk"
	step "$list" 400 "$client" "/customers?sortBy=colour"
	BAD_REQUEST='limit is not an integer' step "$list" 400 "$client" "/customers?limit=ten"
	BAD_REQUEST='sortOrder is ASC or DESC' step "$list" 400 "$client" "/customers?sortOrder=up"
	step "$list" 401 "$wrong" "/customers"
	BAD_REQUEST='Authorization is a required header' step "$list" 401 - "/customers"
	SEQ_VERSION=2024-05-09 BAD_REQUEST='the version header allows 2024-07-30 only' \
		step "$list" 400 "$client" "/customers"
	holds '.error.type == "UnrecognisedApiVersion"' "another version is not refused as UnrecognisedApiVersion"
}

# One customer: create (201), read, full update, archive, and each one's refusals.
tour_customers() {
	local full=',"url":"https://www.tour.example/","label":"Tour","customerAliases":["tour-1"],"integrationIds":[{"service":"Stripe","id":"cus_tour"}],"pushToIntegrations":["Xero"],"status":"DRAFT","customProperties":{"tier":"gold"}'
	step "post /customers" 201 "$client" "/customers" "$(customer_json 'Tour Owner Ltd' "$full")"
	owner=$(last .id)
	step "post /customers" 201 "$client" "/customers" "$(customer_json 'Tour Member Ltd' ",\"parentId\":\"$acme\"")"
	member=$(last .id)
	holds "any(.organizations[]; .owner.id == \"$acme\")" "parentId does not make the customer a member of its parent's organization"
	step "post /customers" 201 "$client" "/customers" "$(customer_json 'Tour Other Ltd')"
	other=$(last .id)
	step "post /customers" 400 "$client" "/customers" \
		'{"legalName":"No Primary","address":{"line1":"1","town":"Austin","postcode":"73301","country":"US"},"contacts":[{"name":"B","email":"b@x.example","billingPreference":"STANDARD"}],"taxStatus":"TAXED"}'
	holds '[.error.errors[].key] | sort == ["address.state", "contacts"]' "a missing state and PRIMARY contact are not each named"
	BAD_REQUEST='legalName and taxStatus missing, country not ISO' \
		step "post /customers" 400 "$client" "/customers" \
		'{"address":{"line1":"1","town":"T","postcode":"P","country":"ZZ"},"contacts":[]}'
	step "post /customers" 401 "$wrong" "/customers" "$(customer_json 'Never Made Ltd')"

	step "get /customers/{id}" 200 "$client" "/customers/$owner"
	step "get /customers/{id}" 200 "$client" "/customers/$acme"
	UNDECLARED='the spec declares no 404; an unknown customer is still one' \
		step "get /customers/{id}" 404 "$client" "/customers/$nobody"
	step "get /customers/{id}" 401 "$wrong" "/customers/$owner"

	step "put /customers/{id}" 200 "$client" "/customers/$owner" "$(customer_json 'Tour Owner Group plc' ',"label":"Renamed"')"
	holds '.legalName == "Tour Owner Group plc" and .customProperties.tier == "gold"' "a PUT does not update the record"
	step "put /customers/{id}" 400 "$client" "/customers/$owner" "$(customer_json 'Tour Owner' ",\"parentId\":\"$owner\"")"
	BAD_REQUEST='contacts is a list' \
		step "put /customers/{id}" 400 "$client" "/customers/$owner" "$(customer_json 'Tour Owner' | jq -c '.contacts = "none"')"
	UNDECLARED='the spec declares no 404; an unknown customer is still one' \
		step "put /customers/{id}" 404 "$client" "/customers/$nobody" "$(customer_json 'Ghost Ltd')"
	step "put /customers/{id}" 401 "$wrong" "/customers/$owner" "$(customer_json 'Tour Owner')"

	step "post /customers" 201 "$client" "/customers" "$(customer_json 'Tour Short Lived Ltd')"
	customer=$(last .id)
	step "post /customers/{id}/archive" 200 "$client" "/customers/$customer/archive"
	holds '.archivedAt != null' "an archived customer has no archivedAt"
	UNDECLARED='the spec declares no 404; an unknown customer is still one' \
		step "post /customers/{id}/archive" 404 "$client" "/customers/$nobody/archive"
	step "post /customers/{id}/archive" 401 "$wrong" "/customers/$customer/archive"
}

# Create an organization: 201 with and without members, every rule refused.
tour_organizations() {
	local create="post /customer-organizations"
	step "$create" 201 "$client" "/customer-organizations" "{\"ownerId\":\"$owner\",\"memberIds\":[\"$member\"]}"
	org=$(last .id)
	step "get /customers/{id}" 200 "$client" "/customers/$member"
	holds "any(.organizations[]; .id == \"$org\" and .owner.id == \"$owner\")" "a member's record does not list its new organization"
	step "$create" 201 "$client" "/customer-organizations" "{\"ownerId\":\"$other\",\"memberIds\":[]}"
	empty=$(last .id)
	step "get /customers/{id}" 200 "$client" "/customers/$other"
	holds "any(.organizations[]; .id == \"$empty\" and .members == [])" "the owner's record does not list its empty organization"
	step "$create" 400 "$client" "/customer-organizations" \
		"{\"ownerId\":\"$owner\",\"memberIds\":[\"$owner\",\"$archived\",\"$nobody\",\"$member\",\"$member\"]}"
	holds '[.error.errors[] | .code + "@" + .key] == ["ownerIsMember@memberIds[0]", "archivedCustomer@memberIds[1]", "customerNotFound@memberIds[2]", "duplicateId@memberIds[4]"]' \
		"the broken member rules are not each named by their key"
	step "$create" 400 "$client" "/customer-organizations" "{\"ownerId\":\"$archived\",\"memberIds\":[]}"
	BAD_REQUEST='memberIds is required' step "$create" 400 "$client" "/customer-organizations" "{\"ownerId\":\"$owner\"}"
	step "$create" 401 "$wrong" "/customer-organizations" "{\"ownerId\":\"$owner\",\"memberIds\":[]}"
}

# Add members (a union, harmless to repeat) and replace them (the only removal).
tour_members() {
	local add="post /customer-organizations/{id}/members" replace="put /customer-organizations/{id}/members"
	step "$add" 200 "$client" "/customer-organizations/$org/members" "{\"customerIds\":[\"$other\",\"$acme_retail\"]}"
	step "$add" 200 "$client" "/customer-organizations/$org/members" "{\"customerIds\":[\"$other\"]}"
	holds '.members | length == 3' "adding a member again changed the organization"
	step "$add" 400 "$client" "/customer-organizations/$org/members" "{\"customerIds\":[\"$owner\"]}"
	BAD_REQUEST='customerIds is a list' step "$add" 400 "$client" "/customer-organizations/$org/members" '{"customerIds":"all"}'
	UNDECLARED='the spec declares no 404; an unknown organization is still one' \
		step "$add" 404 "$client" "/customer-organizations/$nobody/members" '{"customerIds":[]}'
	step "$add" 401 "$wrong" "/customer-organizations/$org/members" '{"customerIds":[]}'

	step "$replace" 200 "$client" "/customer-organizations/$org/members" "{\"customerIds\":[\"$acme_retail\"]}"
	step "get /customers/{id}" 200 "$client" "/customers/$member"
	holds "all(.organizations[]; .id != \"$org\")" "a member left out by PUT still lists the organization"
	step "$replace" 200 "$client" "/customer-organizations/$acme_org/members" '{"customerIds":[]}'
	step "$replace" 400 "$client" "/customer-organizations/$org/members" "{\"customerIds\":[\"$other\",\"$other\"]}"
	BAD_REQUEST='customerIds is required' step "$replace" 400 "$client" "/customer-organizations/$org/members" '{}'
	UNDECLARED='the spec declares no 404; an unknown organization is still one' \
		step "$replace" 404 "$client" "/customer-organizations/$nobody/members" '{"customerIds":[]}'
	step "$replace" 401 "$wrong" "/customer-organizations/$org/members" '{"customerIds":[]}'
}
