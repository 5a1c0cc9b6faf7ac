package org.hotline.web;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hotline.Station;

/** The operator API's routes, as the tests know them and as the running server registered them. */
final class ApiRoutes {
    private ApiRoutes() {}

    record Route(String method, String template) implements Comparable<Route> {
        /** The path with the line filled in, the principal "nobody", who does not exist, and seq 1 (no letter is there). */
        String path(String line) {
            return template.replace("{line}", line).replace("{name}", "nobody").replace("{seq}", "1").replace("{id}", "0".repeat(64))
                    .replace("{hash}", "0".repeat(64));
        }

        boolean reads() {
            return method.equals("GET");
        }

        boolean open() {
            return least().equals("anyone");
        }

        /** The least role that may call the route, from the table below: anyone, auditor, operator or principal. */
        String least() {
            return java.util.Objects.requireNonNull(LEAST.get(this), () -> this + " is not in ApiRoutes.LEAST");
        }

        @Override
        public int compareTo(Route other) {
            return (template + " " + method).compareTo(other.template + " " + other.method);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /**
     * Every route the tests exercise, with the least role that may call it ("anyone" needs no
     * token), written out here on its own so that a change in the server's table shows up as a
     * failing test; {@link OpenApiTest} proves the routes equal what the server registers.
     */
    static final java.util.Map<Route, String> LEAST = leastRoles(
            "GET /api/v1/openapi.yaml", "anyone",
            "GET /api/v1/station", "auditor",
            "GET /api/v1/lines", "auditor",
            "POST /api/v1/invitations", "operator",
            "POST /api/v1/invitations/preview", "operator",
            "POST /api/v1/invitations/accept", "operator",
            "GET /api/v1/lines/{line}", "auditor",
            "POST /api/v1/lines/{line}/messages", "operator",
            "GET /api/v1/lines/{line}/transcript", "auditor",
            "POST /api/v1/tokens", "operator",
            "GET /api/v1/tokens", "auditor",
            "POST /api/v1/tokens/{id}/revoke", "operator",
            "POST /api/v1/login", "anyone",
            "POST /api/v1/lines/{line}/suspend", "principal",
            "POST /api/v1/lines/{line}/restore", "principal",
            "POST /api/v1/lines/{line}/restore/accept", "principal",
            "GET /api/v1/lines/{line}/history", "auditor",
            "POST /api/v1/lines/{line}/schedule", "operator",
            "POST /api/v1/lines/{line}/answer", "operator",
            "GET /api/v1/ringing", "auditor",
            "GET /api/v1/events", "auditor",
            "GET /api/v1/metrics", "auditor",
            "GET /api/v1/health", "anyone",
            "GET /api/v1/users", "auditor",
            "POST /api/v1/users", "principal",
            "POST /api/v1/users/{name}/remove", "principal",
            "POST /api/v1/users/{name}/role", "principal",
            "GET /api/v1/principals", "auditor",
            "POST /api/v1/principals/{name}/keys", "principal",
            "GET /api/v1/principals/{name}/locked-key", "principal",
            "GET /api/v1/lines/{line}/principals", "auditor",
            "GET /api/v1/lines/{line}/letters", "auditor",
            "POST /api/v1/lines/{line}/letters", "principal",
            "GET /api/v1/lines/{line}/letters/{seq}", "auditor",
            "POST /api/v1/lines/{line}/letters/{seq}/read", "principal",
            "GET /api/v1/lines/{line}/letters/{seq}/envelope", "auditor",
            "GET /api/v1/lines/{line}/quote", "auditor",
            "POST /api/v1/statements", "principal",
            "GET /api/v1/lines/{line}/statement-drafts", "auditor",
            "POST /api/v1/lines/{line}/statement-drafts", "principal",
            "POST /api/v1/lines/{line}/statement-drafts/{hash}/cosign", "principal",
            "GET /feed.atom", "anyone",
            "GET /feed.json", "anyone",
            "GET /statements/{id}", "anyone",
            "GET /statements/{id}/text", "anyone",
            "GET /api/v1/lines/{line}/export", "auditor");

    static final List<Route> ALL = List.copyOf(LEAST.keySet());

    private static java.util.Map<Route, String> leastRoles(String... pairs) {
        java.util.Map<Route, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String[] route = pairs[i].split(" ");
            map.put(new Route(route[0], route[1]), pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The routes that need a token: all but the OpenAPI document, the health check and the login. */
    static List<Route> guarded() {
        return ALL.stream().filter(route -> !route.open()).toList();
    }

    /** What the running station's API server registers: method and path of each route. */
    static Set<Route> registered(Station station) {
        Set<Route> routes = new TreeSet<>();
        for (ApiServer.Route route : station.apiRoutes()) {
            routes.add(new Route(route.method().name(), route.path()));
        }
        return routes;
    }

    /** The least role the running server demands for each route, as "anyone", "auditor", "operator" or "principal". */
    static java.util.Map<Route, String> registeredLeast(Station station) {
        java.util.Map<Route, String> least = new java.util.TreeMap<>();
        for (ApiServer.Route route : station.apiRoutes()) {
            least.put(new Route(route.method().name(), route.path()), route.access().least().map(org.hotline.store.Role::wireName).orElse("anyone"));
        }
        return least;
    }
}
