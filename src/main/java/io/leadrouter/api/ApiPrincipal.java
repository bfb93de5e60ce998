package io.leadrouter.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling the API: the admin, one rep or partner user (by rep id), or an integration (a system that submits
 * and reads leads, by the name its token was issued for).
 */
public record ApiPrincipal(Role role, String name) {
    static final String ATTRIBUTE = ApiPrincipal.class.getName();
    static final ApiPrincipal ADMIN = new ApiPrincipal(Role.ADMIN, null);

    /**
     * ADMIN: everything. REP and PARTNER: the rep and partner API, acting only as themselves. INTEGRATION: reads leads
     * and rejections and replays rejections; never changes policy, reps or tokens.
     */
    public enum Role { ADMIN, REP, PARTNER, INTEGRATION }

    /** The principal the auth filter attached to the request. */
    public static ApiPrincipal of(HttpServletRequest request) {
        ApiPrincipal p = (ApiPrincipal) request.getAttribute(ATTRIBUTE);
        if (p == null) {
            throw new IllegalStateException("no principal: the API auth filter did not run");
        }
        return p;
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }

    public boolean partner() {
        return role == Role.PARTNER;
    }

    /** A rep or partner user, acting as themselves. */
    public boolean rep() {
        return role == Role.REP || role == Role.PARTNER;
    }

    public boolean integration() {
        return role == Role.INTEGRATION;
    }

    /** The rep (or partner user) calling; null for the admin and integrations. */
    public String repId() {
        return rep() ? name : null;
    }

    /** The name audit entries and history events record. */
    public String actor() {
        switch (role) {
            case ADMIN:
                return "admin";
            case PARTNER:
                return "partner:" + name;
            case REP:
                return "rep:" + name;
            default:
                return "integration:" + name;
        }
    }
}
