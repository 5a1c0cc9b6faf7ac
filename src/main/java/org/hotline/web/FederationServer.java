package org.hotline.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
import org.hotline.protocol.DeclaredState;
import org.hotline.protocol.LineId;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.StationId;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.LineRecord;
import org.hotline.store.Store;
import org.hotline.transcript.EquivocationException;
import org.hotline.transcript.StoreUnavailableException;
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
        byte[] body = Requests.body(ctx, maxBodyBytes);
        List<SignedEntry> batch;
        try {
            Wire.Batch parsed = Wire.JSON.readValue(body, Wire.Batch.class);
            if (parsed == null) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED, "batch body is empty");
            }
            batch = parsed.parse();
            DeclaredState declared = receiver.declared(line);
            DeclaredState withBatch = declared;
            for (SignedEntry entry : batch) {
                withBatch = withBatch.apply(entry.entry());
            }
            // We cut the line: only a batch that moves to restore it (a real proposal, or the
            // acceptance of ours) gets through, not one that merely carries a restore-looking entry.
            if (withBatch.cutBy(receiver.self())) {
                // We cut the line: only the entries that move to restore it get through.
                ctx.status(409).json(new Wire.Refusal("SUSPENDED", "line " + line.name() + " is suspended by "
                        + lines.identity().name() + " since " + declared.since().map(Object::toString).orElse("?"), receiver.peerHeadSeq(line)));
                return;
            }
            ctx.json(receiver.receive(line, batch));
        } catch (java.io.IOException e) {
            refuse(ctx, line, ProtocolException.Reason.MALFORMED, "batch is not valid JSON: "
                    + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("")));
        } catch (ProtocolException e) {
            LOG.warn("line {}: refused a batch from {}: {} {}", line.name(), line.peerId().shortForm(), e.reason(), e.getMessage());
            refuse(ctx, line, e.reason(), e.getMessage());
        } catch (EquivocationException e) {
            LOG.error("line {}: {}", line.name(), e.getMessage());
            refuse(ctx, line, e.reason(), e.getMessage());
        } catch (StoreUnavailableException e) {
            throw new HotlineException(ErrorCode.STORE_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private void refuse(Context ctx, LineRecord line, ProtocolException.Reason reason, String message) {
        int status = switch (reason) {
            case MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_TYPE, BAD_RECEIPT -> 400;
            case TOO_LARGE -> 413;
            case BAD_SIGNATURE, WRONG_LINE, WRONG_AUTHOR -> 403;
            case SEQ_GAP, BAD_PREV, BAD_SEEN, EQUIVOCATION -> 409;
        };
        ctx.status(status).json(new Wire.Refusal(reason.name(), message, receiver.peerHeadSeq(line)));
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
