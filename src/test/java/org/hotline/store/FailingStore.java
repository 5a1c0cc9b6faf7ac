package org.hotline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.protocol.Hash;
import org.hotline.protocol.LineId;
import org.hotline.protocol.StationId;

/** A store whose commits fail on demand, as a full disk makes them fail. Everything else is real. */
public final class FailingStore implements Store {
    private final Store delegate;
    private volatile boolean failCommits;
    private volatile java.util.function.Predicate<WriteBatch> failWhen = batch -> false;

    public FailingStore(Store delegate) {
        this.delegate = delegate;
    }

    public void failCommits(boolean fail) {
        this.failCommits = fail;
    }

    /** Fails only the commits this predicate picks out, as a disk filling at the wrong moment would. */
    public void failCommitsWhen(java.util.function.Predicate<WriteBatch> predicate) {
        this.failWhen = predicate;
    }

    @Override
    public void commit(WriteBatch batch) {
        if (failCommits || failWhen.test(batch)) {
            throw new IllegalStateException("[SQLITE_FULL] database or disk is full (disk full)");
        }
        delegate.commit(batch);
    }

    @Override public void insertLine(LineRecord line) { delegate.insertLine(line); }
    @Override public List<LineRecord> lines() { return delegate.lines(); }
    @Override public Optional<LineRecord> line(LineId id) { return delegate.line(id); }
    @Override public Optional<LineRecord> lineByName(String name) { return delegate.lineByName(name); }
    @Override public List<StoredEntry> chain(LineId line, StationId author, long afterSeq, int limit) { return delegate.chain(line, author, afterSeq, limit); }
    @Override public List<StoredEntry> transcript(LineId line, long afterPosition, int limit) { return delegate.transcript(line, afterPosition, limit); }
    @Override public Optional<Hash> entryHash(LineId line, StationId author, long seq) { return delegate.entryHash(line, author, seq); }
    @Override public List<ChainHead> chainHeads() { return delegate.chainHeads(); }
    @Override public long lastPosition(LineId line) { return delegate.lastPosition(line); }
    @Override public Optional<StoredReceipt> latestReceipt(LineId line) { return delegate.latestReceipt(line); }
    @Override public Optional<StoredReceipt> receiptCovering(LineId line, long seq) { return delegate.receiptCovering(line, seq); }
    @Override public Optional<StoredCheckpoint> latestCheckpoint(LineId line) { return delegate.latestCheckpoint(line); }
    @Override public List<Evidence> evidence(LineId line) { return delegate.evidence(line); }
    @Override public List<StoredEntry> entriesOfTypes(LineId line, java.util.Set<String> types) { return delegate.entriesOfTypes(line, types); }
    @Override public List<Draft> drafts(LineId line, int limit) { return delegate.drafts(line, limit); }
    @Override public DraftCount draftCount(LineId line) { return delegate.draftCount(line); }
    @Override public void insertInvitation(Invitation invitation) { delegate.insertInvitation(invitation); }
    @Override public Optional<Invitation> invitation(LineId line) { return delegate.invitation(line); }
    @Override public boolean anyInvitationOpen(Instant now) { return delegate.anyInvitationOpen(now); }
    @Override public boolean redeemInvitation(LineId line, StationId by, Instant at, LineRecord opened) { return delegate.redeemInvitation(line, by, at, opened); }
    @Override public void insertToken(ApiToken token) { delegate.insertToken(token); }
    @Override public Optional<ApiToken> token(Hash tokenHash) { return delegate.token(tokenHash); }
    @Override public List<ApiToken> tokens(Optional<String> user) { return delegate.tokens(user); }
    @Override public boolean revokeToken(String id, Optional<String> user, Instant at) { return delegate.revokeToken(id, user, at); }
    @Override public boolean removeUser(String name, Instant at) { return delegate.removeUser(name, at); }
    @Override public boolean setUserRole(String name, Role role) { return delegate.setUserRole(name, role); }
    @Override public Optional<RequestKey> requestKey(String key) { return delegate.requestKey(key); }
    @Override public boolean insertUser(User user) { return delegate.insertUser(user); }
    @Override public Optional<User> user(String name) { return delegate.user(name); }
    @Override public List<User> users() { return delegate.users(); }
    @Override public boolean insertPrincipalKey(PrincipalKeyRecord key) { return delegate.insertPrincipalKey(key); }
    @Override public List<PrincipalKeyRecord> principalKeys(String name) { return delegate.principalKeys(name); }
    @Override public List<PrincipalKeyRecord> currentPrincipalKeys() { return delegate.currentPrincipalKeys(); }
    @Override public boolean insertStatement(String id, Instant publishedAt, byte[] document) { return delegate.insertStatement(id, publishedAt, document); }
    @Override public List<byte[]> statements(int limit) { return delegate.statements(limit); }
    @Override public Optional<byte[]> statement(String id) { return delegate.statement(id); }
    @Override public void close() { delegate.close(); }
}
