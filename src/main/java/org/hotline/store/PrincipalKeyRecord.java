package org.hotline.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.hotline.protocol.PrincipalKey;
import org.hotline.protocol.SealingPublicKey;
import org.hotline.protocol.VerifyingKey;

/**
 * One generation of one of our principals' keys: the public halves, the private halves locked
 * under the principal's passphrase, and for a rotation the old key's signature over the new keys.
 */
public record PrincipalKeyRecord(String name, int generation, VerifyingKey signing, SealingPublicKey sealing, byte[] locked,
        Optional<PrincipalKey.Signature> rotation, Instant createdAt, Optional<Instant> retiredAt) {
    public PrincipalKeyRecord {
        requireNonNull(name, "name is null");
        requireNonNull(signing, "signing is null");
        requireNonNull(sealing, "sealing is null");
        requireNonNull(locked, "locked is null");
        requireNonNull(rotation, "rotation is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(retiredAt, "retiredAt is null");
        locked = locked.clone();
    }

    @Override
    public byte[] locked() {
        return locked.clone();
    }

    public String fingerprint() {
        return PrincipalKey.fingerprint(signing, sealing);
    }

    @Override
    public String toString() {
        return "PrincipalKeyRecord[" + name + " #" + generation + " " + fingerprint() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PrincipalKeyRecord that && name.equals(that.name) && generation == that.generation
                && signing.equals(that.signing) && sealing.equals(that.sealing) && java.util.Arrays.equals(locked, that.locked)
                && rotation.equals(that.rotation) && createdAt.equals(that.createdAt) && retiredAt.equals(that.retiredAt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, generation, signing);
    }
}
