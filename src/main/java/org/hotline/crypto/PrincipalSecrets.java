package org.hotline.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.hotline.protocol.SealingPublicKey;
import org.hotline.protocol.SigningKey;
import org.hotline.protocol.VerifyingKey;

/**
 * A principal's private keys: the Ed25519 key that signs letters and the X25519 key letters are
 * sealed to. At rest they are locked under the principal's passphrase: Argon2id (the cost travels
 * in the blob) derives a 256-bit key, AES-256-GCM encrypts both private halves, and the header,
 * the principal's name and both public keys are authenticated with them, so a locked blob cannot
 * be passed off as another principal's or another key's. {@link #toString()} never shows a secret.
 */
public final class PrincipalSecrets {
    private static final byte[] MAGIC = "HLPK1".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT = 16;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int SECRET = 64;
    private static final int HEADER = MAGIC.length + 4 + 1 + 1 + SALT + NONCE;

    private final SigningKey signing;
    private final X25519PrivateKeyParameters sealing;

    private PrincipalSecrets(SigningKey signing, X25519PrivateKeyParameters sealing) {
        this.signing = signing;
        this.sealing = sealing;
    }

    public static PrincipalSecrets generate(SecureRandom random) {
        return new PrincipalSecrets(SigningKey.generate(random), new X25519PrivateKeyParameters(random));
    }

    public SigningKey signing() {
        return signing;
    }

    public VerifyingKey signingPublic() {
        return signing.verifyingKey();
    }

    /** The X25519 private key, for opening letters (HPKE). */
    public X25519PrivateKeyParameters sealing() {
        return sealing;
    }

    public SealingPublicKey sealingPublic() {
        return SealingPublicKey.of(sealing.generatePublicKey().getEncoded());
    }

    /** Both private halves locked under {@code passphrase} for {@code name}. */
    public byte[] lock(String name, char[] passphrase, Passwords.Cost cost, SecureRandom random) {
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.put(MAGIC).putInt(cost.memoryKiB()).put((byte) cost.iterations()).put((byte) cost.parallelism()).put(salt).put(nonce);
        byte[] secret = new byte[SECRET];
        byte[] seed = signing.seed();
        System.arraycopy(seed, 0, secret, 0, 32);
        sealing.encode(secret, 32);
        Arrays.fill(seed, (byte) 0);
        byte[] key = Passwords.argon2id(passphrase, salt, cost, 32);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header.array());
            cipher.updateAAD(binding(name, signingPublic(), sealingPublic()));
            byte[] sealed = cipher.doFinal(secret);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header.array());
            out.writeBytes(sealed);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The passphrase does not open the blob, or the blob was changed. */
    public static final class WrongPassphraseException extends Exception {
        private static final long serialVersionUID = 1L;

        WrongPassphraseException(String message) {
            super(message);
        }
    }

    /** Derives the key that locks a principal's keys: Argon2id, here in the CLI's own process, or the station's bounded pool. */
    @FunctionalInterface
    public interface Kdf {
        byte[] derive(char[] passphrase, byte[] salt, Passwords.Cost cost, int length);
    }

    /**
     * The Argon2 cost a locked blob names, checked against {@link Passwords#MAXIMUM}: the station
     * refuses to store a blob it would refuse to open.
     *
     * @throws IllegalArgumentException if the blob is not a locked key or names a cost out of range
     */
    public static Passwords.Cost lockedCost(byte[] locked) {
        if (locked.length != HEADER + SECRET + TAG_BITS / 8 || !MessageDigest.isEqual(Arrays.copyOf(locked, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("this is not a locked principal key");
        }
        ByteBuffer header = ByteBuffer.wrap(locked, MAGIC.length, 6);
        return Passwords.within(new Passwords.Cost(header.getInt(), header.get(), header.get()));
    }

    /**
     * Opens a locked blob of {@code name}'s keys, which must be the given public keys, with
     * Argon2id in this thread (the CLI, on the principal's own machine).
     *
     * @throws WrongPassphraseException when the passphrase is wrong or anything in the blob was changed
     * @throws Passwords.CostTooHighException when the blob asks for more than {@link Passwords#MAXIMUM}
     */
    public static PrincipalSecrets unlock(byte[] locked, String name, VerifyingKey signingPublic, SealingPublicKey sealingPublic,
            char[] passphrase) throws WrongPassphraseException {
        return unlock(locked, name, signingPublic, sealingPublic, passphrase, Passwords::argon2id);
    }

    /** As {@link #unlock(byte[], String, VerifyingKey, SealingPublicKey, char[])}, deriving the key with {@code kdf}. */
    public static PrincipalSecrets unlock(byte[] locked, String name, VerifyingKey signingPublic, SealingPublicKey sealingPublic,
            char[] passphrase, Kdf kdf) throws WrongPassphraseException {
        if (locked.length != HEADER + SECRET + TAG_BITS / 8 || !MessageDigest.isEqual(Arrays.copyOf(locked, MAGIC.length), MAGIC)) {
            throw new WrongPassphraseException("this is not a locked principal key");
        }
        ByteBuffer header = ByteBuffer.wrap(locked, 0, HEADER);
        header.position(MAGIC.length);
        Passwords.Cost cost;
        try {
            cost = new Passwords.Cost(header.getInt(), header.get(), header.get());
        } catch (IllegalArgumentException e) {
            throw new WrongPassphraseException("the locked key names an unreasonable cost: " + e.getMessage());
        }
        // Before any work: a blob that asks for a GiB is refused, not run.
        Passwords.within(cost);
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        header.get(salt).get(nonce);
        byte[] key = kdf.derive(passphrase, salt, cost, 32);
        byte[] secret = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(locked, 0, HEADER);
            cipher.updateAAD(binding(name, signingPublic, sealingPublic));
            secret = cipher.doFinal(locked, HEADER, locked.length - HEADER);
            PrincipalSecrets opened = new PrincipalSecrets(SigningKey.fromSeed(Arrays.copyOf(secret, 32)),
                    new X25519PrivateKeyParameters(secret, 32));
            if (!opened.signingPublic().equals(signingPublic) || !opened.sealingPublic().equals(sealingPublic)) {
                throw new WrongPassphraseException("the locked key does not match its public keys");
            }
            return opened;
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException("wrong passphrase (or the locked key was changed)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    private static byte[] binding(String name, VerifyingKey signingPublic, SealingPublicKey sealingPublic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(signingPublic.bytes());
        out.writeBytes(sealingPublic.bytes());
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "PrincipalSecrets[" + signingPublic() + "]";
    }
}
