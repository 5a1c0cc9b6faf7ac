package org.hotline.web;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hotline.Station;

/** The operator API's routes, as the tests know them and as the running server registered them. */
final class ApiRoutes {
    private ApiRoutes() {}

    record Route(String method, String template) implements Comparable<Route> {
        String path(String line) {
            return template.replace("{line}", line);
        }

        boolean reads() {
            return method.equals("GET");
        }

        boolean open() {
            return template.equals("/api/v1/openapi.yaml") || template.equals("/api/v1/health");
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

    /** Every route the tests exercise; {@link OpenApiTest} proves it equals what the server registers. */
    static final List<Route> ALL = List.of(
            new Route("GET", "/api/v1/openapi.yaml"),
            new Route("GET", "/api/v1/station"),
            new Route("GET", "/api/v1/lines"),
            new Route("POST", "/api/v1/invitations"),
            new Route("POST", "/api/v1/invitations/preview"),
            new Route("POST", "/api/v1/invitations/accept"),
            new Route("GET", "/api/v1/lines/{line}"),
            new Route("POST", "/api/v1/lines/{line}/messages"),
            new Route("GET", "/api/v1/lines/{line}/transcript"),
            new Route("POST", "/api/v1/tokens"),
            new Route("POST", "/api/v1/lines/{line}/suspend"),
            new Route("POST", "/api/v1/lines/{line}/restore"),
            new Route("POST", "/api/v1/lines/{line}/restore/accept"),
            new Route("GET", "/api/v1/lines/{line}/history"),
            new Route("POST", "/api/v1/lines/{line}/schedule"),
            new Route("POST", "/api/v1/lines/{line}/answer"),
            new Route("GET", "/api/v1/ringing"),
            new Route("GET", "/api/v1/events"),
            new Route("GET", "/api/v1/metrics"),
            new Route("GET", "/api/v1/health"),
            new Route("GET", "/api/v1/lines/{line}/export"));

    /** The routes that need a token: all but the OpenAPI document. */
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
}
