# The Flowkiwi tour for .ci/spec-fidelity (sourced): every operation of
# shared/specs/partner-orgs.openapi.yaml against `orgdeck sandbox --backend
# flowkiwi`, with the seed's tokens and ids (assets/flowkiwi/seed.json), run twice:
# on the plain JSON-LD and on the `--hydra-prefix` spelling (flowkiwi.patch.js
# names the prefixed keys for that run). Steps run in order on one fresh sandbox:
# later ones use what earlier ones made or changed.
# shellcheck shell=bash disable=SC2034 # vendor_* are read by the driver

vendor_spec=partner-orgs.openapi.yaml
vendor_modes=('' '--hydra-prefix')
# API Platform's Error document, in either spelling: what an answer the spec
# does not declare (the last owner's 409 on a role change) must still be.
vendor_error_shape='(."@type" | test("^(hydra:)?Error$")) and (."@id" | startswith("/api/errors/")) and (.status | type == "number") and (.detail | type == "string")'

# A Hydra key as this run's sandbox spells it, for jq: view → "hydra:view".
hk() {
	if [ -n "$sandbox_mode" ]; then printf '."hydra:%s"' "$1"; else printf '.%s' "$1"; fi
}

tour() {
	local jane=fk-jane-token sam=fk-sam-token olga=fk-olga-token
	local orgs=/api/organizations
	local acme=0196f3a0-1111-7000-8000-000000000001 labs=0196f3a0-1111-7000-8000-000000000002
	local nimbus=0196f3a0-1111-7000-8000-000000000003 kiwi=0196f3a0-1111-7000-8000-000000000004
	local harbor=0196f3a0-1111-7000-8000-000000000006
	local jane_id=0196f3a0-2222-7000-8000-000000000001 sam_id=0196f3a0-2222-7000-8000-000000000002
	local olga_id=0196f3a0-2222-7000-8000-000000000003
	# Acme's seeded invitations: revoked, and pending sent three days ago;
	# Harbor's pending one (Sam's organization, where Jane is a member).
	local revoked=0196f3a0-4444-7000-8000-000000000002 days_ago=0196f3a0-4444-7000-8000-000000000004
	local harbor_invite=0196f3a0-4444-7000-8000-000000000009
	local nobody=0196f3a0-ffff-7000-8000-00000000ffff
	local created next invite
	# The parts share these locals (bash scopes them dynamically) and run in order.
	tour_organizations
	tour_organization
	tour_members
	tour_member
	tour_invitations
	tour_invitation
}

# The organization list: pages by view.next, filters, order, refusals; create.
tour_organizations() {
	local list="get $orgs" make="post $orgs"
	step "$list" 200 "$jane" "$orgs"
	holds "$(hk view) == null" "one unfiltered page that holds everything has a view"
	step "$list" 200 "$jane" "$orgs?itemsPerPage=2"
	next=$(last "$(hk view)$(hk next)")
	[ -n "$next" ] || record_failure "a page of two of Jane's six organizations has no next"
	step "$list" 200 "$jane" "$next"
	step "$list" 200 "$jane" "$orgs?name=ACME&order%5Bname%5D=desc"
	holds "[$(hk member)[].name] == [\"Acme Labs\", \"Acme Corp\"]" "name filter or order[name]=desc is wrong"
	step "$list" 200 "$jane" "$orgs?order%5Bcreated_at%5D=asc&page=1"
	step "$list" 400 "$jane" "$orgs?itemsPerPage=0"
	step "$list" 401 nope "$orgs"
	BAD_REQUEST='page below 1' step "$list" 400 "$jane" "$orgs?page=0"
	BAD_REQUEST='itemsPerPage over 100: served 100 a page' step "$list" 200 "$jane" "$orgs?itemsPerPage=500"
	step "$make" 201 "$jane" "$orgs" '{"name":"Fidelity Tour"}'
	created=$(last .id)
	grep -qi "^location: $orgs/$created" "$work/last.headers" || record_failure "create answers no Location"
	step "$make" 422 "$jane" "$orgs" '{"name":"   "}'
	step "$make" 401 nope "$orgs" '{"name":"Nobody"}'
	BAD_REQUEST='name over 255 characters' \
		step "$make" 422 "$jane" "$orgs" "{\"name\":\"$(printf 'n%.0s' {1..256})\"}"
	BAD_REQUEST='name not a string' step "$make" 400 "$jane" "$orgs" '{"name":7}'
	# No malformed JSON here: Prism's own body parser answers it (a 400 of its own
	# shape) before either proxy forwards it; tests/sandbox/flowkiwi checks the sandbox's.
}

