package org.hotline.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hotline.config.Address;
import org.hotline.crypto.PeerTrust;
import org.hotline.crypto.TlsContexts;
import org.hotline.delivery.Receiver;
import org.hotline.delivery.Wire;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.line.LineService;
import org.hotline.line.PeerDirectory;
import org.hotline.protocol.LineId;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.LineRecord;
import org.hotline.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federation endpoint: HTTPS with mutual TLS, TLS 1.3 only. A client whose key is not a
 * pinned peer fails the handshake (strangers get through only while an invitation is open, and
 * then only to hello and pair). Every other route checks, before reading the body, that the line
 * in the path belongs to the station the certificate proves.
 */
public final class FederationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FederationServer.class);
    private static final String PEER = "hotline.peer";

    private final Store store;
    private final LineService lines;
    private final Receiver receiver;
    private final FederationBatches batches;
    private final PeerDirectory directory;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Javalin app;
    private ServerConnector connector;

    public FederationServer(
            SSLContext sslContext,
            Address listen,
            Store store,
            LineService lines,
            Receiver receiver,
            PeerDirectory directory,
            Clock clock,
            long maxBodyBytes,
            Duration idleTimeout) {
        this.store = store;
        this.lines = lines;
        this.receiver = receiver;
        this.batches = new FederationBatches(receiver, lines.identity().name());
        this.directory = directory;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = maxBodyBytes;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig, sslContext, listen, idleTimeout));
            config.routes.before("/federation/*", this::authenticate);
            config.routes.get("/federation/v1/hello", this::hello);
            config.routes.post("/federation/v1/pair", this::pair);
            config.routes.post("/federation/v1/lines/{line}/entries", this::entries);
            config.routes.get("/federation/v1/lines/{line}/heartbeat", this::heartbeat);
            ErrorMapping.install(config.routes, LOG);
        });
    }

    private ServerConnector connector(Server server, HttpConfiguration httpConfig, SSLContext sslContext, Address listen,
            Duration idleTimeout) {
        httpConfig.setSendServerVersion(false);
        httpConfig.setRequestHeaderSize(8 * 1024);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniRequired(false);
        secure.setSniHostCheck(false);
        httpConfig.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(sslContext);
        ssl.setNeedClientAuth(true);
        ssl.setIncludeProtocols(TlsContexts.PROTOCOL);
        ssl.setEndpointIdentificationAlgorithm(null);
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(httpConfig));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }

    public FederationServer start() {
        app.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private void authenticate(Context ctx) {
        X509Certificate[] chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] c ? c : null;
        StationId peer;
        try {
            // The handshake ran PeerTrust on this very certificate; only its key is needed here.
            peer = PeerTrust.keyOf(chain).stationId();
        } catch (CertificateException e) {
            throw new HotlineException(ErrorCode.UNAUTHENTICATED, "no valid station certificate: " + e.getMessage());
        }
        ctx.attribute(PEER, peer);
        String path = ctx.path();
        if (path.equals("/federation/v1/hello") || path.equals("/federation/v1/pair")) {
            if (!directory.mayConnect(peer)) {
                throw new HotlineException(ErrorCode.FORBIDDEN, "station " + peer.display() + " is not a peer and no invitation is open");
            }
            return;
        }
        if (!directory.isKnown(peer)) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "station " + peer.display() + " is not a peer of this station");
        }
    }

    private static StationId peer(Context ctx) {
        return ctx.attribute(PEER);
    }

    /** The line in the path, which must be a line with the authenticated peer. */
    private LineRecord line(Context ctx) {
        LineId id;
        try {
            id = new LineId(ctx.pathParam("line"));
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        LineRecord line = store.line(id).orElseThrow(() -> new HotlineException(ErrorCode.NOT_FOUND, "no line " + id));
        if (!line.peerId().equals(peer(ctx))) {
            throw new HotlineException(ErrorCode.FORBIDDEN, "line " + id + " is not a line with station " + peer(ctx).display());
        }
        return line;
    }

    private void hello(Context ctx) {
        ctx.json(new Wire.Hello(lines.identity().id().value(), lines.identity().name()));
    }

    private void pair(Context ctx) throws CertificateException {
        Wire.PairRequest request = Requests.json(ctx, 16 * 1024, Wire.PairRequest.class);
        X509Certificate[] chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] c ? c : null;
        VerifyingKey key = PeerTrust.keyOf(chain);
        ctx.status(201).json(lines.openInvited(request, key));
    }

    private void entries(Context ctx) throws InterruptedException {
        LineRecord line = line(ctx);
        if (silentlyCut(ctx, line)) {
            return;
        }
        FederationBatches.Reply reply = batches.handle(line, Requests.body(ctx, maxBodyBytes));
        reply.retryAfter().ifPresent(after -> ctx.header("Retry-After", String.valueOf(Math.max(1, after.toSeconds() + 1))));
        ctx.status(reply.status()).json(reply.body());
    }

    /**
     * A line we cut silently answers like a station that is not there: a bare 503, no reason.
     * The peer sees its calls go unanswered, as in June 2020.
     */
    private boolean silentlyCut(Context ctx, LineRecord line) {
        if (receiver.declared(line).silentlyCutBy(receiver.self())) {
            ctx.status(503).result("");
            return true;
        }
        return false;
    }

    private void heartbeat(Context ctx) {
        LineRecord line = line(ctx);
        if (silentlyCut(ctx, line)) {
            return;
        }
        ctx.json(new Wire.Heartbeat(clock.instant().toString(), receiver.peerHeadSeq(line), receiver.ownHeadSeq(line)));
    }

    @Override
    public void close() {
        app.stop();
    }
}
