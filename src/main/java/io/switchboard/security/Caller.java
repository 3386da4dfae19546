package io.switchboard.security;

import java.util.List;

/**
 * Who a request was authenticated as: a user, or an API key of a user ({@code apiKeyId} set). A superuser may do
 * anything, in every space, including managing users, roles and keys.
 */
public record Caller(String username, List<String> roles, String apiKeyId, String apiKeyName, boolean superuser,
                     Grants grants) {

    public Caller {
        roles = List.copyOf(roles);
    }

    public Access access(String space) {
        return superuser ? Access.ALL : grants.in(space);
    }

    public boolean isApiKey() {
        return apiKeyId != null;
    }

    @Override
    public String toString() {
        return isApiKey() ? "api key [" + apiKeyId + "] of user [" + username + "]" : "user [" + username + "]";
    }
}
