package io.switchboard.security;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The {@link Access} granted per space, and in every space ({@code "*"}). */
public record Grants(Map<String, Access> spaces, Access everywhere) {

    public static final String EVERY_SPACE = "*";
    public static final Grants NONE = new Grants(Map.of(), Access.NONE);
    public static final Grants ALL = new Grants(Map.of(), Access.ALL);

    public Grants {
        spaces = Map.copyOf(spaces);
    }

    public Access in(String space) {
        return Access.most(spaces.getOrDefault(space, Access.NONE), everywhere);
    }

    /** The union of two sets of grants: what either allows. */
    public Grants plus(Grants other) {
        Map<String, Access> merged = new HashMap<>(spaces);
        other.spaces.forEach((space, access) -> merged.merge(space, access, Access::most));
        return new Grants(merged, Access.most(everywhere, other.everywhere));
    }

    /** The intersection: what both allow, as an API key holds at most what its owner holds. */
    public Grants limitedBy(Grants other) {
        Set<String> named = new HashSet<>(spaces.keySet());
        named.addAll(other.spaces.keySet());
        Map<String, Access> both = new HashMap<>();
        for (String space : named) {
            both.put(space, Access.least(in(space), other.in(space)));
        }
        return new Grants(both, Access.least(everywhere, other.everywhere));
    }

    static Grants of(Iterable<String> spaceIds, Access access) {
        Map<String, Access> granted = new HashMap<>();
        Access everywhere = Access.NONE;
        for (String space : spaceIds) {
            if (EVERY_SPACE.equals(space)) {
                everywhere = access;
            } else {
                granted.merge(space, access, Access::most);
            }
        }
        return new Grants(granted, everywhere);
    }
}
