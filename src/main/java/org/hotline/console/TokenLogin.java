package org.hotline.console;

import java.util.Optional;
import org.hotline.crypto.Tokens;
import org.hotline.store.ApiToken;
import org.hotline.store.Role;
import org.hotline.store.Store;

/** Signs in with an API token's name as the user and its secret as the password. */
public final class TokenLogin implements ConsoleLogin {
    private final Store store;

    public TokenLogin(Store store) {
        this.store = store;
    }

    @Override
    public Optional<Role> login(String user, char[] password) {
        Optional<ApiToken> token = store.token(Tokens.hashOf(new String(password)));
        return token.filter(t -> t.name().equals(user)).map(ApiToken::role);
    }
}
