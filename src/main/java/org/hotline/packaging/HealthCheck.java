package org.hotline.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container image's health check: exits 0 if the station's {@code /api/v1/health} answers 200
 * within five seconds, 1 otherwise. The image has no shell and no curl, so it is a small Java main.
 */
public final class HealthCheck {
    private HealthCheck() {}

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:7444/api/v1/health";
        int status = check(URI.create(url));
        System.out.println(status == 200 ? "healthy" : "unhealthy: " + (status < 0 ? "no answer" : "HTTP " + status));
        System.exit(status == 200 ? 0 : 1);
    }

    /** The HTTP status, or -1 if nothing answered in time. */
    static int check(URI url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(5_000);
            try {
                int status = connection.getResponseCode();
                try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    if (body != null) {
                        body.readNBytes(4096); // the answer is small; never read more of it than that
                    }
                }
                return status;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }
}