# One organization: read, rename by merge-patch, delete.
tour_organization() {
	local one="get $orgs/{id}" rename="patch $orgs/{id}" drop="delete $orgs/{id}"
	step "$one" 200 "$sam" "$orgs/$acme"
	step "$one" 403 "$jane" "$orgs/$nimbus"
	step "$one" 404 "$jane" "$orgs/$nobody"
	step "$one" 401 nope "$orgs/$acme"
	CONTENT_TYPE=application/merge-patch+json step "$rename" 200 "$jane" "$orgs/$created" '{"name":"Fidelity Tour, renamed"}'
	CONTENT_TYPE=application/merge-patch+json step "$rename" 403 "$sam" "$orgs/$acme" '{"name":"Not Sam'\''s"}'
	CONTENT_TYPE=application/merge-patch+json step "$rename" 404 "$jane" "$orgs/$nobody" '{"name":"Nobody"}'
	CONTENT_TYPE=application/merge-patch+json step "$rename" 401 nope "$orgs/$acme" '{"name":"Nobody"}'
	# Prism takes application/json for merge-patch (shared/specs/prism.md); API Platform does not.
	step "$rename" 415 "$jane" "$orgs/$created" '{"name":"Plain JSON"}'
	CONTENT_TYPE=application/merge-patch+json BAD_REQUEST='name blank' \
		step "$rename" 422 "$jane" "$orgs/$created" '{"name":""}'
	CONTENT_TYPE=application/merge-patch+json BAD_REQUEST='name not a string' \
		step "$rename" 400 "$jane" "$orgs/$created" '{"name":["x"]}'
	step "$drop" 403 "$jane" "$orgs/$labs"
	holds '.detail | test("instances")' "a delete refused while instances remain does not say so"
	step "$drop" 403 "$sam" "$orgs/$acme"
	step "$drop" 401 nope "$orgs/$acme"
	step "$drop" 204 "$jane" "$orgs/$created"
	step "$drop" 404 "$jane" "$orgs/$created"
}

# Members: list, filter, page; add an existing partner.
tour_members() {
	local list="get $orgs/{id}/members" add="post $orgs/{id}/members"
	step "$list" 200 "$sam" "$orgs/$acme/members"
	step "$list" 200 "$jane" "$orgs/$kiwi/members?role=owner&email=acme"
	step "$list" 200 "$jane" "$orgs/$kiwi/members?itemsPerPage=2"
	next=$(last "$(hk view)$(hk next)")
	step "$list" 200 "$jane" "$next"
	step "$list" 403 "$olga" "$orgs/$acme/members"
	step "$list" 404 "$jane" "$orgs/$nobody/members"
	step "$list" 401 nope "$orgs/$acme/members"
	step "$add" 201 "$jane" "$orgs/$acme/members" '{"email":"olga@nimbus.example","role":"member"}'
	step "$add" 422 "$jane" "$orgs/$acme/members" '{"email":"olga@nimbus.example","role":"member"}'
	holds '.violations[0].message == "This partner is already a member."' "adding a member twice is not refused on email"
	step "$add" 422 "$jane" "$orgs/$acme/members" '{"email":"no.account@acme.example","role":"owner"}'
	step "$add" 403 "$sam" "$orgs/$acme/members" '{"email":"mia@bluefern.example","role":"member"}'
	step "$add" 404 "$jane" "$orgs/$nobody/members" '{"email":"mia@bluefern.example","role":"member"}'
	step "$add" 401 nope "$orgs/$acme/members" '{"email":"mia@bluefern.example","role":"member"}'
	BAD_REQUEST='role not owner or member' \
		step "$add" 422 "$jane" "$orgs/$acme/members" '{"email":"sam@acme.example","role":"admin"}'
	holds 'any(.violations[]; .propertyPath == "role" and .code == "8e179f1b-97aa-4560-a02f-2a8b42e49df7")' "a role outside the choices lacks the Choice code"
	BAD_REQUEST='email not a string' \
		step "$add" 400 "$jane" "$orgs/$acme/members" '{"email":1,"role":"member"}'
}

# One member: read, change the role, remove; the last owner kept.
tour_member() {
	local one="get $orgs/{id}/members/{memberId}" role="patch $orgs/{id}/members/{memberId}"
	local drop="delete $orgs/{id}/members/{memberId}"
	local merge=application/merge-patch+json
	step "$one" 200 "$sam" "$orgs/$acme/members/$jane_id"
	step "$one" 403 "$jane" "$orgs/$nimbus/members/$olga_id"
	step "$one" 404 "$jane" "$orgs/$acme/members/$nobody"
	step "$one" 401 nope "$orgs/$acme/members/$jane_id"
	CONTENT_TYPE=$merge step "$role" 200 "$jane" "$orgs/$acme/members/$olga_id" '{"role":"owner"}'
	CONTENT_TYPE=$merge step "$role" 403 "$sam" "$orgs/$acme/members/$olga_id" '{"role":"member"}'
	CONTENT_TYPE=$merge step "$role" 404 "$jane" "$orgs/$acme/members/$nobody" '{"role":"member"}'
	CONTENT_TYPE=$merge step "$role" 401 nope "$orgs/$acme/members/$olga_id" '{"role":"member"}'
	step "$role" 415 "$jane" "$orgs/$acme/members/$olga_id" '{"role":"member"}'
	CONTENT_TYPE=$merge UNDECLARED='the spec declares no 409 on a role change; demoting the last owner is one' \
		step "$role" 409 "$jane" "$orgs/$labs/members/$jane_id" '{"role":"member"}'
	CONTENT_TYPE=$merge BAD_REQUEST='role not owner or member' \
		step "$role" 422 "$jane" "$orgs/$acme/members/$olga_id" '{"role":"boss"}'
	step "$drop" 403 "$sam" "$orgs/$acme/members/$jane_id"
	step "$drop" 409 "$jane" "$orgs/$labs/members/$jane_id"
	holds '.detail == "An organization must keep at least one owner."' "the last owner's 409 says otherwise"
	step "$drop" 401 nope "$orgs/$acme/members/$sam_id"
	step "$drop" 204 "$sam" "$orgs/$acme/members/$sam_id"
	step "$drop" 204 "$jane" "$orgs/$acme/members/$olga_id"
	step "$drop" 404 "$jane" "$orgs/$acme/members/$olga_id"
}

