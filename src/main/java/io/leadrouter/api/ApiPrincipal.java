package io.leadrouter.api;

import jakarta.servlet.http.HttpServletRequest;

/** Who is calling the API: the admin, or one rep or partner user (by rep id). */
public record ApiPrincipal(boolean admin, String repId, boolean partner) {
    static final String ATTRIBUTE = ApiPrincipal.class.getName();
    static final ApiPrincipal ADMIN = new ApiPrincipal(true, null, false);

    /** The principal the auth filter attached to the request. */
    public static ApiPrincipal of(HttpServletRequest request) {
        ApiPrincipal p = (ApiPrincipal) request.getAttribute(ATTRIBUTE);
        if (p == null) {
            throw new IllegalStateException("no principal: the API auth filter did not run");
        }
        return p;
    }

    /** The name audit entries and history events record. */
    public String actor() {
        return admin ? "admin" : (partner ? "partner:" : "rep:") + repId;
    }
}
