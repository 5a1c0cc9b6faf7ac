package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.hotline.crypto.PrincipalSecrets;
import org.hotline.protocol.SealingPublicKey;
import org.hotline.protocol.VerifyingKey;

/** A principal's keys, fetched locked from the station and unlocked here, in the principal's own process. */
final class LockedKeys {
    private LockedKeys() {}

    /**
     * Fetches the locked keys (the generation with {@code sealing}, else the current one), asks for
     * the passphrase with {@code prompt}, and unlocks them; the passphrase is wiped either way.
     */
    static PrincipalSecrets unlock(ApiClient api, String name, Optional<SealingPublicKey> sealing, boolean stdin, String prompt)
            throws CliException {
        String query = sealing.map(key -> "?sealing=" + java.net.URLEncoder.encode(key.base64(), StandardCharsets.UTF_8)).orElse("");
        JsonNode locked = api.get("api/v1/principals/" + PathSegments.encode(name) + "/locked-key" + query);
        char[] passphrase = PasswordInput.read(stdin, prompt + " for " + name + "'s keys", false, PasswordInput.PASSPHRASE_STDIN);
        try {
            return PrincipalSecrets.unlock(Base64.getDecoder().decode(locked.path("locked").asText()), name,
                    VerifyingKey.fromBase64(locked.path("signing").asText()), SealingPublicKey.fromBase64(locked.path("sealing").asText()),
                    passphrase);
        } catch (PrincipalSecrets.WrongPassphraseException e) {
            throw new CliException(e.getMessage());
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
