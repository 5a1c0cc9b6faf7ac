package org.hotline.statement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.error.ErrorCode;
import org.hotline.error.HotlineException;
import org.hotline.line.StationIdentity;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.ProtocolException;
import org.hotline.protocol.SignedEntry;
import org.hotline.protocol.Statement;
import org.hotline.protocol.VerifyingKey;
import org.hotline.store.LineRecord;
import org.hotline.store.PrincipalKeyRecord;
import org.hotline.store.Store;
import org.hotline.store.StoredEntry;
import org.hotline.user.Principals;

/**
 * The station's public statements. A principal's client signs a statement; the station attaches
 * what a reader needs to check it offline (its own key and the principal's key history from a
 * transcript), verifies the whole document as a reader would, stores it, and serves it on the
 * public Atom and JSON feeds.
 */
public final class Statements {
    public static final int FEED_SIZE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Principals principals;
    private final StationIdentity identity;

    public Statements(Store store, Principals principals, StationIdentity identity) {
        this.store = store;
        this.principals = principals;
        this.identity = identity;
    }

    /** Publishes a statement our principal signed; answers the whole document as stored. */
    public Statement publish(String principal, VerifyingKey signer, String title, String lang, Instant published, String text,
            List<Statement.Quote> quotes, String signature) {
        PrincipalKeyRecord current = principals.ours().stream().filter(key -> key.name().equals(principal)).findFirst()
                .orElseThrow(() -> new HotlineException(ErrorCode.BAD_REQUEST, principal + " is not a principal of ours with keys"));
        if (!current.signing().equals(signer)) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the statement is signed with a key that is not " + principal
                    + "'s current one (" + current.fingerprint() + ")");
        }
        Statement statement;
        try {
            statement = new Statement(identity.id(), identity.name(), identity.key().verifyingKey(), principal, signer, title, lang,
                    published, text, quotes, signature, keyHistory(principal, signer));
            statement.verify();
        } catch (IllegalArgumentException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, e.getMessage());
        } catch (ProtocolException e) {
            throw new HotlineException(ErrorCode.BAD_REQUEST, "the statement does not verify: " + e.getMessage());
        }
        if (!store.insertStatement(statement.id().hex(), statement.published(), statement.encode())) {
            throw new HotlineException(ErrorCode.CONFLICT, "this statement is already published");
        }
        return statement;
    }

    /** Our chain's principal-key entries for the principal, from the line whose history reaches the signing key and is longest. */
    private List<Statement.Quote> keyHistory(String principal, VerifyingKey signer) {
        List<Statement.Quote> best = List.of();
        for (LineRecord line : store.lines()) {
            List<Statement.Quote> history = new ArrayList<>();
            boolean reachesSigner = false;
            for (StoredEntry stored : store.entriesOfTypes(line.id(), Set.of(PrincipalKey.TYPE))) {
                SignedEntry signed = stored.signed();
                if (signed.entry().author().equals(identity.id()) && signed.entry().body() instanceof PrincipalKey key
                        && key.name().equals(principal)) {
                    history.add(Statement.Quote.of(signed, identity.key().verifyingKey()));
                    reachesSigner |= key.signing().equals(signer);
                }
            }
            if (reachesSigner && history.size() > best.size()) {
                best = history;
            }
        }
        if (best.isEmpty()) {
            throw new HotlineException(ErrorCode.CONFLICT, principal + "'s current keys are in no transcript yet, so no reader could check"
                    + " the statement: open a line first (the keys are announced on it)");
        }
        return best;
    }

    public List<Statement> recent() {
        List<Statement> statements = new ArrayList<>();
        for (byte[] document : store.statements(FEED_SIZE)) {
            try {
                statements.add(Statement.decode(document));
            } catch (ProtocolException e) {
                throw new IllegalStateException("a stored statement does not decode: " + e.getMessage(), e);
            }
        }
        return statements;
    }

    public Optional<byte[]> document(String id) {
        return store.statement(id);
    }

    /** The Atom feed (RFC 4287) of recent statements; each entry links to its signed document. */
    public String atom(String base) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("atom_1.0");
        feed.setTitle(identity.name() + ": statements");
        feed.setDescription("Public statements of " + identity.name() + ", each signed by a principal; verify with hotline verify");
        feed.setUri("urn:hotline:station:" + identity.id().value());
        feed.setLink(base + "/feed.atom");
        List<Statement> statements = recent();
        feed.setPublishedDate(Date.from(statements.isEmpty() ? Instant.EPOCH : statements.getFirst().published()));
        List<SyndEntry> entries = new ArrayList<>();
        for (Statement statement : statements) {
            SyndEntry entry = new SyndEntryImpl();
            entry.setUri("urn:hotline:statement:" + statement.id().hex());
            entry.setTitle(statement.title());
            entry.setAuthor(statement.principal() + ", " + statement.stationName());
            entry.setPublishedDate(Date.from(statement.published()));
            entry.setUpdatedDate(Date.from(statement.published()));
            SyndContent content = new SyndContentImpl();
            content.setType("text");
            content.setValue(statement.text());
            entry.setContents(List.of(content));
            SyndLink signed = new SyndLinkImpl();
            signed.setRel("alternate");
            signed.setType("application/json");
            signed.setHref(base + "/statements/" + statement.id().hex());
            entry.setLinks(List.of(signed));
            entry.setLink(signed.getHref());
            entries.add(entry);
        }
        feed.setEntries(entries);
        try {
            return new SyndFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("the feed does not render: " + e.getMessage(), e);
        }
    }

    /** The same as JSON Feed 1.1, each item carrying its whole signed document under {@code _hotline}. */
    public Map<String, Object> json(String base) throws IOException {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", "https://jsonfeed.org/version/1.1");
        feed.put("title", identity.name() + ": statements");
        feed.put("feed_url", base + "/feed.json");
        List<Map<String, Object>> items = new ArrayList<>();
        for (Statement statement : recent()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "urn:hotline:statement:" + statement.id().hex());
            item.put("url", base + "/statements/" + statement.id().hex());
            item.put("title", statement.title());
            item.put("content_text", statement.text());
            item.put("date_published", statement.published().toString());
            item.put("language", statement.lang());
            item.put("authors", List.of(Map.of("name", statement.principal() + ", " + statement.stationName())));
            item.put("_hotline", JSON.readTree(statement.encode()));
            items.add(item);
        }
        feed.put("items", items);
        return feed;
    }
}