# Invitations: list, filter; invite.
tour_invitations() {
	local list="get $orgs/{id}/invitations" make="post $orgs/{id}/invitations"
	step "$list" 200 "$jane" "$orgs/$acme/invitations"
	holds "[$(hk member)[].status] == [\"pending\", \"pending\", \"expired\", \"revoked\", \"accepted\"]" "Acme's invitations are not newest first in every state"
	step "$list" 200 "$jane" "$orgs/$acme/invitations?status=pending&itemsPerPage=1"
	next=$(last "$(hk view)$(hk next)")
	step "$list" 200 "$jane" "$next"
	step "$list" 200 "$jane" "$orgs/$acme/invitations?email=nora"
	step "$list" 403 "$olga" "$orgs/$acme/invitations"
	step "$list" 404 "$jane" "$orgs/$nobody/invitations"
	step "$list" 401 nope "$orgs/$acme/invitations"
	step "$make" 201 "$jane" "$orgs/$acme/invitations" '{"email":"zoe@acme.example","role":"member"}'
	invite=$(last .id)
	step "$make" 422 "$jane" "$orgs/$acme/invitations" '{"email":"zoe@acme.example","role":"owner"}'
	holds '.violations[0].propertyPath == "email"' "a second pending invitation is not refused on email"
	step "$make" 422 "$jane" "$orgs/$acme/invitations" '{"email":"jane@acme.example","role":"owner"}'
	step "$make" 403 "$jane" "$orgs/$harbor/invitations" '{"email":"yan@harbor.example","role":"member"}'
	step "$make" 404 "$jane" "$orgs/$nobody/invitations" '{"email":"yan@harbor.example","role":"member"}'
	step "$make" 401 nope "$orgs/$acme/invitations" '{"email":"yan@harbor.example","role":"member"}'
	BAD_REQUEST='email not an address' \
		step "$make" 422 "$jane" "$orgs/$acme/invitations" '{"email":"zoe@","role":"member"}'
	holds '.violations[0].hint | type == "string"' "an invalid email has no hint"
	BAD_REQUEST='role not a string' \
		step "$make" 400 "$jane" "$orgs/$acme/invitations" '{"email":"yan@acme.example","role":true}'
}

# One invitation: read, resend (too soon is 429), revoke (twice is 409).
tour_invitation() {
	local one="get $orgs/{id}/invitations/{invitationId}"
	local again="post $orgs/{id}/invitations/{invitationId}/resend"
	local revoke="post $orgs/{id}/invitations/{invitationId}/revoke"
	step "$one" 200 "$jane" "$orgs/$acme/invitations/$invite"
	step "$one" 403 "$olga" "$orgs/$acme/invitations/$invite"
	step "$one" 404 "$jane" "$orgs/$acme/invitations/$nobody"
	step "$one" 401 nope "$orgs/$acme/invitations/$invite"
	step "$again" 200 "$jane" "$orgs/$acme/invitations/$days_ago/resend"
	holds '.send_count == 3' "a resend does not count"
	step "$again" 429 "$jane" "$orgs/$acme/invitations/$invite/resend"
	grep -qi '^retry-after: [0-9]' "$work/last.headers" || record_failure "a resend too soon has no Retry-After"
	step "$again" 409 "$jane" "$orgs/$acme/invitations/$revoked/resend"
	step "$again" 403 "$jane" "$orgs/$harbor/invitations/$harbor_invite/resend"
	step "$again" 404 "$jane" "$orgs/$acme/invitations/$nobody/resend"
	step "$again" 401 nope "$orgs/$acme/invitations/$invite/resend"
	step "$revoke" 200 "$jane" "$orgs/$acme/invitations/$invite/revoke"
	holds '.status == "revoked" and (.revoked_at | type == "string")' "a revoke does not read revoked"
	step "$revoke" 409 "$jane" "$orgs/$acme/invitations/$invite/revoke"
	step "$revoke" 403 "$jane" "$orgs/$harbor/invitations/$harbor_invite/revoke"
	step "$revoke" 404 "$jane" "$orgs/$acme/invitations/$nobody/revoke"
	step "$revoke" 401 nope "$orgs/$acme/invitations/$invite/revoke"
}
