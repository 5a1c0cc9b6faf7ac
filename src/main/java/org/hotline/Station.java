package org.hotline;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.hotline.alert.AlertRules;
import org.hotline.alert.Alerts;
import org.hotline.alert.EventStream;
import org.hotline.checkin.CheckinService;
import org.hotline.config.Address;
import org.hotline.config.FreePort;
import org.hotline.config.StationConfig;
import org.hotline.crypto.Passwords;
import org.hotline.crypto.StationCertificate;
import org.hotline.crypto.StationKeyFile;
import org.hotline.crypto.TlsContexts;
import org.hotline.delivery.LineQuotas;
import org.hotline.delivery.LinkMonitor;
import org.hotline.delivery.Outbox;
import org.hotline.delivery.Peers;
import org.hotline.delivery.Receiver;
import org.hotline.letter.Letters;
import org.hotline.line.LineService;
import org.hotline.statement.Statements;
import org.hotline.line.PeerDirectory;
import org.hotline.line.StationIdentity;
import org.hotline.metrics.StationMetrics;
import org.hotline.protocol.SigningKey;
import org.hotline.console.Console;
import org.hotline.store.CommitFence;
import org.hotline.store.JdbcStore;
import org.hotline.store.Store;
import org.hotline.transcript.TranscriptWriter;
import org.hotline.user.Principals;
import org.hotline.user.Users;
import org.hotline.web.ApiServer;
import org.hotline.web.FederationServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running station by hand, in dependency order,
 * and stops them in reverse.
 */
public final class Station implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Station.class);

    private final StationConfig config;
    private final StationIdentity identity;
    private final Store store;
    private final LineService lines;
    private final CheckinService checkins;
    private final FederationServer federation;
    private final ApiServer api;
    private final Users users;
    private final Principals principals;
    private final Letters letters;
    private final Statements statements;
    private final Passwords passwords;
    private final List<AutoCloseable> parts;

    private Station(StationConfig config, StationIdentity identity, Store store, LineService lines, CheckinService checkins,
            FederationServer federation, ApiServer api, Users users, Principals principals, Letters letters, Statements statements, Passwords passwords,
            List<AutoCloseable> parts) {
        this.users = users;
        this.principals = principals;
        this.letters = letters;
        this.statements = statements;
        this.passwords = passwords;
        this.checkins = checkins;
        this.config = config;
        this.identity = identity;
        this.store = store;
        this.lines = lines;
        this.federation = federation;
        this.api = api;
        this.parts = parts;
    }

    public static Station start(StationConfig config, Clock clock) throws Exception {
        return start(config, clock, CommitFence.NONE);
    }

    /** Starts the station; {@code fence} guards every transcript commit (high availability). */
    public static Station start(StationConfig config, Clock clock, CommitFence fence) throws Exception {
        SigningKey key = StationKeyFile.read(StationFiles.keyFile(config.dataDir()));
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            Address federationListen = FreePort.resolve(config.federationListen());
            Address advertise = config.federationAdvertise().orElse(federationListen.connectable());
            config.advertiseWarning().ifPresent(warning -> LOG.warn("{}", warning));
            StationIdentity identity = new StationIdentity(config.name(), key, key.verifyingKey().stationId(), advertise);
            SecureRandom random = new SecureRandom();
            // First, so they close last: whatever raises alerts is stopped before the alerts drain.
            EventStream events = new EventStream();
            parts.add(events);
            Alerts alerts = Alerts.create(config.alerts(), events, config.name());
            parts.add(alerts);

            Store store = JdbcStore.open(config.storeUrl(), fence);
            parts.add(store);
            TranscriptWriter writer = new TranscriptWriter(store, key, clock);
            parts.add(writer);
            StationMetrics metrics = new StationMetrics(identity.id());
            parts.add(metrics);
            writer.onCommit(metrics::committed);
            AlertRules rules = new AlertRules(identity.id(), store, alerts, events, metrics, clock, config.alerts().coalesce());
            parts.add(rules);
            writer.onCommit(rules::committed);
            StationCertificate certificate = StationCertificate.selfSigned(key, clock.instant());
            Peers peers = new Peers(certificate);
            parts.add(peers);
            LinkMonitor links = new LinkMonitor(peers, clock, config.heartbeat());
            links.onDownTooLong(config.alerts().linkDown(), rules::linkDown);
            links.onMisbehaving(rules::peerMisbehaving);
            parts.add(links);
            Outbox outbox = new Outbox(writer, store, peers, links, config.batchSize(), clock, metrics::delivered);
            parts.add(outbox);
            PeerDirectory directory = new PeerDirectory(clock, store);
            CheckinService checkins = new CheckinService(identity.id(), store, writer, clock, rules);
            parts.add(checkins);
            LineService lines = new LineService(identity, store, writer, peers, outbox, links, directory, checkins, clock, random,
                    config.invitationTtl());
            Receiver receiver = new Receiver(writer, key, clock, links, rules::equivocation, config.clockSkew(),
                    new LineQuotas(config.lineQuota()), rules::quotaRefused);

            SSLContext serverTls = tls(certificate, directory);
            FederationServer federation = new FederationServer(serverTls, federationListen, store, lines, receiver, directory,
                    clock, config.maxBodyBytes(), config.idleTimeout()).start();
            parts.add(federation);
            // One bounded Argon2 pool for the whole station: logins, the console, new users, principals' keys.
            Passwords passwords = new Passwords(Passwords.STANDARD, random);
            Users users = new Users(store, passwords, random, clock);
            Principals principals = new Principals(store, writer, clock);
            lines.onOpened(principals::announceAll);
            Letters letters = new Letters(store, writer, principals, identity.key().verifyingKey());
            Statements statements = new Statements(store, principals, identity, writer, clock);
            Console console = new Console(lines, letters, principals, statements, events, users::authenticate,
                    name -> users.find(name).map(org.hotline.store.User::role), passwords::derive,
                    new org.hotline.user.Lockout("passphrases", clock), users, clock, random);
            ApiServer api = new ApiServer(config.apiListen(), config.idleTimeout(), store, lines, users, principals,
                    letters, statements, events, metrics,
                    clock, console, config.feedPublicUrl()).start();
            parts.add(api);
            writer.start();
            lines.startAll();
            if (!(clock instanceof org.hotline.time.SimulatedClock)) {
                // A simulated clock moves only when told, and whoever moves it ticks the calls.
                checkins.start();
            }
            LOG.info("station {} ({}) ready: federation {}, API http://{}:{}", identity.name(), identity.id().display(),
                    federationListen.withPort(federation.port()), config.apiListen().connectable().host(), api.port());
            return new Station(config, identity, store, lines, checkins, federation, api, users, principals, letters, statements, passwords, parts);
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    private static SSLContext tls(StationCertificate certificate, PeerDirectory directory) throws GeneralSecurityException {
        return TlsContexts.server(certificate, directory::mayConnect);
    }

    public StationConfig config() {
        return config;
    }

    public StationIdentity identity() {
        return identity;
    }

    public Store store() {
        return store;
    }

    public LineService lines() {
        return lines;
    }

    public Users users() {
        return users;
    }

    public Principals principals() {
        return principals;
    }

    public Letters letters() {
        return letters;
    }

    /** The station's one bounded Argon2 pool. */
    public Passwords passwords() {
        return passwords;
    }

    public CheckinService checkins() {
        return checkins;
    }

    public Statements statements() {
        return statements;
    }

    public int federationPort() {
        return federation.port();
    }

    public java.util.List<ApiServer.Route> apiRoutes() {
        return api.routes();
    }

    public int apiPort() {
        return api.port();
    }

    public String apiUrl() {
        return "http://" + config.apiListen().connectable().host() + ":" + api.port();
    }

    @Override
    public synchronized void close() {
        if (parts.isEmpty()) {
            return;
        }
        closeAll(parts);
        parts.clear();
        LOG.info("station {} stopped", identity.name());
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", parts.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
